"""Enrollment, month close, the rules editor and the home card, used through their widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint import rules
from carepoint.i18n import N_
from carepoint.meals.closing import close_month, month_status
from carepoint.meals.enrollment import list_enrollments
from carepoint.meals.pricing import meal_rules_on
from carepoint.meals.signin import sign_in
from carepoint.models import AuditEntry

from ui.meals.enrollment_tab import EnrollmentTab
from ui.meals.home_card import MealsHomeCard
from ui.meals.month_tab import MonthTab

TODAY = dt.date(2026, 11, 23)
OCTOBER = dt.date(2026, 10, 1)


def save_button(dialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def test_a_new_enrollment_is_made_with_the_keyboard_and_listed(
    qtbot, clerk_context, zhang_san, show
):
    # Given the enrollment tab
    tab = show(EnrollmentTab(clerk_context))
    tab.table.setFocus()

    # When the clerk presses Ctrl+N, types the initials, takes the match and picks delivery
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.picker.search_box.setFocus()
    qtbot.keyClicks(dialog.picker.search_box, "zs")
    qtbot.waitUntil(lambda: dialog.picker.matches.count() > 0, timeout=2000)
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    dialog.mode.setCurrentIndex(dialog.mode.findData("delivery"))
    dialog.diet.setText("软食")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    # Then the enrollment is saved and listed
    [enrollment] = list_enrollments(clerk_context.store)
    assert (enrollment.name, enrollment.mode, enrollment.weekdays, enrollment.diet_note) == (
        "张三", "delivery", "12345", "软食",
    )  # fmt: skip
    assert tab.model.rowCount() == 1 and tab.model.text(0, 0) == "张三"


def test_an_enrollment_without_a_day_is_refused_with_a_message_and_not_saved(
    qtbot, clerk_context, zhang_san, show, answer_message_box
):
    tab = show(EnrollmentTab(clerk_context))
    tab.new_enrollment()
    dialog = tab.dialog
    dialog._chosen(zhang_san.id)
    for box in dialog.days:
        box.setChecked(False)
    seen = answer_message_box()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert list_enrollments(clerk_context.store) == []
    assert dialog.isVisible()
    dialog.reject()


def _october(store, diners):
    ids = diners(3)
    for resident_id in ids:
        for day in (1, 2):
            sign_in(store, resident_id, dt.date(2026, 10, day), "lunch")
    return ids


def test_closing_last_month_from_the_tab_locks_it_and_shows_the_figures(
    qtbot, context, diners, show
):
    _october(context.store, diners)
    tab = show(MonthTab(context))
    assert tab.month == OCTOBER
    assert tab.lines.rowCount() == 3 and tab.days.rowCount() == 2
    assert "✗" not in tab.checks.text()

    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)

    assert month_status(context.store, OCTOBER).closed
    assert not tab.close_button.isEnabled() and tab.reopen_button.isEnabled()


def test_an_administrator_reopens_a_month_with_a_reason(qtbot, context, diners, show):
    _october(context.store, diners)
    close_month(context.store, OCTOBER)
    tab = show(MonthTab(context))

    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    dialog = tab.reason_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.setTextValue("补录10月5日")
    dialog.accept()

    assert not month_status(context.store, OCTOBER).closed
    assert AuditEntry.select().where(AuditEntry.new_value == "补录10月5日").count() == 1


def test_a_clerk_can_close_but_not_reopen(qtbot, clerk_context, diners, show):
    _october(clerk_context.store, diners)
    close_month(clerk_context.store, OCTOBER)
    tab = show(MonthTab(clerk_context))
    assert not tab.reopen_button.isEnabled()


def _rules_button(settings):
    from ui.rule_editors import RULE_EDITORS

    titles = [title for title, _opener in RULE_EDITORS]
    return settings.rule_buttons[titles.index(N_("Meal prices and subsidies…"))]


def test_an_administrator_edits_a_price_in_settings_as_a_new_version_from_tomorrow(
    qtbot, main_window
):
    settings = main_window.page("settings")
    qtbot.mouseClick(_rules_button(settings), Qt.MouseButton.LeftButton)
    dialog = settings._meal_rules_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)

    dialog.sets.item(0, 2).setText("10")
    dialog.note.setText("2026年调价")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    store = main_window.context.store
    assert meal_rules_on(store, TODAY).sets[0].price_fen == 900
    assert meal_rules_on(store, TODAY + dt.timedelta(days=1)).sets[0].price_fen == 1000
    assert rules.versions(store, "meals")[-1].note == "2026年调价"


def test_a_meal_table_with_a_bad_amount_shows_why_and_saves_nothing(qtbot, main_window):
    settings = main_window.page("settings")
    qtbot.mouseClick(_rules_button(settings), Qt.MouseButton.LeftButton)
    dialog = settings._meal_rules_dialog
    dialog.delivery_fee.setText("两元")
    dialog.shares["city"].setValue(90)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert "两元" in dialog.error.text()
    dialog.delivery_fee.setText("2")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert "100" in dialog.error.text()
    assert len(rules.versions(main_window.context.store, "meals")) == 1
    dialog.reject()


def test_the_home_card_counts_todays_meals_and_follows_new_sign_ins(qtbot, context, diners, show):
    ids = diners(4)
    sign_in(context.store, ids[0], TODAY, "lunch")
    card = show(MealsHomeCard(context), (300, 150))
    qtbot.waitUntil(lambda: card.number.text() == "1 / 4")  # counted off the GUI thread

    sign_in(context.store, ids[1], TODAY, "lunch")
    context.changes.changed.emit({"meals"})

    qtbot.waitUntil(lambda: card.number.text() == "2 / 4")


def test_the_main_window_offers_meals_and_time_bank_after_the_register(main_window):
    keys = [spec.key for spec in main_window.pages]
    assert keys.index("meals") > keys.index("register")
    assert keys.index("timebank") == keys.index("meals") + 1
    page = main_window.page("meals")
    assert page.tabs.count() == 3
    assert main_window.page("timebank").volunteers.rowCount() == 0
