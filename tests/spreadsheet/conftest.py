"""Builders for the messy spreadsheets cadres send: each test writes its own file in tmp_path."""

from __future__ import annotations

import datetime as dt

import pytest

from carepoint import i18n


@pytest.fixture(autouse=True)
def english_messages():
    """These tests check messages by their English ids, whatever the suite's default language."""
    previous = i18n.current_locale()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def make_xlsx(tmp_path):
    """Write rows (None for an empty cell) to an xlsx; `merges` are ranges such as "A1:H1"."""
    from openpyxl import Workbook

    def build(rows, *, name="roster.xlsx", sheet="花名册", merges=(), other_sheets=(),
              active=None):
        book = Workbook()
        first = book.active
        first.title = sheet
        for row in rows:
            first.append(row)
        for cell_range in merges:
            first.merge_cells(cell_range)
        for title, other_rows in other_sheets:
            other = book.create_sheet(title)
            for row in other_rows:
                other.append(row)
        if active is not None:
            book.active = active
        path = tmp_path / name
        book.save(path)
        return path

    return build


@pytest.fixture
def make_xls(tmp_path):
    """Write rows to a BIFF8 .xls as WPS and old Excel do; datetimes get a date format."""
    import xlwt

    def build(rows, *, name="roster.xls", sheet="花名册", other_sheets=()):
        book = xlwt.Workbook(encoding="utf-8")
        date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
        for title, sheet_rows in [(sheet, rows), *other_sheets]:
            target = book.add_sheet(title)
            for row_index, row in enumerate(sheet_rows):
                for column, value in enumerate(row):
                    if isinstance(value, dt.date):
                        target.write(row_index, column, value, date_style)
                    elif value is not None:
                        target.write(row_index, column, value)
        path = tmp_path / name
        book.save(str(path))
        return path

    return build


@pytest.fixture
def make_csv(tmp_path):
    def build(text, *, name="roster.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return build


HEADER = ["序号", "姓名", "性别", "身份证号码", "出生日期", "村民小组", "联系电话", "备注"]


@pytest.fixture
def roster_rows():
    """A title row, the header and two residents, as a village sheet starts."""
    return [
        ["XX村高龄老人花名册", None, None, None, None, None, None, None],
        HEADER,
        [1, "张秀英", "女", "11010519491231002X", "1949-12-31", "一组", "13800000001", None],
        [2, "李德明", "男", "440524188001010014", "1880-01-01", "二组", None, "独居"],
    ]
