"""The resident editor: inline checks as the cadre types, saving, duplicates, carers, categories."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from carepoint import categories, idcard
from carepoint.i18n import _
from carepoint.residents import RegisterFilter, count_residents, list_residents, resident_detail
from carepoint.residents.fields import GENDER_LABELS

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def answer_discard():
    """Press the button with this text on the next "discard changes?" question."""
    timers = []

    def arm(text: str) -> list[str]:
        asked: list[str] = []
        timer = QTimer()
        timer.setInterval(20)

        def press() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.setProperty("expected", True)
                timer.stop()
                asked.append(box.text())
                next(b for b in box.buttons() if b.text() == text).click()

        timer.timeout.connect(press)
        timer.start()
        timers.append(timer)
        return asked

    return arm


def open_new_editor(page, qtbot):
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    return editor


def open_editor_for(page, qtbot, search, text: str):
    page.activateWindow()  # back from an earlier dialog
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    search(page, text)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(page.editor.isActiveWindow, timeout=2000)
    return page.editor


def registered(store) -> int:
    return count_residents(store, RegisterFilter(), TODAY)


def test_a_wrong_check_character_is_explained_at_once_and_nothing_is_saved_until_fixed(
    store, clerk_context, make_page, qtbot, type_chinese, make_id
):
    # Given the cadre opens a new record and types a name
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "赵四")
    good = make_id(dt.date(1945, 5, 6), 13)
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    # When they type an ID number with a wrong check character
    id_input = editor.fields["id_number"].input
    qtbot.keyClicks(id_input, bad)
    # Then the reason is shown under the field at once, and Save is disabled
    with pytest.raises(idcard.InvalidIdNumber) as reason:
        idcard.parse(bad, today=TODAY)
    assert editor.fields["id_number"].error == str(reason.value)
    assert not editor.save_button.isEnabled()
    # And Enter saves nothing
    qtbot.keyClick(id_input, Qt.Key.Key_Return)
    assert editor.isVisible()
    assert registered(store) == 0
    # When they correct the last character
    qtbot.keyClick(id_input, Qt.Key.Key_Backspace)
    qtbot.keyClicks(id_input, good[17])
    # Then the error goes, gender and birth date come from the ID, and Enter saves
    assert editor.fields["id_number"].error == ""
    assert editor.fields["gender"].value() == _(GENDER_LABELS["male"])
    assert "1945" in editor.fields["birth_date"].value()
    qtbot.keyClick(id_input, Qt.Key.Key_Return)
    assert not editor.isVisible()
    [saved] = list_residents(store, RegisterFilter(), TODAY)
    assert (saved.name, saved.id_number, saved.gender) == ("赵四", good, "male")
    assert page.current_resident_id() == saved.id


def test_a_missing_name_is_shown_when_leaving_the_field(
    store, clerk_context, make_page, qtbot, make_id
):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    # When the cadre leaves the name empty and tabs on to the ID number
    editor.fields["name"].input.setFocus()
    assert editor.fields["name"].error == ""  # not before they have been there
    qtbot.keyClick(editor.fields["name"].input, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.fields["id_number"].input, make_id(dt.date(1945, 5, 6), 13))
    # Then the name is reported missing and Save stays disabled
    assert editor.fields["name"].error == _("The name is missing")
    assert not editor.save_button.isEnabled()


def test_escape_on_typed_data_asks_and_discarding_closes_without_saving(
    store, clerk_context, make_page, qtbot, type_chinese, make_id, answer_discard
):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "赵四")
    qtbot.keyClicks(editor.fields["id_number"].input, make_id(dt.date(1945, 5, 6), 13))
    assert editor.save_button.isEnabled()
    asked = answer_discard("放弃修改")
    qtbot.keyClick(editor.fields["id_number"].input, Qt.Key.Key_Escape)
    assert asked == ["这张表里填写的内容还没有保存。"]
    assert not editor.isVisible()
    assert registered(store) == 0


def test_cancel_on_typed_data_can_go_back_to_the_form_with_the_data_kept(
    store, clerk_context, make_page, qtbot, type_chinese, answer_discard
):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "赵四")
    asked = answer_discard("继续填写")
    cancel = editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert editor.isVisible()
    assert editor.fields["name"].input.text() == "赵四"


def test_code_closing_the_form_asks_nothing(clerk_context, make_page, qtbot, type_chinese):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "赵四")
    editor.reject()  # another user signing in at the lock closes it like this
    assert not editor.isVisible()


def test_escape_on_an_untouched_form_closes_at_once(clerk_context, make_page, qtbot):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_a_likely_duplicate_is_saved_only_when_the_cadre_confirms(
    three_people,
    clerk_context,
    make_page,
    qtbot,
    type_chinese,
    make_id,
    answer_message_box,
):
    # Given 张三 of 一组 born 1940-03-05 is registered
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    # When the cadre enters 张三 again, same birth date, another ID number
    type_chinese(editor.fields["name"].input, "张三")
    qtbot.keyClicks(editor.fields["id_number"].input, make_id(dt.date(1940, 3, 5), 99))
    questions = answer_message_box(QMessageBox.StandardButton.No)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    # Then they are asked first, and answering No saves nothing
    assert questions and "张三" in questions[0]
    assert editor.isVisible()
    assert registered(three_people) == 3
    # When they save again and answer Yes, the second 张三 is registered
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert registered(three_people) == 4


def test_a_new_resident_is_saved_with_a_carer_and_a_category(
    store, clerk_context, make_page, qtbot, type_chinese, make_id
):
    page = make_page(clerk_context)
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "钱五")
    qtbot.keyClicks(editor.fields["id_number"].input, make_id(dt.date(1938, 8, 8), 15))
    # The carers tab: add a row, type the name, Tab to the phone column and type it
    editor.tabs.setCurrentWidget(editor.carers)
    qtbot.mouseClick(editor.carers.add_button, Qt.MouseButton.LeftButton)
    type_chinese(QApplication.focusWidget(), "钱小明")
    for _column in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "13700001111")  # the phone cell's editor
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # ends the cell only
    assert editor.isVisible()
    # The categories tab: living alone from today
    editor.tabs.setCurrentWidget(editor.categories)
    combo = editor.categories.code_combo
    combo.setCurrentIndex(combo.findData("living_alone"))
    qtbot.mouseClick(editor.categories.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    detail = resident_detail(page.current_resident_id())
    assert [(c.name, c.phone) for c in detail.carers] == [("钱小明", "13700001111")]
    assert [(m.code, m.start_date) for m in detail.categories] == [("living_alone", TODAY)]


def test_an_edited_phone_is_saved_and_listed_in_the_history(
    three_people, clerk_context, make_page, qtbot, search
):
    from carepoint.residents import field_label

    page = make_page(clerk_context)
    editor = open_editor_for(page, qtbot, search, "zs")
    phone = editor.fields["phone"].input
    phone.selectAll()
    qtbot.keyClicks(phone, "13900001111")
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    assert not editor.isVisible()
    editor = open_editor_for(page, qtbot, search, "zs")
    history = editor.history.texts()
    assert history[0] == f"{field_label('phone')}: 13812345678 → 13900001111"
    assert history[-1] == _("created the record")
    assert editor.history.item(0, 1).text() == "clerk1"


def test_ending_a_category_is_saved_with_the_record(
    three_people, clerk_context, make_page, qtbot, search
):
    from PySide6.QtCore import QDate

    page = make_page(clerk_context)
    editor = open_editor_for(page, qtbot, search, "zs")
    panel = editor.categories
    editor.tabs.setCurrentWidget(panel)
    panel.table.selectRow(0)
    panel.end_edit.setDate(QDate(2026, 6, 30))
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    [membership] = resident_detail(page.current_resident_id()).categories
    assert membership.end_date == dt.date(2026, 6, 30)
    # no longer living alone today; 80+ follows from his birth date
    assert page.model.data(page.model.index(0, 7)) == categories.label("oldest_old")


def test_a_viewer_opens_a_read_only_masked_record(
    three_people, viewer_context, make_page, qtbot, search, known_ids
):
    page = make_page(viewer_context)
    editor = open_editor_for(page, qtbot, search, "zs")
    assert editor.fields["id_number"].value() == idcard.mask(known_ids["张三"])
    assert editor.fields["phone"].value() == "138****5678"
    assert editor.fields["name"].input.isReadOnly()
    assert not editor.save_button.isVisible()
    assert not editor.status_button.isVisible()


def test_a_new_group_typed_in_the_editor_is_saved_and_offered_in_the_group_filter(
    store, clerk_context, make_page, qtbot, type_chinese, make_id
):
    page = make_page(clerk_context)
    assert page.group_filter.findData("五组") == -1
    editor = open_new_editor(page, qtbot)
    type_chinese(editor.fields["name"].input, "赵四")
    qtbot.keyClicks(editor.fields["id_number"].input, make_id(dt.date(1945, 5, 6), 13))
    group = editor.fields["group_name"].input.lineEdit()
    type_chinese(group, "五组")
    # Enter in the group box saves the record like in any other field
    qtbot.keyClick(group, Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert [r.group_name for r in list_residents(store, RegisterFilter(), TODAY)] == ["五组"]
    assert page.group_filter.findData("五组") > 0
