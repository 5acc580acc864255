"""The village's 数据交换 page, driven as a cadre would: join the township, write the package to a
folder standing in for the USB drive, import the township's return package."""

from __future__ import annotations

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, with_store
from exchange_gui_fixtures import click, column

from PySide6.QtWidgets import QMessageBox

from carepoint.errors import UserInputError
from carepoint.exchange.enrollment import is_enrolled
from carepoint.i18n import _

from ui.exchange.folder_chooser import still_there
from ui.exchange.page import ExchangePage


def _village_not_enrolled(office, capsys):
    folder = office.root / "village"
    cli(capsys, "--data-dir", folder, "init", "--village-code", TAOYUAN[0], "--village-name",
        TAOYUAN[1], "--township", "白兔镇")  # fmt: skip
    with_store(folder, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    return folder


def _page(qtbot, show, context) -> ExchangePage:
    return show(ExchangePage(context))


def test_a_village_not_enrolled_is_told_how_to_join_and_joins_with_the_enrollment_file(
    qtbot, show, office, capsys, open_context, file_dialogs
):
    folder = _village_not_enrolled(office, capsys)
    enrollment = office.enroll(*TAOYUAN)
    page = _page(qtbot, show, open_context(folder))
    assert page.join_button.isVisible()
    assert not page.export_button.isEnabled()

    file_dialogs.file = enrollment
    click(qtbot, page.join_button)

    assert is_enrolled(page.context.store)
    assert not page.join_button.isVisible()
    assert "白兔镇" in page.status.text()


def test_the_package_is_written_to_the_chosen_folder_and_listed_as_sent(
    qtbot, show, office, capsys, open_context, file_dialogs, tmp_path
):
    folder = office.village(*TAOYUAN)
    page = _page(qtbot, show, open_context(folder))
    usb = tmp_path / "U盘"
    usb.mkdir()
    file_dialogs.folder = usb
    click(qtbot, page.destination.choose_button)

    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: not page.work.busy, timeout=10_000)

    written = list(usb.glob("*.cpkg"))
    assert [p.name for p in written] == [f"{TAOYUAN[0]}-20261123-1.cpkg"]
    assert written[0].name in page.message.text()
    assert column(page.history, 2) == [written[0].name]
    assert column(page.history, 1) == ["1"]
    assert column(page.history, 4) == [_("not yet")]
    assert page.export_button.isEnabled()


def test_a_folder_that_cannot_be_written_is_explained_and_nothing_is_recorded(
    qtbot, show, office, open_context, file_dialogs, tmp_path
):
    folder = office.village(*TAOYUAN)
    page = _page(qtbot, show, open_context(folder))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    file_dialogs.folder = blocked / "inside"
    click(qtbot, page.destination.choose_button)

    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: not page.work.busy, timeout=10_000)

    assert "a-file" in page.message.text()
    assert page.history.rowCount() == 0


def test_a_usb_drive_pulled_out_after_it_was_chosen_is_explained_and_not_made_again_on_this_pc(
    qtbot, show, office, open_context, file_dialogs, tmp_path
):
    folder = office.village(*TAOYUAN)
    page = _page(qtbot, show, open_context(folder))
    usb = tmp_path / "U盘"
    usb.mkdir()
    file_dialogs.folder = usb
    click(qtbot, page.destination.choose_button)
    usb.rmdir()  # the drive is pulled out

    click(qtbot, page.export_button)
    qtbot.waitUntil(lambda: not page.work.busy, timeout=10_000)

    assert not usb.exists()
    with pytest.raises(UserInputError) as gone:
        still_there(usb)
    assert page.message.text() == _("No package was written: {reason}").format(
        reason=gone.value.message
    )
    assert page.history.rowCount() == 0
    assert page.export_button.isEnabled()


def test_the_return_package_is_previewed_then_imported_and_the_review_shown(
    qtbot, show, office, capsys, open_context, file_dialogs, answer_message_box
):
    # Given a village whose package the township imported, approved for October and answered
    folder = office.village(*TAOYUAN)
    with_store(folder, lambda s: add(s, "张三", sequence=1))
    office.run("sync", "import", office.export(folder))
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--approve", "--comment", "材料齐全")  # fmt: skip
    office.run("sync", "export", "--out", office.usb)
    returned = next(office.usb.glob("*-return-*.cpkg"))
    page = _page(qtbot, show, open_context(folder))

    # When the cadre picks the return package and confirms the preview
    file_dialogs.file = returned
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, page.import_button)

    # Then the preview was shown first, the review is listed and the package acknowledged
    assert len(seen) == 1 and "2026-10" in seen[0]
    assert column(page.notes, 1) == ["2026-10"]
    assert column(page.notes, 3) == ["材料齐全"]
    sent_row = column(page.history, 2).index(f"{TAOYUAN[0]}-20261123-1.cpkg")
    assert page.history.item(sent_row, 4).text() not in ("", _("not yet"))
    assert returned.name in page.message.text()


def test_a_viewer_sees_the_history_but_cannot_write_or_import_packages(
    qtbot, show, office, open_context, file_dialogs, tmp_path
):
    folder = office.village(*TAOYUAN)
    office.export(folder)
    page = _page(qtbot, show, open_context(folder, role="viewer"))
    file_dialogs.folder = tmp_path
    click(qtbot, page.destination.choose_button)

    assert column(page.history, 1) == ["1"]
    assert not page.export_button.isEnabled()
    assert not page.import_button.isEnabled()
