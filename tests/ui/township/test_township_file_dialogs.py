"""The township's and the village's exchange pages ask for files through the shared Chinese
dialog (ui/widgets/file_dialogs: 文件夹 / KB / dates, never the platform's English one)."""

from __future__ import annotations

from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store
from exchange_gui_fixtures import click
from file_dialog_fixtures import pick_in_file_dialog  # noqa: F401 - a fixture, by name

from ui.exchange.folder_chooser import FolderChooser
from ui.township.import_page import TownshipImportPage


def test_the_package_files_are_chosen_in_the_shared_chinese_dialog(
    qtbot, show, office, open_context, pick_in_file_dialog  # noqa: F811
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    package = office.export(village)
    page = show(TownshipImportPage(open_context(office.folder)))

    seen = pick_in_file_dialog(package)
    click(qtbot, page.add_files_button)

    assert page.paths == [package]
    assert seen[0]["proxy"] == "ChineseFileColumns" and not seen[0]["native"]


def test_the_usb_folder_is_chosen_in_the_shared_chinese_dialog(
    qtbot, show, tmp_path, pick_in_file_dialog  # noqa: F811
):
    chooser = show(FolderChooser())
    drive = tmp_path / "U盘"
    drive.mkdir()
    seen = pick_in_file_dialog(drive)
    click(qtbot, chooser.choose_button)

    assert chooser.folder() == drive
    assert seen[0]["proxy"] == "ChineseFileColumns" and not seen[0]["native"]
