"""确认村密钥, driven as the township's clerk would: the packages held since a copied enrollment
file sent one beside the real village's, the digits compared with the 入网确认单, the real key
confirmed once the clerk has typed its digits from the paper (its package imported, the
stranger's thrown away), wrong digits refused, or every held package refused; a viewer can do
neither; the passphrase opens the key on a worker while a busy bar moves."""

from __future__ import annotations

import re

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store
from exchange_gui_fixtures import GUI_PASSPHRASE as PASSPHRASE
from exchange_gui_fixtures import click

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from carepoint.exchange import crypto
from carepoint.exchange.confirmation import confirm_village, held_packages, own_digits
from carepoint.permissions import NotPermitted

from ui.township.import_page import TownshipImportPage


@pytest.fixture
def held(office, tmp_path):
    """The real 桃园村 and a PC set up with a copy of its enrollment file each sent a package,
    both held at the township; returns (real folder, the digits on its 入网确认单)."""
    real = office.village(*TAOYUAN, confirmed=False)
    fake = office.copied_village(*TAOYUAN, tmp_path / "fake")
    with_store(real, lambda s: add(s, "张三", sequence=1))
    with_store(fake, lambda s: add(s, "冒名", sequence=2))
    office.run("sync", "import", office.export(fake))  # both are called 桃园村's package 1
    office.run("sync", "import", office.export(real))
    return real, with_store(real, own_digits)


def _open_dialog(qtbot, show, context):
    page = show(TownshipImportPage(context))
    assert page.confirm_keys_button.text() == "待确认的村密钥（2）…"
    click(qtbot, page.confirm_keys_button)
    dialog = page.confirm_dialog
    qtbot.waitUntil(dialog.isVisible)
    return page, dialog


def _choose(qtbot, dialog, digits: str) -> None:
    """Click the line whose digits are the ones on the paper."""
    row = [key[2] for key in dialog.keys].index(digits)
    cell = dialog.table.visualItemRect(dialog.table.item(row, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert dialog.digits.text() == digits


def _type_from_slip(qtbot, dialog, slip: str) -> None:
    """The clerk types from the paper slip, with the spaces and dashes people put in."""
    qtbot.keyClicks(dialog.typed, slip)


def _named_groups(dialog, slip: str) -> str:
    """The groups the dialog asks for ("第2、5、7组"), read off the paper slip's 8 groups."""
    named = re.search(r"第(\d)、(\d)、(\d)组", dialog.ask.text())
    assert named, dialog.ask.text()
    groups = slip.split()
    return " - ".join(groups[int(n) - 1] for n in named.groups())


def _confirm_with_passphrase(qtbot, dialog) -> None:
    """Click 确认, type the township's passphrase when asked, wait for the work to end."""
    click(qtbot, dialog.confirm_button)
    ask = dialog.passphrase_dialog
    qtbot.waitUntil(ask.isVisible)
    qtbot.keyClicks(ask.field, PASSPHRASE)
    qtbot.keyClick(ask.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.checking and not dialog.work.busy, timeout=30_000)


def _residents(context) -> list[str]:
    return [r[0] for r in context.store.db.execute_sql("SELECT name FROM tw_resident")]


def test_the_clerk_confirms_the_key_whose_digits_match_the_paper(
    qtbot, show, office, held, open_context
):
    _real, digits = held
    context = open_context(office.folder)
    page, dialog = _open_dialog(qtbot, show, context)
    assert dialog.table.rowCount() == 2 and _residents(context) == []
    assert "2 个不同的密钥" in dialog.several.text(), dialog.several.text()
    _choose(qtbot, dialog, digits)
    assert not dialog.confirm_button.isEnabled()  # seeing the digits is not enough

    _type_from_slip(qtbot, dialog, digits.replace(" ", "-"))
    assert dialog.confirm_button.isEnabled(), dialog.check.text()
    _confirm_with_passphrase(qtbot, dialog)

    assert "已确认" in dialog.message.text(), dialog.message.text()
    assert _residents(context) == ["张三"]
    assert dialog.table.rowCount() == 0 and held_packages(context.store) == []
    dialog.close()
    assert not page.confirm_keys_button.isEnabled()


def test_the_three_groups_the_dialog_names_are_enough(qtbot, show, office, held, open_context):
    _real, digits = held
    context = open_context(office.folder)
    _page, dialog = _open_dialog(qtbot, show, context)
    _choose(qtbot, dialog, digits)
    _type_from_slip(qtbot, dialog, _named_groups(dialog, digits))
    assert dialog.confirm_button.isEnabled(), dialog.check.text()
    assert "相符" in dialog.check.text()


def test_digits_that_are_not_the_chosen_keys_are_refused_and_change_nothing(
    qtbot, show, office, held, open_context
):
    _real, digits = held
    context = open_context(office.folder)
    _page, dialog = _open_dialog(qtbot, show, context)
    stranger = next(key[2] for key in dialog.keys if key[2] != digits)
    _choose(qtbot, dialog, stranger)
    # The slip's digits typed on the stranger's line: the first and last groups may be ground to
    # match, the whole does not
    _type_from_slip(qtbot, dialog, digits)
    assert not dialog.confirm_button.isEnabled()
    assert "不是这个密钥的" in dialog.check.text(), dialog.check.text()
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # a greyed button
    assert dialog.passphrase_dialog is None
    # One digit wrong in a named group is refused too
    _choose(qtbot, dialog, digits)
    groups = _named_groups(dialog, digits)
    slip = groups[:-1] + str((int(groups[-1]) + 1) % 10)
    _type_from_slip(qtbot, dialog, slip)
    assert not dialog.confirm_button.isEnabled()
    assert "不是这个密钥的" in dialog.check.text(), dialog.check.text()
    assert len(held_packages(context.store)) == 2 and _residents(context) == []


def test_the_clerk_refuses_held_packages_whose_digits_differ(
    qtbot, show, office, held, open_context, answer_message_box
):
    _real, digits = held
    context = open_context(office.folder)
    _page, dialog = _open_dialog(qtbot, show, context)
    stranger = next(key[2] for key in dialog.keys if key[2] != digits)
    _choose(qtbot, dialog, stranger)

    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, dialog.refuse_button)

    assert "2" in seen[0]  # both packages held for 桃园村 go
    assert dialog.table.rowCount() == 0 and held_packages(context.store) == []
    assert _residents(context) == []


def test_a_viewer_sees_the_held_keys_but_cannot_confirm_or_refuse(
    qtbot, show, office, held, open_context
):
    _real, digits = held
    context = open_context(office.folder, role="viewer")
    _page, dialog = _open_dialog(qtbot, show, context)
    assert dialog.table.rowCount() == 2
    assert not dialog.confirm_button.isEnabled() and not dialog.refuse_button.isEnabled()
    with pytest.raises(NotPermitted):
        confirm_village(context.store, TAOYUAN[0], digits, PASSPHRASE, actor=context.session)
    assert len(held_packages(context.store)) == 2


def test_the_passphrase_opens_the_key_on_a_worker_while_a_busy_bar_moves(
    qtbot, show, office, held, open_context
):
    _real, digits = held
    context = open_context(office.folder)
    _page, dialog = _open_dialog(qtbot, show, context)
    _choose(qtbot, dialog, digits)
    _type_from_slip(qtbot, dialog, digits)
    click(qtbot, dialog.confirm_button)
    ask = dialog.passphrase_dialog
    qtbot.waitUntil(ask.isVisible)
    qtbot.keyClicks(ask.field, PASSPHRASE)
    crypto._scrypt_key.cache_clear()  # the set-up's import opened the key in this process
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(ask.busy.isVisible()))
    timer.start(20)
    qtbot.keyClick(ask.field, Qt.Key.Key_Return)
    assert ask.checking and ask.busy.isVisible() and not ask.buttons.isEnabled()
    qtbot.waitUntil(lambda: not ask.checking, timeout=30_000)
    timer.stop()
    # The GUI thread went on serving events while scrypt ran (a blocked one would tick never)
    assert ticks.count(True) >= 2, ticks
    qtbot.waitUntil(lambda: not dialog.work.busy, timeout=30_000)


def test_a_key_another_desk_confirmed_meanwhile_is_refused_saying_so_once(
    qtbot, show, office, held, open_context
):
    """Two clerks at two desks: the key is confirmed at the other desk (here the command line)
    while this clerk types the digits; this one is told who did it, and that nothing was changed
    — once, not twice."""
    _real, digits = held
    context = open_context(office.folder)
    _page, dialog = _open_dialog(qtbot, show, context)
    _choose(qtbot, dialog, digits)
    _type_from_slip(qtbot, dialog, digits)
    office.run("township", "confirm", TAOYUAN[0], "--fingerprint", digits, lang="zh_CN")
    _confirm_with_passphrase(qtbot, dialog)

    said = dialog.message.text()
    assert "已确认" not in said or "已由" in said, said
    nothing_changed = ("未作任何更改", "未做任何更改", "没有做任何更改")
    assert sum(said.count(phrase) for phrase in nothing_changed) == 1, said
    assert _residents(context) == ["张三"]  # imported once, by the other desk
