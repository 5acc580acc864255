"""Every list page that has nothing to show says what it is for and offers the first step."""

from __future__ import annotations

import datetime as dt

from builders import add
from message_box_fixtures import no_unexpected_message_box  # noqa: F401 - found by name

from PySide6.QtCore import QDate, Qt
from PySide6.QtPdf import QPdfDocument

from ui.meals.enrollment_dialog import EnrollmentDialog
from ui.register.import_wizard import ImportWizard


def test_an_empty_register_offers_import_and_new_resident(qtbot, main_window):
    page = main_window.page("register")
    state = page.empty_state
    assert state.isVisible()
    assert state.title.text() == "花名册还是空的"
    assert [b.text() for b in state.buttons] == ["导入花名册表格", "新增老人"]
    qtbot.mouseClick(state.buttons[0], Qt.MouseButton.LeftButton)
    wizard = page.import_wizard
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    wizard.reject()


def test_a_search_that_finds_no_one_says_so_without_the_first_steps(qtbot, main_window):
    add(main_window.context.store, "张华", sequence=1)
    page = main_window.page("register")
    page.model.refresh()
    assert not page.empty_state.isVisible()
    page.search_box.setText("王")
    page.apply_search_now()
    assert page.empty_state.isVisible()
    assert page.empty_state.words.text() == "没有符合搜索和筛选条件的老人。"
    assert not any(b.isVisible() for b in page.empty_state.buttons)


def test_an_empty_sign_in_sheet_leads_to_signing_people_up(qtbot, main_window):
    page = main_window.page("meals")
    state = page.sheet.empty_state
    assert state.isVisible() and state.buttons[0].text() == "登记报名"
    qtbot.mouseClick(state.buttons[0], Qt.MouseButton.LeftButton)
    assert page.tabs.currentWidget() is page.enrollment
    assert isinstance(page.enrollment.dialog, EnrollmentDialog)
    assert page.enrollment.dialog.isVisible()
    page.enrollment.dialog.reject()


def test_an_uncomputed_subsidy_month_offers_compute(qtbot, main_window):
    page = main_window.page("subsidies")
    state = page.empty_state
    assert state.isVisible()
    assert state.title.text() == "本月补贴还没有计算"
    assert [b.text() for b in state.buttons] == ["计算"]


def test_the_print_page_says_how_to_start_and_names_the_pdf_in_chinese(qtbot, main_window):
    add(main_window.context.store, "张华", birth=dt.date(1940, 2, 3), sequence=1)
    page = main_window.page("reports")
    assert page.empty_state.isVisible()
    page.month.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(page.empty_state.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)
    assert not page.empty_state.isVisible()
    assert page.suggested_path().name == "老年人花名册-2026年12月.pdf"
    page.public.setChecked(True)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)
    assert page.suggested_path().name == "老年人花名册-2026年12月（公示）.pdf"


def test_an_empty_time_bank_offers_a_new_volunteer(qtbot, main_window):
    page = main_window.page("timebank")
    assert page.empty_state.isVisible()
    assert page.empty_state.title.text() == "还没有志愿者"
    assert [b.text() for b in page.empty_state.buttons] == ["新增志愿者…"]


def test_no_meal_enrollment_offers_a_new_enrollment(qtbot, main_window):
    page = main_window.page("meals")
    page.tabs.setCurrentWidget(page.enrollment)
    state = page.enrollment.empty_state
    assert state.isVisible() and state.title.text() == "还没有老人报名助餐"


def test_an_empty_visit_list_says_no_one_is_due(qtbot, main_window):
    page = main_window.page("visits")
    assert page.empty_state.isVisible()
    assert page.empty_state.title.text() == "现在没有到期的探访"
