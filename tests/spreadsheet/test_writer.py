import datetime as dt
import errno
import os
import warnings
import zipfile
from xml.etree.ElementTree import fromstring

import pytest

from carepoint.errors import UserInputError
from carepoint.spreadsheet import writer
from carepoint.spreadsheet.headers import FIELDS
from carepoint.spreadsheet.reader import read_rows
from carepoint.spreadsheet.table import locate_table
from carepoint.spreadsheet.writer import write_table

EXPORT_FIELDS = ["name", "gender", "id_number", "birth_date", "group", "categories",
                 "carer_name", "carer_phone", "bank_account", "notes"]
HEADERS = [FIELDS[field][0] for field in EXPORT_FIELDS]
RESIDENTS = [
    ["张秀英", "女", "11010519491231002X", "1949-12-31", "一组", "独居、低保", "王强",
     "13900000001", "6217000010001234567", None],
    ["李德明", "男", "440524188001010014", "1880-01-01", "二组", "高龄", None, None,
     "6217000010001234568", "住  院 "],
]


def leftovers(folder):
    return [path.name for path in folder.iterdir() if path.suffix == ".part"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_written_table_reads_back_with_the_same_fields_and_values(tmp_path, suffix):
    # Given the register written with the export headers
    path = tmp_path / f"花名册{suffix}"
    write_table(path, HEADERS, RESIDENTS)

    # When it is read and located again
    table = locate_table(read_rows(path))

    # Then every field and value comes back as it was
    assert list(table.columns) == EXPORT_FIELDS
    assert [list(row.values.values()) for row in table.rows] == [
        RESIDENTS[0], [*RESIDENTS[1][:-1], "住  院"]]


def test_xlsx_cells_are_text_so_long_numbers_survive_opening_in_excel(tmp_path):
    # Given numbers and dates handed to the writer
    path = tmp_path / "export.xlsx"
    write_table(path, ["身份证号码", "出生日期", "银行卡号", "补贴"],
                [[110105194912310002, dt.date(1949, 12, 31), 6217000010001234567, 2.5]])

    # When Excel's own rules read the cells (openpyxl here)
    from openpyxl import load_workbook

    sheet = load_workbook(path).active

    # Then every value is a text cell
    assert [cell.value for cell in sheet[2]] == [
        "110105194912310002", "1949-12-31", "6217000010001234567", "2.5"]
    assert {cell.data_type for cell in sheet[2]} == {"s"}


def test_xlsx_is_a_package_excel_opens_with_a_bold_frozen_header(tmp_path):
    path = tmp_path / "export.xlsx"
    write_table(path, HEADERS, RESIDENTS, sheet_title="一组: 名单?")

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about parts it has to repair
        book = load_workbook(path)
    sheet = book.active
    assert sheet.title == "一组 名单"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 20  # wide enough for an ID number


def test_xlsx_parts_are_well_formed_xml_even_with_awkward_text(tmp_path):
    # Given text with markup characters, a formula lookalike and a control character
    path = tmp_path / "export.xlsx"
    awkward = ["<b>&\"'", "=SUM(A1:A3)", "备注\x0b有控制符", "  前后空格  "]
    write_table(path, ["备注"] * 4, [awkward])

    # Then every part parses and the text arrives intact (minus the control character)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            fromstring(archive.read(name))
    assert read_rows(path).rows[1][1] == ["<b>&\"'", "=SUM(A1:A3)", "备注有控制符", "  前后空格  "]


def test_csv_is_utf8_with_a_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "export.csv"

    write_table(path, ["姓名", "身份证号码"], [["张秀英", 110105194912310002]])

    assert path.read_bytes() == "\ufeff姓名,身份证号码\r\n张秀英,110105194912310002\r\n".encode()


def test_an_unsupported_extension_is_refused_and_nothing_written(tmp_path):
    path = tmp_path / "export.xls"

    with pytest.raises(UserInputError, match=r"\.xlsx or \.csv, not as export.xls"):
        write_table(path, HEADERS, RESIDENTS)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(UserInputError, match="does not exist"):
        write_table(tmp_path / "没有" / "export.xlsx", HEADERS, RESIDENTS)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_half_file(tmp_path, suffix):
    # Given an earlier export and rows that fail part way through
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"old export")

    def failing_rows():
        yield RESIDENTS[0]
        raise RuntimeError("database went away")

    # When the export is written
    with pytest.raises(RuntimeError):
        write_table(path, HEADERS, failing_rows())

    # Then the old file is untouched and no temporary file is left behind
    assert path.read_bytes() == b"old export"
    assert leftovers(tmp_path) == []


def test_a_file_locked_by_excel_is_reported_with_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"old export")

    def locked(_source, _target):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", locked)

    with pytest.raises(UserInputError, match="open in Excel or WPS, close it"):
        write_table(path, HEADERS, RESIDENTS)
    assert path.read_bytes() == b"old export"
    assert leftovers(tmp_path) == []


def test_a_full_disk_is_reported_as_such(tmp_path, monkeypatch):
    def full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writer, "_write_csv", full)

    with pytest.raises(UserInputError, match="not enough space"):
        write_table(tmp_path / "export.csv", HEADERS, RESIDENTS)
    assert list(tmp_path.iterdir()) == []
