"""The register list as a cadre uses it: search, filters, sorting, columns, keyboard, masking."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from carepoint.residents import set_status, status_label


def names_listed(page) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def column_values(page, key: str) -> list[str]:
    from ui.register.model import COLUMN_KEYS

    model, column = page.model, COLUMN_KEYS.index(key)
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_typing_the_initials_zs_finds_zhang_san(three_people, clerk_context, make_page, search):
    # Given three residents on the register page
    page = make_page(clerk_context)
    assert page.model.rowCount() == 3
    # When the cadre types the initials zs into the search box
    search(page, "zs")
    # Then only 张三 is listed and the count says so
    assert names_listed(page) == ["张三"]
    assert "1" in page.count_label.text()


def test_typing_part_of_an_id_number_finds_the_person(
    three_people, clerk_context, make_page, search, known_ids
):
    page = make_page(clerk_context)
    search(page, known_ids["王芳"][:8])  # 11010519…: only 王芳 was born in 110105
    assert names_listed(page) == ["王芳"]


def test_pinyin_search_finds_every_matching_name(three_people, clerk_context, make_page, search):
    page = make_page(clerk_context)
    search(page, "xiuying")
    assert names_listed(page) == ["李秀英"]


def test_filtering_by_status_lists_only_the_deceased(three_people, clerk_context, make_page):
    # Given 李秀英 died last month
    set_status(three_people, 2, "deceased", dt.date(2026, 10, 3), "")
    page = make_page(clerk_context)
    # When the cadre picks "deceased" in the status filter
    choose(page.status_filter, "deceased")
    # Then only she is listed, shown as deceased
    assert names_listed(page) == ["李秀英"]
    assert column_values(page, "status") == [status_label("deceased")]


def test_filtering_by_category_and_group(three_people, clerk_context, make_page):
    page = make_page(clerk_context)
    choose(page.category_filter, "living_alone")
    assert names_listed(page) == ["张三"]
    choose(page.category_filter, None)
    choose(page.group_filter, "二组")
    assert sorted(names_listed(page)) == ["李秀英", "王芳"]
    choose(page.age_filter, "60_69")
    assert names_listed(page) == ["王芳"]


def test_clicking_the_age_header_lists_the_oldest_first(three_people, clerk_context, make_page):
    from ui.register.model import COLUMN_KEYS

    page = make_page(clerk_context)
    header = page.table.horizontalHeader()
    age = COLUMN_KEYS.index("age")
    # When the cadre clicks the age header (ascending age), then again (descending)
    page.table.sortByColumn(age, Qt.SortOrder.AscendingOrder)
    assert column_values(page, "age") == ["64", "76", "86"]
    page.table.sortByColumn(age, Qt.SortOrder.DescendingOrder)
    assert column_values(page, "age") == ["86", "76", "64"]
    assert header.sortIndicatorSection() == age


def test_clicking_a_header_without_an_order_keeps_the_list_as_it_was(
    three_people, clerk_context, make_page, qtbot
):
    from ui.register.model import COLUMN_KEYS

    page = make_page(clerk_context)
    before = names_listed(page)
    header = page.table.horizontalHeader()
    gender = COLUMN_KEYS.index("gender")
    position = header.sectionViewportPosition(gender) + header.sectionSize(gender) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(position, header.height() // 2)
    )
    assert names_listed(page) == before
    assert header.sortIndicatorSection() == COLUMN_KEYS.index("name")


def test_viewer_sees_masked_id_numbers_and_phones_and_cannot_edit(
    three_people, viewer_context, make_page, known_ids, search
):
    # Given a viewer signed in
    page = make_page(viewer_context)
    search(page, "zs")
    # Then the ID number and phone are masked
    shown_id = column_values(page, "id_number")[0]
    assert shown_id == known_ids["张三"][:4] + "*" * 10 + known_ids["张三"][-4:]
    assert column_values(page, "phone") == ["138****5678"]
    # And nothing that changes data can be used
    for button in (page.new_button, page.status_button, page.import_button, page.export_button):
        assert not button.isEnabled()


def test_the_column_chooser_hides_a_column_and_remembers_it(three_people, clerk_context, make_page):
    from ui.register.model import COLUMN_KEYS, column_menu

    page = make_page(clerk_context)
    phone = COLUMN_KEYS.index("phone")
    menu = column_menu(page.table, lambda index, visible: None)
    assert [a.isChecked() for a in menu.actions()] == [True] * len(COLUMN_KEYS)
    # When the cadre opens the header menu and unticks the phone column
    page.table.horizontalHeader().customContextMenuRequested.emit(
        page.table.horizontalHeader().rect().center()
    )
    shown_menu = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not page)
    next(a for a in shown_menu.actions() if a.text() == menu.actions()[phone].text()).trigger()
    shown_menu.close()
    # Then the column disappears, and a new page (next start) keeps it hidden
    assert page.table.isColumnHidden(phone)
    again = make_page(clerk_context)
    assert again.table.isColumnHidden(phone)
    assert not again.table.isColumnHidden(0)


def test_ctrl_f_focuses_the_search_and_down_goes_to_the_list(
    three_people, clerk_context, make_page, qtbot
):
    page = make_page(clerk_context)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.current_resident_id() is not None


def test_enter_on_a_row_opens_the_editor_and_ctrl_n_a_new_one(
    three_people, clerk_context, make_page, qtbot
):
    page = make_page(clerk_context)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.editor.isVisible()
    assert page.editor.fields["name"].value() == names_listed(page)[0]
    page.editor.reject()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.isVisible() and page.editor.fields["name"].value() == ""
    page.editor.reject()


def test_the_lazy_list_fetches_only_the_pages_it_shows(
    insert_many, clerk_context, make_page, qtbot
):
    from ui.widgets.paged_model import PAGE_SIZE

    # Given 3,000 residents
    insert_many(3000)
    # When the page opens, then only the first page of rows was read
    page = make_page(clerk_context)
    assert page.model.rowCount() == 3000
    assert page.model.pages_fetched == [0]
    # When the cadre jumps to the end of the list, then only the last page is added
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().row() == 2999
    qtbot.waitUntil(lambda: len(page.model.pages_fetched) > 1, timeout=2000)
    qtbot.wait(50)  # any further paint
    assert page.model.pages_fetched == [0, (3000 - 1) // PAGE_SIZE]


def test_export_writes_the_listed_residents(
    three_people, clerk_context, make_page, qtbot, tmp_path
):
    from openpyxl import load_workbook

    page = make_page(clerk_context)
    page.group_filter.setCurrentIndex(page.group_filter.findData("二组"))
    target = tmp_path / "roster.xlsx"
    page.export_to(target)
    qtbot.waitUntil(page.export_finished, timeout=10000)
    qtbot.waitUntil(lambda: "2" in page.message_label.text(), timeout=2000)
    sheet = load_workbook(target).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])
    assert names == ["李秀英", "王芳"]
