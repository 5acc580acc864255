"""本村密钥 on the village's exchange page, driven as its administrator would: print the 入网确认单,
set the recovery passphrase (the signing key is then locked, the 密钥恢复单 saved), and send
packages, the passphrase asked at the first one only; a viewer can do none of it."""

from __future__ import annotations

import re

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store
from exchange_gui_fixtures import click
from pypdf import PdfReader

from PySide6.QtCore import Qt

from carepoint.exchange import keys
from carepoint.exchange.confirmation import own_digits
from carepoint.permissions import NotPermitted

from ui.exchange.page import ExchangePage

RECOVERY = "taoyuan-recovery-2026"  # typed into a password field: keys only, so ASCII


def _text(pdf) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture
def village(office):
    folder = office.village(*TAOYUAN)
    with_store(folder, lambda s: add(s, "张三", sequence=1))
    return folder


def _set_recovery(qtbot, page, type_chinese):
    click(qtbot, page.key_box.recovery_button)
    dialog = page.key_box.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, RECOVERY)
    qtbot.keyClicks(dialog.again, RECOVERY)
    type_chinese(dialog.kept, "村委会保险柜")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    return dialog


def test_the_slip_shows_the_keys_fingerprint(
    qtbot, show, village, open_context, file_dialogs, tmp_path
):
    page = show(ExchangePage(open_context(village)))
    digits = with_store(village, own_digits)
    assert digits in page.key_box.state.text()
    file_dialogs.save = tmp_path / "入网确认单.pdf"
    click(qtbot, page.key_box.slip_button)
    text = _text(file_dialogs.save)
    assert "入网确认单" in text
    assert " ".join(re.findall(r"(?<!\d)\d{5}(?!\d)", text)[:8]) == digits


def test_the_recovery_passphrase_locks_the_key_and_the_sheet_says_where_it_is_kept(
    qtbot, show, village, open_context, file_dialogs, tmp_path, type_chinese
):
    context = open_context(village)
    page = show(ExchangePage(context))
    file_dialogs.save = tmp_path / "密钥恢复单.pdf"
    dialog = _set_recovery(qtbot, page, type_chinese)

    assert keys.sign_key_locked(context.store)
    assert dialog.sheet == file_dialogs.save
    text = _text(file_dialogs.save)
    assert "密钥恢复单" in text and "村委会保险柜" in text and RECOVERY not in text
    assert "恢复口令" in page.key_box.state.text()

    # Sending asks the passphrase at the first package only
    (tmp_path / "usb").mkdir()
    page.destination.set_folder(tmp_path / "usb")
    click(qtbot, page.export_button)
    ask = page.passphrase_dialog
    qtbot.waitUntil(ask.isVisible)
    qtbot.keyClicks(ask.field, "not-the-passphrase")
    qtbot.keyClick(ask.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.checking, timeout=30_000)
    assert ask.isVisible() and ask.message.text()
    qtbot.keyClicks(ask.field, RECOVERY)
    qtbot.keyClick(ask.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.isVisible() and not page.work.busy, timeout=30_000)
    assert len(list((tmp_path / "usb").glob("*.cpkg"))) == 1, page.message.text()
    qtbot.waitUntil(lambda: not page.work.busy, timeout=30_000)

    click(qtbot, page.export_button)  # no second question this session
    qtbot.waitUntil(lambda: len(list((tmp_path / "usb").glob("*.cpkg"))) == 2, timeout=30_000)
    assert page.passphrase_dialog is ask
    qtbot.waitUntil(lambda: not page.work.busy, timeout=30_000)


def test_a_viewer_cannot_set_the_recovery_passphrase(qtbot, show, village, open_context):
    context = open_context(village, role="viewer")
    page = show(ExchangePage(context))
    assert not page.key_box.recovery_button.isEnabled()
    with pytest.raises(NotPermitted):
        keys.set_recovery_passphrase(context.store, RECOVERY, actor=context.session)
    assert not keys.sign_key_locked(context.store)
