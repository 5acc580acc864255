"""A township office's window: its own pages instead of the village's, and enrolling a village
from the overview (the first enrollment makes the office's keys with a passphrase asked twice)."""

from __future__ import annotations

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, with_store

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.exchange import queries
from carepoint.exchange.enrollment import read_enrollment
from carepoint.exchange.keys import township_has_keys

from ui.main_window import MainWindow
from ui.township.overview_page import OverviewPage


def _press_ok(qtbot, dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


TOWNSHIP_PAGES = ["overview", "import", "flags", "conflicts", "reports", "settings"]


def _township_without_keys(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CAREPOINT_PASSPHRASE")  # and no terminal: the keys wait for enrollment
    folder = tmp_path / "township"
    cli(capsys, "--data-dir", folder, "init", "--village-code", "321183104",
        "--village-name", "白兔镇", "--role", "township")  # fmt: skip
    return folder


def test_a_township_office_gets_its_own_pages_and_each_one_opens(qtbot, office, open_context):
    window = MainWindow(open_context(office.folder))
    qtbot.addWidget(window)
    window.show()

    assert [spec.key for spec in window.pages] == TOWNSHIP_PAGES
    assert window.current_page_key() == "overview"
    for key in TOWNSHIP_PAGES:
        assert window.page(key) is not None
    window.close()


def test_a_village_window_has_the_data_exchange_page_before_settings(qtbot, office, open_context):
    window = MainWindow(open_context(office.village(*TAOYUAN)))
    qtbot.addWidget(window)

    keys = [spec.key for spec in window.pages]
    assert keys[-2:] == ["exchange", "settings"]
    assert "overview" not in keys
    window.close()


def test_the_first_enrollment_asks_for_a_new_passphrase_twice_and_writes_the_file(
    qtbot, show, tmp_path, capsys, monkeypatch, open_context, file_dialogs, type_chinese
):
    context = open_context(_township_without_keys(tmp_path, capsys, monkeypatch))
    page = show(OverviewPage(context))
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    dialog = page.enroll_dialog
    qtbot.keyClicks(dialog.code, TAOYUAN[0])
    type_chinese(dialog.name, TAOYUAN[1])
    file_dialogs.folder = tmp_path / "U盘"
    file_dialogs.folder.mkdir()  # a folder dialog only returns a folder that is there
    qtbot.mouseClick(dialog.destination.choose_button, Qt.MouseButton.LeftButton)

    _press_ok(qtbot, dialog)
    ask = dialog.passphrase_dialog
    qtbot.keyClicks(ask.field, "first-passphrase")
    qtbot.keyClicks(ask.again, "other-passphrase")
    _press_ok(qtbot, ask)

    assert ask.isVisible() and ask.message.text()
    assert not township_has_keys(context.store)

    qtbot.keyClicks(ask.field, "first-passphrase")
    qtbot.keyClicks(ask.again, "first-passphrase")
    _press_ok(qtbot, ask)
    assert dialog.work.isVisible()  # the keys are sealed on a worker (scrypt), not the GUI thread
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    written = read_enrollment(tmp_path / "U盘" / dialog.file_name())
    assert (written.village_code, written.village_name) == TAOYUAN
    assert township_has_keys(context.store)
    assert page.codes == [TAOYUAN[0]]


def test_enrolling_onto_a_usb_drive_pulled_out_says_so_and_enrolls_nobody(
    qtbot, show, office, open_context, file_dialogs, type_chinese
):
    context = open_context(office.folder)
    page = show(OverviewPage(context))
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    dialog = page.enroll_dialog
    qtbot.keyClicks(dialog.code, TAOYUAN[0])
    type_chinese(dialog.name, TAOYUAN[1])
    usb = office.root / "U盘"
    usb.mkdir()
    file_dialogs.folder = usb
    qtbot.mouseClick(dialog.destination.choose_button, Qt.MouseButton.LeftButton)
    usb.rmdir()  # the drive is pulled out

    _press_ok(qtbot, dialog)

    assert dialog.isVisible() and str(usb) in dialog.message.text()
    assert not usb.exists()
    assert page.codes == [] and queries.villages(context.store) == []


def test_what_another_desk_imported_shows_when_the_clerk_comes_back_to_a_page(
    qtbot, office, open_context
):
    """Two desks on one office database (on SQLite: the command line beside the open window):
    the clerk sees the other desk's import once they show a page, without restarting."""
    village = office.village(*TAOYUAN)
    with_store(village, lambda store: add(store, "张三", sequence=1))
    package = office.export(village)
    window = MainWindow(open_context(office.folder))
    qtbot.addWidget(window)
    window.show()
    overview = window.page("overview")
    row = overview.codes.index(TAOYUAN[0])
    waiting = overview.table.item(row, 2).text()

    office.run("sync", "import", package)  # the other desk
    assert overview.table.item(row, 2).text() == waiting  # nothing told this window yet

    window.page("import")
    window.page("overview")
    assert overview.table.item(overview.codes.index(TAOYUAN[0]), 2).text() == "1"
    window.close()


def test_a_window_that_looks_again_with_nothing_new_reloads_nothing(qtbot, office, open_context):
    window = MainWindow(open_context(office.folder))
    qtbot.addWidget(window)
    window.show()
    heard = []
    window.context.changes.changed.connect(heard.append)
    window.page("import")
    window.page("overview")
    assert heard == []
    window.close()
