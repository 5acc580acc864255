"""The rest of the visits page: viewers, filters, calendar, tiers by hand, extra visits, the
rules editor in the settings, the home card, and the page's place in the main window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from carepoint import rules
from carepoint.i18n import _
from carepoint.privacy import mask_id_number
from carepoint.visits.labels import tier_label
from carepoint.visits.schedule import tier_of
from carepoint.visits.tasks import open_tasks
from carepoint.visits.tiers import Criterion

from ui.visits.home_card import VisitsHomeCard
from ui.visits.rules_editor import VisitRulesEditor

D = dt.date


def test_a_viewer_sees_masked_id_numbers_and_cannot_record(
    people, viewer_context, make_page, qtbot
):
    page = make_page(viewer_context)
    page.select_row(0)
    assert page.model.data(page.model.index(0, 1)) == mask_id_number(people["张三"].id_number)
    assert page.model.data(page.model.index(0, 8)) == "138****5678"
    assert not page.record_button.isEnabled()
    assert not page.batch_button.isEnabled()
    assert not page.assess_button.isEnabled()
    assert page.history_button.isEnabled()  # reading the history is allowed
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialog is None


def test_filters_by_tier_group_and_search(people, clerk_context, make_page, qtbot):
    page = make_page(clerk_context)
    page.view_filter.setCurrentIndex(page.view_filter.findData("all"))
    assert page.model.rowCount() == 3
    page.tier_filter.setCurrentIndex(page.tier_filter.findData("general"))
    assert [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())] == [
        "王芳"
    ]
    page.tier_filter.setCurrentIndex(0)
    page.group_filter.setCurrentIndex(page.group_filter.findData("二组"))
    assert page.model.rowCount() == 2
    page.group_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.search_box, "zs")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.data(page.model.index(0, 0)) == "张三"


def test_the_calendar_lists_who_is_due_on_the_chosen_day(people, clerk_context, make_page):
    page = make_page(clerk_context)
    page.tabs.setCurrentWidget(page.calendar)
    assert page.calendar.calendar.days[D(2026, 11, 27)].due == 1
    page.calendar.calendar.setSelectedDate(QDate(2026, 11, 27))
    assert page.calendar.day_list.item(0, 0).text() == "李秀英"


def test_a_tier_set_by_hand_needs_a_reason_and_then_applies(
    people, clerk_context, make_page, qtbot, type_chinese
):
    page = make_page(clerk_context)
    page.view_filter.setCurrentIndex(page.view_filter.findData("all"))
    page.select_row(page.model.row_of(people["王芳"].id))
    dialog = page.open_tier()
    dialog.tier.setCurrentIndex(dialog.tier.findData("high_risk"))
    dialog.save()
    assert dialog.isVisible() and dialog.error_label.text() == _(
        "A tier set by hand needs a reason"
    )
    type_chinese(dialog.reason, "独居且刚出院")
    dialog.save()
    assert not dialog.isVisible()
    result = tier_of(page.context.store, people["王芳"].id)
    assert (result.tier, result.source) == ("high_risk", "override")
    row = page.model.row_of(people["王芳"].id)
    assert page.model.data(page.model.index(row, 3)) == tier_label("high_risk")


def test_extra_visits_for_a_group_are_scheduled_from_the_page(
    people, clerk_context, make_page, type_chinese
):
    page = make_page(clerk_context)
    dialog = page.open_extra_visits()
    dialog.group.setCurrentIndex(dialog.group.findData("二组"))
    dialog.tiers["general"].setChecked(True)
    type_chinese(dialog.reason, "寒潮")
    dialog.save()
    assert dialog.scheduled == 2
    assert {t.name for t in open_tasks(page.context.store)} == {"李秀英", "王芳"}
    assert page.model.row_of(people["王芳"].id) is not None  # due in two days: this week


def test_the_rules_editor_saves_a_new_frequency_from_a_date(people, clerk_context, qtbot):
    editor = VisitRulesEditor(clerk_context)
    qtbot.addWidget(editor)
    key = editor.tier_boxes[1]
    assert key.code == "key"
    key.count.setValue(2)
    key.unit.setCurrentIndex(key.unit.findData("w"))
    editor.effective.setDate(QDate(2026, 12, 1))
    editor.save()
    version = rules.rules_on(clerk_context.store, "visits", D(2026, 12, 1))
    assert version.source == "local"
    assert [t["every"] for t in version.content["tiers"]] == ["1w", "2w", "3m"]
    assert rules.rules_on(clerk_context.store, "visits", D(2026, 11, 30)).source == "preset"


def test_the_rules_editor_refuses_a_criterion_without_a_condition(people, clerk_context, qtbot):
    editor = VisitRulesEditor(clerk_context)
    qtbot.addWidget(editor)
    editor.tier_boxes[2].add_row(Criterion())  # no age, no category, no level
    editor.save()
    assert tier_label("general") in editor.error_label.text()
    assert [v.source for v in rules.versions(clerk_context.store, "visits")] == ["preset"]


def test_the_history_lists_a_persons_visits_newest_first(people, clerk_context, make_page):
    page = make_page(clerk_context)
    page.select_row(0)
    dialog = page.open_history()
    assert dialog.visits.rowCount() == 1
    assert dialog.visits.item(0, 2).text() == "clerk1"
    dialog.reject()


def test_the_home_card_shows_overdue_visits_and_this_months_rate(people, clerk_context, qtbot):
    card = VisitsHomeCard(clerk_context)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    qtbot.waitUntil(lambda: not card.loading)  # counted off the GUI thread
    # 张三 is overdue; of the three, 张三 (weekly) and 李秀英 (monthly) were due this month and
    # 张三 and 王芳 visited; 王芳 was not due: 1 of 2
    assert card.overdue.text() == "1"
    assert card.rate.text() == "50%"


def test_the_main_window_has_the_visits_page_after_the_register(main_window):
    keys = [spec.key for spec in main_window.pages]
    assert keys.index("visits") == keys.index("register") + 1
    page = main_window.page("visits")
    assert page is not None and main_window.current_page_key() == "visits"


def test_the_settings_page_has_a_button_for_the_visit_rules(main_window):
    settings = main_window.page("settings")
    assert _("Visit frequencies…") in [button.text() for button in settings.rule_buttons]


def test_a_big_schedule_build_runs_off_the_gui_thread_and_the_list_follows(
    people, clerk_context, qtbot, monkeypatch
):
    # Given a schedule that must be built again from scratch (as after a county-size import),
    # and a threshold low enough that this small village counts as big
    from carepoint.visits import schedule

    from ui.visits import common
    from ui.visits.page import VisitsPage

    clerk_context.store.set_setting(schedule.STATE_SETTING, "{}")
    monkeypatch.setattr(common, "BACKGROUND_ROWS", 0)
    # When the page opens
    page = VisitsPage(clerk_context)
    qtbot.addWidget(page)
    # Then it says it is preparing, and shows the list once the worker is done
    assert page.summary_label.text() == _("Preparing the visit schedule of every resident…")
    assert not page.tabs.isEnabled()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert page.tabs.isEnabled()


def test_the_tier_column_says_why_when_pointed_at(people, clerk_context, make_page):
    from carepoint.i18n import set_language

    page = make_page(clerk_context)
    set_language("en")
    why = page.model.data(page.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert why == "aged 80 and over and living alone → high risk, weekly"
