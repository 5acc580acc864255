"""The home adaptations tab: a case opened with its items, then moved on one step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.ledgers import adaptations

from ui.ledgers.adaptations_tab import AdaptationsTab


def save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def tick(qtbot, checklist, name):
    item = checklist.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    rect = checklist.visualItemRect(item)
    checkbox = QPoint(rect.left() + 10, rect.center().y())  # the box is at the item's left
    qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=checkbox)


def test_a_case_is_opened_with_its_items_and_assessed_with_its_money(
    qtbot, context, type_chinese, crowd, show
):
    ids = crowd(5)
    tab = show(AdaptationsTab(context))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.picker.search_box.setFocus()
    qtbot.keyClicks(dialog.picker.search_box, "zsf")
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    type_chinese(dialog.household_edit, "张三丰（一组8号）")
    tick(qtbot, dialog.items, "扶手")
    tick(qtbot, dialog.items, "夜灯")
    save(qtbot, dialog)

    [case] = adaptations.list_cases(context.store)
    assert (case.resident_id, case.items, case.state) == (
        ids["张三丰"],
        ("扶手", "夜灯"),
        "applied",
    )
    assert tab.view.item(0, 3).text() == "已申请"

    tab.view.selectRow(0)
    qtbot.mouseClick(tab.advance_button, Qt.MouseButton.LeftButton)
    step = tab.dialog
    qtbot.waitUntil(step.isVisible, timeout=2000)
    qtbot.keyClicks(step.cost_edit, "3200")
    qtbot.keyClicks(step.subsidy_edit, "3000")
    save(qtbot, step)

    case = adaptations.get_case(context.store, case.id)
    assert (case.state, case.cost_fen, case.subsidy_fen) == ("assessed", 320000, 300000)
    assert tab.totals.text() == "共1户；费用¥3,200.00，补贴¥3,000.00"
