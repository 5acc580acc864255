"""The emergency-call tab: a device given, a call entered by hand, the provider's file read."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.ledgers import calls
from carepoint.visits import tasks

from ui.ledgers.calls_tab import CallsTab


def save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_a_device_is_given_to_a_resident_found_by_initials(qtbot, context, crowd, show):
    ids = crowd(10)
    tab = show(CallsTab(context))
    qtbot.mouseClick(tab.device_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.picker.search_box.setFocus()
    qtbot.keyClicks(dialog.picker.search_box, "dy")
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.number_edit, "YJT-0007")
    save(qtbot, dialog)

    [device] = calls.list_devices(context.store)
    assert (device.resident_id, device.device_number) == (ids["段誉"], "YJT-0007")
    assert tab.devices.item(0, 1).text() == "段誉"


def test_an_unanswered_emergency_entered_by_hand_is_marked_and_opens_a_follow_up(
    qtbot, context, crowd, show
):
    ids = crowd(3)
    calls.add_device(context.store, ids["张三丰"], "YJT-0001", dt.date(2026, 10, 1))
    tab = show(CallsTab(context))
    qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.time_edit.setDateTime(QDateTime(dialog.time_edit.date().addDays(-2), QTime(21, 40)))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("emergency"))
    dialog.unanswered_box.setFocus()
    qtbot.keyClick(dialog.unanswered_box, Qt.Key.Key_Space)
    save(qtbot, dialog)

    assert [tab.view.item(0, c).text() for c in (0, 2, 3, 4)] == [
        "2026-11-21 21:40", "张三丰", "紧急呼叫", "未接通"
    ]  # fmt: skip
    assert "1次紧急呼叫未接通" in tab.counts_label.text()
    assert [t.due_date for t in tasks.open_tasks(context.store, ids["张三丰"])] == [
        dt.date(2026, 11, 21)
    ]


def test_the_providers_file_is_read_from_the_tab_and_the_summary_shown(
    qtbot, context, crowd, show, tmp_path, answer_message_box, pick_in_file_dialog
):
    ids = crowd(3)
    calls.add_device(context.store, ids["欧阳修"], "YJT-0002", dt.date(2026, 10, 1))
    path = tmp_path / "呼叫记录.csv"
    lines = ["呼叫时间,设备号,呼叫类型,是否接通,处理情况",
             "2026-11-06 10:00,YJT-0002,咨询,已接通,代购药品"]  # fmt: skip
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    tab = show(CallsTab(context))
    seen = answer_message_box()
    dialogs = pick_in_file_dialog(path)

    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert "导入 1 条呼叫" in seen[0]
    assert dialogs[0]["proxy"] == "ChineseFileColumns"  # the shared dialog, in Chinese
    assert [tab.view.item(0, c).text() for c in (2, 3, 5)] == ["欧阳修", "咨询", "代购药品"]


def test_a_device_taken_back_leaves_the_list_of_devices_in_use(qtbot, context, crowd, show):
    ids = crowd(3)
    calls.add_device(context.store, ids["段誉"], "YJT-0003", dt.date(2026, 10, 1))
    tab = show(CallsTab(context))
    tab.devices.selectRow(0)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    save(qtbot, dialog)

    assert calls.list_devices(context.store) == []
    [taken] = calls.list_devices(context.store, include_removed=True)
    assert taken.removed_on == dt.date(2026, 11, 23)
    assert tab.devices.rowCount() == 0
