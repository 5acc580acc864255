"""Selecting several people in the register and changing their group or a category at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, Qt

from carepoint.models import AuditEntry, CategoryMembership, Resident


def select_rows(page, rows) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        index = page.model.index(row, 0)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_two_people_are_moved_to_another_group_in_one_step(
    three_people, clerk_context, make_page, qtbot
):
    page = make_page(clerk_context)
    assert not page.bulk_button.isEnabled()
    # Given 李秀英 and 王芳 (二组) are selected
    rows = [r for r in range(page.model.rowCount())
            if page.model.data(page.model.index(r, 0)) in ("李秀英", "王芳")]
    select_rows(page, rows)
    assert page.bulk_button.isEnabled()
    qtbot.mouseClick(page.bulk_button, Qt.MouseButton.LeftButton)
    dialog = page.bulk_dialog
    qtbot.waitExposed(dialog)
    # When the cadre types 3组 and confirms
    dialog.group_combo.setCurrentText("")
    qtbot.keyClicks(dialog.group_combo.lineEdit(), "3")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    # Then both are in 三组, each change audited, and 张三 is untouched
    groups = {r.name: r.group_name for r in Resident.select()}
    assert groups == {"张三": "一组", "李秀英": "三组", "王芳": "三组"}
    assert AuditEntry.select().where(AuditEntry.action == "bulk_update").count() == 2
    assert not dialog.isVisible()


def test_a_category_is_added_to_everyone_selected_from_the_chosen_date(
    three_people, clerk_context, make_page, qtbot
):
    page = make_page(clerk_context)
    select_rows(page, range(page.model.rowCount()))
    qtbot.mouseClick(page.bulk_button, Qt.MouseButton.LeftButton)
    dialog = page.bulk_dialog
    dialog.add_category.setChecked(True)
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("low_income"))
    dialog.date_edit.setDate(QDate(2026, 7, 1))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    added = CategoryMembership.select().where(CategoryMembership.code == "low_income")
    assert [(m.start_date) for m in added] == [dt.date(2026, 7, 1)] * 3


def test_a_viewer_cannot_change_people_in_bulk(three_people, viewer_context, make_page):
    page = make_page(viewer_context)
    select_rows(page, range(page.model.rowCount()))
    assert not page.bulk_button.isEnabled()
