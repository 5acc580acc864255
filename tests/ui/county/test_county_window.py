"""A county office's window: its own pages, townships and villages side by side, and importing a
township's container by picking the file and typing the county's passphrase."""

from __future__ import annotations

from builders import add
from county.county_helpers import BAITU, County
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store
from exchange_gui_fixtures import GUI_PASSPHRASE, click, column

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from ui.county.overview_page import CountyOverviewPage
from ui.main_window import MainWindow


def _forwarded(tmp_path, capsys):
    county = County(tmp_path, capsys)
    baitu = county.township(*BAITU)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    with_store(taoyuan, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    with_store(liyuan, lambda s: add(s, "王五", sequence=5))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))
    return county, county.forward(baitu)


def _type_passphrase(qtbot, text):
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        qtbot.keyClicks(dialog.findChild(QLineEdit), text)
        dialog.accept()

    QTimer.singleShot(50, answer)


def test_a_county_window_has_its_own_pages(qtbot, tmp_path, capsys, open_context):
    county = County(tmp_path, capsys)
    window = MainWindow(open_context(county.folder))
    qtbot.addWidget(window)
    assert [spec.key for spec in window.pages] == ["overview", "reports", "settings"]
    for key in ("overview", "reports", "settings"):
        assert window.page(key) is not None
    window.close()


def test_the_clerk_imports_a_container_and_sees_the_township_over_its_villages(
    qtbot, show, tmp_path, capsys, open_context, file_dialogs, answer_message_box
):
    county, container = _forwarded(tmp_path, capsys)
    page = CountyOverviewPage(open_context(county.folder))
    show(page)
    assert page.table.rowCount() == 1  # 白兔镇 enrolled, nothing from it yet

    file_dialogs.files = [container]
    seen = answer_message_box()
    _type_passphrase(qtbot, GUI_PASSPHRASE)
    click(qtbot, page.import_button)
    assert not page.import_button.isEnabled()  # the import runs on a worker meanwhile
    qtbot.waitUntil(page.import_button.isEnabled, timeout=60_000)

    assert seen and "2" in seen[0]
    page.month.setCurrentText("2026-11")
    assert column(page.table, 0) == [BAITU[0], TAOYUAN[0], LIYUAN[0]]
    assert column(page.table, 3) == ["3", "2", "1"]


def test_a_wrong_county_passphrase_is_said_and_nothing_is_imported(
    qtbot, show, tmp_path, capsys, open_context, file_dialogs, answer_message_box
):
    county, container = _forwarded(tmp_path, capsys)
    page = CountyOverviewPage(open_context(county.folder))
    show(page)
    file_dialogs.files = [container]
    seen = answer_message_box()
    _type_passphrase(qtbot, "not-the-county-passphrase")
    click(qtbot, page.import_button)
    qtbot.waitUntil(page.import_button.isEnabled, timeout=60_000)

    assert seen and "口令" in seen[0], seen
    assert page.message.text() == seen[0]
    page.month.setCurrentText("2026-11")
    assert column(page.table, 0) == [BAITU[0]]  # the township only: no village came in


def test_the_county_enrolls_a_township_from_its_window_and_the_township_joins_with_the_file(
    qtbot, show, tmp_path, capsys, open_context, file_dialogs, type_chinese
):
    from exchange.exchange_helpers import Office

    from PySide6.QtWidgets import QDialogButtonBox

    county = County(tmp_path, capsys)
    page = CountyOverviewPage(open_context(county.folder))
    show(page)
    click(qtbot, page.enroll_button)
    dialog = page.enroll_dialog
    assert dialog.windowTitle() == "登记乡镇"
    qtbot.keyClicks(dialog.code, BAITU[0] + "999")  # a 12th digit does not fit in the field
    assert dialog.code.text() == BAITU[0]
    type_chinese(dialog.name, BAITU[1])
    file_dialogs.folder = tmp_path / "U盘"
    file_dialogs.folder.mkdir()
    click(qtbot, dialog.destination.choose_button)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.passphrase_dialog is None  # the county's keys were made when it was set up
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)

    assert BAITU[1] in page.message.text()
    (written,) = (tmp_path / "U盘").glob("*.json")
    township = Office(tmp_path / "baitu", capsys, code=BAITU[0], name=BAITU[1])
    township.run("township", "join-county", written)
    assert column(page.table, 0) == [BAITU[0]]
