"""The time bank page as a cadre uses it: volunteers, services, caps, corrections, the passbook."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.timebank.ledger import entries, record_service
from carepoint.timebank.volunteers import VolunteerInput, add_volunteer, list_volunteers

from ui.timebank.home_card import TimebankHomeCard
from ui.timebank.page import TimebankPage

TODAY = dt.date(2026, 11, 23)


def save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


@pytest.fixture
def volunteer(village, zhang_san):
    return add_volunteer(village, VolunteerInput(resident_id=zhang_san.id))


def test_a_resident_becomes_a_volunteer_by_initials(qtbot, clerk_context, zhang_san, show):
    page = show(TimebankPage(clerk_context))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.picker.search_box.setFocus()
    qtbot.keyClicks(dialog.picker.search_box, "zs")
    qtbot.waitUntil(lambda: dialog.picker.matches.count() > 0, timeout=2000)
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)

    save(qtbot, dialog)

    [added] = list_volunteers(clerk_context.store)
    assert (added.name, added.resident_id) == ("张三", zhang_san.id)
    assert page.volunteers.text(0, 0) == "张三" and page.volunteer.id == added.id


def test_a_service_is_recorded_and_shows_in_the_passbook_with_the_balance(
    qtbot, clerk_context, volunteer, show
):
    page = show(TimebankPage(clerk_context))
    qtbot.mouseClick(page.service_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.hours.setValue(1.5)
    dialog.kind.setCurrentText("助洁")
    save(qtbot, dialog)

    assert [
        (e.deposit_minutes, e.service_type) for e in entries(clerk_context.store, volunteer.id)
    ] == [(90, "助洁")]
    assert page.passbook.rowCount() == 1
    assert (page.passbook.text(0, 2), page.passbook.text(0, 4)) == ("1.5", "1.5")
    assert "1.5" in page.balance_label.text()


def test_hours_over_the_daily_cap_are_refused_with_a_message_and_not_saved(
    qtbot, clerk_context, volunteer, show, answer_message_box
):
    record_service(clerk_context.store, volunteer.id, TODAY, 90, "助洁")
    page = show(TimebankPage(clerk_context))
    qtbot.mouseClick(page.service_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.hours.setValue(1)
    seen = answer_message_box()

    save(qtbot, dialog)

    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert "张三" in seen[0]
    assert len(entries(clerk_context.store, volunteer.id)) == 1
    dialog.reject()


def test_a_correction_is_added_below_the_entry_it_corrects(qtbot, clerk_context, volunteer, show):
    record_service(clerk_context.store, volunteer.id, TODAY, 120, "助洁")
    page = show(TimebankPage(clerk_context))
    page.passbook_view.setCurrentIndex(page.passbook.index(0, 0))
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.hours.setValue(1)
    dialog.reason.setText("实际1小时")

    save(qtbot, dialog)

    assert page.passbook.rowCount() == 2
    assert page.passbook.text(1, 2) == "-1" and page.passbook.text(1, 4) == "1"
    assert "实际1小时" in page.passbook.text(1, 1)
    assert entries(clerk_context.store, volunteer.id)[0].deposit_minutes == 120


def test_a_viewer_cannot_record_hours(viewer_context, volunteer, show):
    page = show(TimebankPage(viewer_context))
    assert not page.service_button.isEnabled() and not page.new_button.isEnabled()


def test_the_home_card_shows_this_months_hours(qtbot, context, volunteer, show):
    record_service(context.store, volunteer.id, dt.date(2026, 10, 31), 60, "助洁")
    record_service(context.store, volunteer.id, TODAY, 90, "助洁")
    card = show(TimebankHomeCard(context), (300, 150))
    qtbot.waitUntil(lambda: card.number.text() == "1.5")  # counted off the GUI thread
    record_service(context.store, volunteer.id, TODAY - dt.timedelta(days=1), 60, "助洁")
    context.changes.changed.emit({"timebank"})
    qtbot.waitUntil(lambda: card.number.text() == "2.5")


def test_an_administrator_raises_the_daily_cap_from_tomorrow_in_settings(qtbot, main_window):
    from carepoint.i18n import N_
    from carepoint.timebank.caps import timebank_rules_on

    from ui.rule_editors import RULE_EDITORS

    settings = main_window.page("settings")
    titles = [title for title, _opener in RULE_EDITORS]
    button = settings.rule_buttons[titles.index(N_("Time bank caps…"))]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = settings._timebank_caps_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.daily.setValue(3)

    save(qtbot, dialog)

    store = main_window.context.store
    assert timebank_rules_on(store, TODAY).daily_cap_minutes == 120
    assert timebank_rules_on(store, TODAY + dt.timedelta(days=1)).daily_cap_minutes == 180


def test_a_time_bank_table_without_kinds_of_service_is_not_saved(qtbot, main_window):
    from carepoint import rules

    from ui.timebank.caps_dialog import open_timebank_caps

    settings = main_window.page("settings")
    open_timebank_caps(settings, main_window.context)
    dialog = settings._timebank_caps_dialog
    dialog.kinds.setPlainText("")
    save(qtbot, dialog)
    assert dialog.error.text()
    assert len(rules.versions(main_window.context.store, "timebank")) == 1
    dialog.reject()
