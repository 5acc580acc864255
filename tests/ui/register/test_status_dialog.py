"""Recording a death (or a move, a return …) from the register page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from carepoint.audit import history
from carepoint.i18n import _
from carepoint.residents import resident_detail, status_label


def open_status_dialog(page, qtbot, search, text: str):
    search(page, text)
    page.table.selectRow(0)
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    dialog = page.status_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_recording_a_death_shows_deceased_in_the_list_and_the_history(
    three_people, clerk_context, make_page, qtbot, search
):
    # Given 李秀英 on the register page
    page = make_page(clerk_context)
    dialog = open_status_dialog(page, qtbot, search, "lxy")
    resident_id = page.current_resident_id()
    # When the cadre records her death on 20 November with a reason
    dialog.choose("deceased")
    dialog.date_edit.setDate(QDate(2026, 11, 20))
    qtbot.keyClicks(dialog.reason_edit, "family reported")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    # Then the dialog closes, the list shows her as deceased, and the audit log has it
    assert not dialog.isVisible()
    assert page.model.data(page.model.index(0, 6)) == status_label("deceased")
    resident = resident_detail(resident_id).resident
    assert (resident.status, resident.status_date) == ("deceased", dt.date(2026, 11, 20))
    lines = history([resident.uuid])
    assert ("status", "active", "deceased") in [(h.field, h.old_value, h.new_value) for h in lines]
    assert {h.actor for h in lines if h.action == "status"} == {"clerk1"}


def test_a_death_date_in_the_future_is_refused_with_the_reason(
    three_people, clerk_context, make_page, qtbot, search
):
    page = make_page(clerk_context)
    dialog = open_status_dialog(page, qtbot, search, "lxy")
    dialog.choose("deceased")
    dialog.date_edit.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    # Then the dialog stays open with the core's reason, and nothing changed
    assert dialog.isVisible()
    assert dialog.error_label.text() == _("The date {date} is in the future").format(
        date=dt.date(2026, 12, 1)
    )
    assert resident_detail(page.current_resident_id()).resident.status == "active"


def test_the_editor_records_a_status_change_and_shows_it_in_its_history(
    three_people, clerk_context, make_page, qtbot, search
):
    page = make_page(clerk_context)
    search(page, "wf")
    page.table.selectRow(0)
    editor = page.open_editor(page.current_resident_id())
    qtbot.mouseClick(editor.status_button, Qt.MouseButton.LeftButton)
    dialog = editor.status_dialog
    dialog.choose("moved_out")
    dialog.date_edit.setDate(QDate(2026, 9, 1))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert status_label("moved_out") in editor.status_label.text()
    assert status_label("moved_out") in editor.history.texts()[0]
