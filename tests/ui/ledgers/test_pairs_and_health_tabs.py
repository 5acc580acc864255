"""The pairs and health-check tabs as a cadre uses them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.ledgers import health, pairs
from carepoint.visits import tasks
from carepoint.visits.records import visits_of

from ui.ledgers.health_tab import HealthTab
from ui.ledgers.pairs_tab import PairsTab


def save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def pick(qtbot, picker, initials):
    picker.search_box.setFocus()
    qtbot.keyClicks(picker.search_box, initials)
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)


def test_a_new_pair_is_made_in_the_dialog_and_listed(qtbot, context, type_chinese, crowd, show):
    ids = crowd(20)
    tab = show(PairsTab(context))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    pick(qtbot, dialog.picker, "oyx")
    type_chinese(dialog.helper_edit, "李党员")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("party_member"))
    save(qtbot, dialog)

    [pair] = pairs.list_pairs(context.store)
    assert (pair.resident_id, pair.helper_name, pair.helper_kind) == (ids["欧阳修"], "李党员",
                                                                      "party_member")  # fmt: skip
    assert [tab.view.item(0, c).text() for c in (0, 2, 3, 7)] == ["欧阳修", "李党员", "党员", "0"]


def test_a_helpers_visit_recorded_on_the_tab_is_the_residents_visit(qtbot, context, crowd, show):
    ids = crowd(5)
    pairs.add_pair(
        context.store,
        pairs.PairInput(ids["段誉"], "王邻居", "neighbour", dt.date(2026, 11, 1)),
    )
    tab = show(PairsTab(context))
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.visit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert not dialog.minutes_box.isEnabled()  # a neighbour has no time-bank account
    save(qtbot, dialog)

    assert [(v.visitor, v.visit_date) for v in visits_of(context.store, ids["段誉"])] == [
        ("王邻居", dt.date(2026, 11, 23))
    ]
    assert tab.view.item(0, 7).text() == "1"


def test_a_high_reading_entered_on_the_tab_says_a_follow_up_is_due_and_shows_in_the_trend(
    qtbot, context, type_chinese, crowd, show
):
    ids = crowd(5)
    rid = ids["张三丰"]
    health.record_reading(
        context.store, rid, health.ReadingInput(dt.date(2026, 11, 1), "村医王", 130, 80)
    )
    tab = show(HealthTab(context))
    pick(qtbot, tab.picker, "zsf")
    assert tab.view.rowCount() == 1
    type_chinese(tab.by_edit, "村医王")
    qtbot.keyClicks(tab.bp_edit, "165/100")
    qtbot.keyClicks(tab.glucose_edit, "6.1")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    assert tab.message.text() == "已保存。血压偏高 165/100：应在2026年11月24日前回访。"
    assert [t.due_date for t in tasks.open_tasks(context.store, rid)] == [dt.date(2026, 11, 24)]
    assert tab.view.rowCount() == 2
    assert tab.view.item(0, 5).text() == "血压偏高 165/100"
    systolic = tab.chart.series["systolic"]
    assert [point.y() for point in systolic.points()] == [130.0, 165.0]
    assert tab.bp_edit.text() == ""


def test_a_badly_written_blood_pressure_is_explained_and_nothing_is_saved(
    qtbot, context, type_chinese, crowd, show, answer_message_box
):
    ids = crowd(5)
    tab = show(HealthTab(context))
    pick(qtbot, tab.picker, "zsf")
    type_chinese(tab.by_edit, "村医王")
    qtbot.keyClicks(tab.bp_edit, "165")
    seen = answer_message_box()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert "两个数" in seen[0]
    assert health.readings_of(context.store, ids["张三丰"]) == []


def test_a_time_bank_volunteer_paired_on_the_tab_earns_hours_for_a_visit(
    qtbot, context, crowd, show
):
    from carepoint.timebank.ledger import entries
    from carepoint.timebank.volunteers import VolunteerInput, add_volunteer

    ids = crowd(5)
    helper = add_volunteer(context.store, VolunteerInput(resident_id=ids["欧阳修"]))
    tab = show(PairsTab(context))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    pick(qtbot, dialog.picker, "dy")
    dialog.volunteer_box.setCurrentIndex(dialog.volunteer_box.findData(helper.id))
    assert (dialog.helper_edit.text(), dialog.kind_box.currentData()) == ("欧阳修", "volunteer")
    save(qtbot, dialog)

    tab.view.selectRow(0)
    qtbot.mouseClick(tab.visit_button, Qt.MouseButton.LeftButton)
    visit = tab.dialog
    qtbot.waitUntil(visit.isVisible, timeout=2000)
    assert visit.minutes_box.isEnabled()
    visit.minutes_box.setValue(60)
    save(qtbot, visit)

    assert [(e.deposit_minutes, e.recipient_name) for e in entries(context.store, helper.id)] == [
        (60, "段誉")
    ]
    assert [v.visitor for v in visits_of(context.store, ids["段誉"])] == ["欧阳修"]


def test_an_ended_pair_leaves_the_list_unless_ended_pairs_are_shown(qtbot, context, crowd, show):
    ids = crowd(3)
    pairs.add_pair(context.store, pairs.PairInput(ids["段誉"], "王邻居", "neighbour",
                                                  dt.date(2026, 11, 1)))  # fmt: skip
    tab = show(PairsTab(context))
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-3))
    save(qtbot, dialog)

    assert tab.view.rowCount() == 0
    tab.show_ended.setChecked(True)
    assert tab.view.item(0, 6).text() == "2026年11月20日"


def test_the_persons_record_has_a_health_tab_with_the_readings_and_their_trend(
    qtbot, context, crowd, show
):
    from ui.register.editor import ResidentEditor

    ids = crowd(3)
    for day, high in ((dt.date(2026, 10, 1), 150), (dt.date(2026, 11, 1), 135)):
        health.record_reading(
            context.store, ids["段誉"], health.ReadingInput(day, "村医王", high, 85)
        )
    editor = show(ResidentEditor(context, ids["段誉"]), size=(900, 700))

    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert "健康检查" in titles
    assert editor.health.view.rowCount() == 2
    assert editor.health.view.item(1, 5).text() == "血压偏高 150/85"
    assert [p.y() for p in editor.health.chart.series["systolic"].points()] == [150.0, 135.0]
