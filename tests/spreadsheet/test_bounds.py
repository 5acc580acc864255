"""Files that would exhaust the machine are read within bounds or refused with a message, and an
export is safe to open in Excel or WPS."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from carepoint.errors import UserInputError
from carepoint.spreadsheet import reader
from carepoint.spreadsheet.reader import read_rows
from carepoint.spreadsheet.writer import write_table

CAREPOINT = Path(sys.executable).parent / "carepoint"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def far_cell_xlsx(path: Path) -> Path:
    """A 1.7 KB workbook: a header in A1 and one cell at XFD1048576, the last cell a sheet has."""
    sheet = (f'<worksheet {_NS}><dimension ref="A1:XFD1048576"/><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c>'
             '<c r="B2" t="inlineStr"><is><t>11010519491231002X</t></is></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            f'<Relationships {_PKG}><Relationship Id="rId1" Type="{_TYPES}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook {_NS} {_R}><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships {_PKG}><Relationship Id="rId1" Type="{_TYPES}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def test_a_tiny_xlsx_with_a_cell_at_xfd1048576_is_read_sparsely_without_aborting(tmp_path):
    # Given the 1.7 KB file that made the reader ask for 512 GB and abort the whole process
    path = far_cell_xlsx(tmp_path / "far.xlsx")
    assert path.stat().st_size < 2048
    # When the command line imports it (a separate process: an abort would kill pytest too)
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    data = tmp_path / "village"
    subprocess.run([str(CAREPOINT), "--data-dir", str(data), "init", "--village-code",
                    "321183104201", "--village-name", "桃园村"], check=True, env=env,
                   capture_output=True)
    done = subprocess.run([str(CAREPOINT), "--data-dir", str(data), "--json", "residents",
                           "import", str(path), "--dry-run"], capture_output=True, text=True,
                          env=env, timeout=120)
    # Then it finishes normally and finds the one person in it
    assert done.returncode == 0, done.stderr
    assert '"imported": 1' in done.stdout


def test_the_far_cell_is_left_out_and_the_real_rows_kept(tmp_path):
    raw = read_rows(far_cell_xlsx(tmp_path / "far.xlsx"))
    assert raw.rows[:2] == [(1, ["姓名", "身份证号码"]), (2, ["张三", "11010519491231002X"])]
    assert all(len(values) <= reader.MAX_COLUMNS for _n, values in raw.rows)


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "county.csv"
    path.write_text("姓名,身份证号码\n" + "张三,11010519491231002X\n" * 200, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1024)
    with pytest.raises(UserInputError, match=r"at most 0 MB|Split it"):
        read_rows(path)


def test_a_file_over_the_row_limit_is_refused_with_the_count(tmp_path, monkeypatch):
    path = tmp_path / "county.csv"
    path.write_text("姓名,身份证号码\n" + "张三,11010519491231002X\n" * 50, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_ROWS", 40)
    with pytest.raises(UserInputError, match="reads at most 40 rows"):
        read_rows(path)


def test_the_limits_leave_room_for_a_county_of_300000_people():
    assert reader.MAX_ROWS >= 300_001
    # 300,000 rows of a 27-column roster are read densely, within the cell budget
    assert 300_001 * 27 <= reader.MAX_DENSE_CELLS


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_export_cell_that_would_run_as_a_formula_gets_a_leading_apostrophe(
    tmp_path, start
):
    path = tmp_path / "export.csv"
    dangerous = f"{start}HYPERLINK(\"http://x\",\"点我\")"
    write_table(path, ["姓名", "备注"], [["张三", dangerous], ["李四", "普通备注"]])
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1] == ["张三", "'" + dangerous]
    assert rows[2] == ["李四", "普通备注"]


def test_an_xlsx_export_writes_formula_like_text_as_text(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "export.xlsx"
    write_table(path, ["姓名", "备注"], [["张三", "=1+1"], ["李四", "+86 138"]])
    sheet = load_workbook(path).active
    assert [(c.value, c.data_type) for c in sheet[2]] == [("张三", "s"), ("=1+1", "s")]
    assert sheet["B3"].data_type == "s"


def test_an_export_that_fails_halfway_leaves_no_rows_in_the_temporary_folder(tmp_path, monkeypatch):
    """openpyxl writes a sheet's rows to a temporary file of its own and removes it only when it
    saves or the process ends: an export given up halfway (here the disk fills after 5,000 rows)
    removes it at once, so the app leaves no names or ID numbers in the temporary folder."""
    import gc
    import sys
    import tempfile

    from carepoint.errors import UserInputError

    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    ignored = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)

    def rows():
        for number in range(5000):
            yield [f"张{number}", "320102195001011234"]
        raise OSError(28, "No space left on device")

    with pytest.raises(UserInputError):
        write_table(tmp_path / "export.xlsx", ["姓名", "身份证号"], rows())
    gc.collect()
    assert list(scratch.iterdir()) == []
    assert ignored == []
    assert not (tmp_path / "export.xlsx").exists()
