"""A morning of phone calls in the quick entry, and an assessment typed in with the keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from carepoint.i18n import _
from carepoint.residents import resident_detail
from carepoint.visits.assessments import assessments_of
from carepoint.visits.labels import level_label
from carepoint.visits.records import visits_of

D = dt.date
TODAY = D(2026, 11, 23)


def visits_today(store, resident):
    return [v for v in visits_of(store, resident.id) if v.visit_date == TODAY]


def test_quick_entry_saves_a_row_on_enter_and_moves_to_the_next(
    people, clerk_context, make_page, qtbot, shown_dialog, type_chinese
):
    # Given the two people due, opened in the quick entry with Ctrl+B
    page = make_page(clerk_context)
    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = shown_dialog(page.dialog)
    assert dialog.focusWidget() is dialog.findings[0]
    # When the clerk writes what 张三 said and presses Enter
    type_chinese(dialog.findings[0], "身体好，已吃降压药")
    qtbot.keyClick(dialog.findings[0], Qt.Key.Key_Return)
    # Then his call is saved as a phone call and the cursor is on 李秀英's row
    (visit,) = visits_today(page.context.store, people["张三"])
    assert (visit.method, visit.notes, visit.visitor) == ("phone", "身体好，已吃降压药", "clerk1")
    assert dialog.focusWidget() is dialog.findings[1]
    assert dialog.table.item(0, 4).text() == _("saved")
    # When 李秀英 is visited by video (digit 3 in her method list) and saved
    dialog.methods[1].setFocus()
    qtbot.keyClicks(dialog.methods[1], "3")
    qtbot.keyClick(dialog.methods[1], Qt.Key.Key_Return)
    (visit,) = visits_today(page.context.store, people["李秀英"])
    assert visit.method == "video"
    # Then neither is due any more: the page's list is empty
    dialog.reject()
    assert page.model.rowCount() == 0


def test_quick_entry_moves_with_up_and_down_without_saving(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    page = make_page(clerk_context)
    dialog = shown_dialog(page.open_batch_entry())
    qtbot.keyClick(dialog.findings[0], Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.findings[1]
    qtbot.keyClick(dialog.findings[1], Qt.Key.Key_Up)
    assert dialog.focusWidget() is dialog.findings[0]
    assert visits_today(page.context.store, people["张三"]) == []
    dialog.reject()


def test_an_assessment_typed_with_the_keyboard_sets_level_and_category(
    people, clerk_context, make_page, qtbot, shown_dialog, type_chinese
):
    # Given the assessment dialog for 王芳 (the quarterly one; everyone's view shows her)
    page = make_page(clerk_context)
    page.view_filter.setCurrentIndex(page.view_filter.findData("all"))
    page.select_row(page.model.row_of(people["王芳"].id))
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = shown_dialog(page.dialog)
    # When the two assessors are typed and six items scored down, Tab after Tab
    type_chinese(dialog.assessor_1, "王医生")
    qtbot.keyClick(dialog.assessor_1, Qt.Key.Key_Tab)
    type_chinese(dialog.focusWidget(), "李护士")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # → reason
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # → the first item, 进食
    assert dialog.focusWidget() is dialog.scores["eating"]
    for score in "000000":  # eating, grooming, bathing, tops, trousers, bladder → 0
        qtbot.keyClicks(dialog.focusWidget(), score)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    # Then the dialog shows 66 points, mildly impaired, before saving
    assert dialog.total() == 66
    assert level_label("mild") in dialog.result_label.text()
    # When Enter is pressed
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    # Then the assessment is stored and she is semi-disabled from today
    assert not dialog.isVisible()
    (found,) = assessments_of(page.context.store, people["王芳"].id)
    assert (found.total, found.level, found.assessor_1, found.assessor_2) == (
        66,
        "mild",
        "王医生",
        "李护士",
    )
    codes = {(m.code, m.start_date) for m in resident_detail(people["王芳"].id).categories}
    assert ("semi_disabled_care", TODAY) in codes


def test_dementia_raises_the_level_shown_before_saving(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    page = make_page(clerk_context)
    page.select_row(0)
    dialog = shown_dialog(page.open_assessment())
    dialog.dementia.setFocus()
    qtbot.keyClick(dialog.dementia, Qt.Key.Key_Space)
    assert dialog.level == "mild"  # 90 points, one level worse
    assert level_label("mild") in dialog.result_label.text()
    dialog.reject()


def test_an_assessment_with_one_assessor_is_refused_and_nothing_saved(
    people, clerk_context, make_page, qtbot, shown_dialog
):
    page = make_page(clerk_context)
    page.select_row(0)
    dialog = shown_dialog(page.open_assessment())
    qtbot.keyClicks(dialog.assessor_1, "wang")
    qtbot.keyClick(dialog.assessor_1, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == _("An assessment needs two assessors")
    assert assessments_of(page.context.store, people["张三"].id) == []
    dialog.reject()
