"""本月工作 on the home page: the month's steps in order, and a button that opens each step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.month_path import MonthPathPanel


def test_a_new_village_home_lists_the_month_and_opens_the_register_first(qtbot, main_window):
    panel = main_window.findChild(MonthPathPanel)
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: not panel.loading)  # read off the GUI thread
    assert panel.title.text().startswith("本月工作")
    titles = [step.title for step in panel.steps]
    assert titles == ["花名册", "探访", "助餐", "补贴计算", "审核", "打印", "报送乡镇"]
    first = panel.buttons["roster"]
    assert first.text() == "导入花名册表格"
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert main_window.current_page_key() == "register"


def test_the_meals_step_button_opens_the_meals_page(qtbot, main_window):
    panel = main_window.findChild(MonthPathPanel)
    qtbot.waitUntil(lambda: not panel.loading)  # read off the GUI thread
    qtbot.mouseClick(panel.buttons["meals"], Qt.MouseButton.LeftButton)
    assert main_window.current_page_key() == "meals"
