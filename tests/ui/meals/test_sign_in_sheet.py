"""The daily sign-in sheet driven as a cadre drives it: the keyboard first, a click now and then."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from carepoint.meals.closing import close_month
from carepoint.meals.signin import sign_in

from ui.meals.sign_in_sheet import SignInSheet

TODAY = dt.date(2026, 11, 23)


def served(store, day=TODAY) -> int:
    return store.db.execute_sql(
        "SELECT count(*) FROM meal_sign_in WHERE status = 'served' AND meal_date = ?",
        [day.isoformat()],
    ).fetchone()[0]


def statuses(sheet) -> list[str]:
    return [row.status for row in sheet.model.rows]


def press(qtbot, key, times=1):
    """Press a key on whatever has the keyboard focus, as a person at the keyboard does."""
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key)


def test_a_cadre_signs_in_sixty_diners_with_the_space_bar_alone_well_within_a_minute(
    qtbot, context, diners, show
):
    # Given sixty diners expected for today's lunch and the sheet open
    diners(60)
    sheet = show(SignInSheet(context))
    sheet.view.setFocus()
    assert QApplication.focusWidget() is sheet.view
    assert statuses(sheet) == ["expected"] * 60

    # When the cadre presses Space sixty times, never touching the mouse
    started = time.perf_counter()
    press(qtbot, Qt.Key.Key_Space, 60)
    elapsed = time.perf_counter() - started

    # Then everyone is signed in and saved, the focus never left the list, the counter agrees
    assert statuses(sheet) == ["served"] * 60
    assert served(context.store) == 60
    assert QApplication.focusWidget() is sheet.view
    assert sheet.counters.text().count("60") >= 2  # 60 of 60 signed in
    assert elapsed < 6, f"{elapsed:.1f} s for 60 diners leaves the cadre waiting"


def test_space_on_a_signed_in_diner_undoes_the_sign_in_and_moves_on(qtbot, context, diners, show):
    diners(3)
    sheet = show(SignInSheet(context))
    sheet.view.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Up)

    press(qtbot, Qt.Key.Key_Space)

    assert statuses(sheet) == ["cancelled", "expected", "expected"]
    assert served(context.store) == 0
    assert sheet.current_row() == 1


def test_a_click_on_the_first_column_signs_a_diner_in(qtbot, context, diners, show):
    diners(2)
    sheet = show(SignInSheet(context))
    cell = sheet.view.visualRect(sheet.model.index(1, 0)).center()
    qtbot.mouseClick(sheet.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert statuses(sheet) == ["expected", "served"]


def test_a_walk_in_is_found_by_initials_and_signed_in_with_enter(
    qtbot, context, diners, zhang_san, show
):
    diners(2)
    sheet = show(SignInSheet(context))
    sheet.view.setFocus()

    qtbot.keyClick(sheet.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is sheet.walk_in.search_box
    qtbot.keyClicks(QApplication.focusWidget(), "zs")
    qtbot.waitUntil(lambda: sheet.walk_in.matches.count() > 0, timeout=2000)
    press(qtbot, Qt.Key.Key_Return)

    row = sheet.model.sheet_row(sheet.model.row_of(zhang_san.id))
    assert (row.status, row.walk_in) == ("served", True)
    assert served(context.store) == 1
    assert sheet.walk_in.search_box.text() == ""


def test_a_walk_in_typed_in_chinese_is_found_too(qtbot, context, zhang_san, show, type_chinese):
    sheet = show(SignInSheet(context))
    sheet.walk_in.search_box.setFocus()
    type_chinese(sheet.walk_in.search_box, "张三")
    qtbot.waitUntil(lambda: sheet.walk_in.matches.count() > 0, timeout=2000)
    press(qtbot, Qt.Key.Key_Enter)
    assert [row.name for row in sheet.model.rows] == ["张三"]


def test_delete_calls_a_meal_off_with_the_reason_chosen(qtbot, context, diners, show):
    diners(2, mode="delivery")
    sheet = show(SignInSheet(context))
    sheet.view.setFocus()

    press(qtbot, Qt.Key.Key_Delete)
    dialog = sheet.reason_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.setTextValue("住院")
    dialog.accept()

    first = sheet.model.rows[0]
    assert (first.status, first.cancel_reason) == ("cancelled", "住院")
    assert "住院" in sheet.model.data(sheet.model.index(0, 8))


def test_an_earlier_day_of_an_open_month_can_be_signed_in(qtbot, context, diners, show):
    diners(2)
    sheet = show(SignInSheet(context))
    sheet.day_edit.setDate(QDate(2026, 11, 2))
    sheet.view.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert served(context.store, dt.date(2026, 11, 2)) == 1


def test_a_day_of_a_closed_month_is_shown_but_cannot_be_changed(qtbot, context, diners, show):
    ids = diners(2)
    sign_in(context.store, ids[0], dt.date(2026, 10, 5), "lunch")
    close_month(context.store, dt.date(2026, 10, 1))
    sheet = show(SignInSheet(context))
    sheet.day_edit.setDate(QDate(2026, 10, 5))
    sheet.view.setFocus()

    for _ in range(2):
        press(qtbot, Qt.Key.Key_Space)

    assert sorted(statuses(sheet)) == ["expected", "served"]
    assert served(context.store, dt.date(2026, 10, 5)) == 1
    assert "2026-10" in sheet.message.text()


def test_a_viewer_sees_the_sheet_but_cannot_sign_anyone_in(qtbot, viewer_context, diners, show):
    diners(2)
    sheet = show(SignInSheet(viewer_context))
    sheet.view.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert served(viewer_context.store) == 0
    assert sheet.message.isVisible()


def test_diet_notes_are_shown_on_the_sheet_and_in_the_delivery_list(qtbot, context, diners, show):
    from carepoint.meals.enrollment import list_enrollments, update_enrollment

    diners(1, mode="delivery")
    [enrollment] = list_enrollments(context.store)
    update_enrollment(context.store, enrollment.id, diet_note="低盐")
    sheet = show(SignInSheet(context))
    assert sheet.model.data(sheet.model.index(0, 5)) == "低盐"

    qtbot.mouseClick(sheet.delivery_button, Qt.MouseButton.LeftButton)
    dialog = sheet.delivery_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert "低盐" in dialog.text.toPlainText() and enrollment.name in dialog.text.toPlainText()
    dialog.reject()
