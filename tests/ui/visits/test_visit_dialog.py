"""Recording a visit from the visits page with the keyboard, as a cadre does after a round."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from carepoint.audit import history
from carepoint.i18n import _, format_date, ngettext
from carepoint.residents import set_status
from carepoint.visits.records import visits_of
from carepoint.visits.tasks import open_tasks

D = dt.date


def names_listed(page):
    return [page.model.data(page.model.index(row, 0)) for row in range(page.model.rowCount())]


def open_visit_for_first_row(page, qtbot, shown_dialog):
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)  # from the search box into the list
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row records a visit
    return shown_dialog(page.dialog)


def test_the_page_lists_the_overdue_first_with_how_long(people, clerk_context, make_page):
    page = make_page(clerk_context)
    assert names_listed(page) == ["张三", "李秀英"]
    assert page.model.data(page.model.index(0, 6)) == ngettext(
        "overdue {n} day", "overdue {n} days", 6
    ).format(n=6)
    assert page.model.data(page.model.index(0, 5)) == format_date(D(2026, 11, 17))


def test_a_clerk_records_a_phone_call_with_the_keyboard(
    people, clerk_context, make_page, qtbot, shown_dialog, type_chinese
):
    # Given the visits page with 张三 overdue at the top
    page = make_page(clerk_context)
    dialog = open_visit_for_first_row(page, qtbot, shown_dialog)
    assert dialog.resident_id == people["张三"].id
    # When the clerk picks "2 phone call", tabs to the health finding, picks "3 needs attention",
    # writes a note, moves on to the problems and presses Enter
    qtbot.keyClicks(dialog.method, "2")
    qtbot.keyClick(dialog.method, Qt.Key.Key_Tab)  # → visitor (already clerk1)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # → health status
    assert dialog.focusWidget() is dialog.statuses["health"]
    qtbot.keyClicks(dialog.statuses["health"], "3")
    qtbot.keyClick(dialog.statuses["health"], Qt.Key.Key_Tab)
    type_chinese(dialog.notes["health"], "血压偏高")
    dialog.problems.setFocus()
    type_chinese(dialog.problems, "降压药快吃完")
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Return)
    # Then the visit is saved as entered, by clerk1, and 张三 leaves the list of people due
    assert not dialog.isVisible()
    (visit,) = [
        v
        for v in visits_of(page.context.store, people["张三"].id)
        if v.visit_date == D(2026, 11, 23)
    ]
    assert (visit.method, visit.visitor, visit.visitor_kind) == ("phone", "clerk1", "user")
    assert visit.findings["health"] == ("poor", "血压偏高")
    assert visit.problems == "降压药快吃完"
    assert {h.actor for h in history([visit.uuid])} == {"clerk1"}
    assert names_listed(page) == ["李秀英"]
    assert page.summary_label.text() == _(
        "Visits: {overdue} overdue, {week} more due this week"
    ).format(overdue=0, week=1)


def test_a_follow_up_set_in_the_dialog_is_due_on_its_day_and_listed(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    page = make_page(clerk_context)
    dialog = open_visit_for_first_row(page, qtbot, shown_dialog)
    dialog.follow_up.setFocus()
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Space)  # tick "follow up on"
    dialog.follow_up_date.setDate(QDate(2026, 11, 26))
    qtbot.keyClicks(dialog.problems, "leak")
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Return)
    # Then 张三 stays in the list, now for a follow-up on the 26th, and the follow-ups tab has it
    assert names_listed(page) == ["张三", "李秀英"]
    row = page.model.row_of(people["张三"].id)
    assert page.model.data(page.model.index(row, 7)) == _("follow-up")
    assert page.model.data(page.model.index(row, 5)) == format_date(D(2026, 11, 26))
    page.tabs.setCurrentWidget(page.followups)
    assert page.followups.tasks.item(0, 0).text() == "张三"
    assert [t.reason for t in open_tasks(page.context.store)] == ["leak"]


def test_a_visit_after_the_death_is_refused_in_the_dialog_with_the_reason(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    # Given the dialog open for 张三, whose death on 20 November is then recorded
    page = make_page(clerk_context)
    dialog = open_visit_for_first_row(page, qtbot, shown_dialog)
    set_status(page.context.store, people["张三"].id, "deceased", D(2026, 11, 20))
    # When the clerk saves a visit dated today
    qtbot.keyClick(dialog.method, Qt.Key.Key_Return)
    # Then the dialog stays open with the reason, and nothing was stored
    assert dialog.isVisible()
    assert dialog.error_label.text() == _(
        "{name} died on {date}; no visit can be recorded on or after that day"
    ).format(name="张三", date=format_date(D(2026, 11, 20)))
    assert len(visits_of(page.context.store, people["张三"].id)) == 1
    dialog.reject()


def test_a_future_visit_date_cannot_be_chosen(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    page = make_page(clerk_context)
    dialog = open_visit_for_first_row(page, qtbot, shown_dialog)
    dialog.date_edit.setDate(QDate(2026, 12, 1))
    assert dialog.date_edit.date().toPython() == D(2026, 11, 23)
    dialog.reject()
