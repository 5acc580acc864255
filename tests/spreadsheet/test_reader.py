import datetime as dt
import zipfile

import pytest

from carepoint.errors import UserInputError
from carepoint.spreadsheet import reader
from carepoint.spreadsheet.reader import read_rows, sheet_names

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def excel_style_xlsx(path, sheet_xml, shared_strings, styles_xml, date1904=False):
    """A workbook laid out as Excel saves it: shared strings, a styles part, a dimension."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       f'relationships"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
                       f'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr '
                           f'date1904="{int(date1904)}"/><sheets><sheet name="老人名单" '
                           f'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{shared_strings}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles_xml}</styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><dimension ref="A1:D3"/>'
                                    f'<sheetData>{sheet_xml}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_xlsx_values_keep_their_type_and_rows_keep_their_spreadsheet_numbers(make_xlsx):
    # Given a sheet with a blank row between two residents
    path = make_xlsx([
        ["姓名", "电话", "出生日期", "序号"],
        ["张秀英", 13800000001, dt.datetime(1949, 12, 31), 1],
        [None, None, None, None],
        ["李德明", 1.1010519491231e17, 14734, 2.5],
    ])

    # When it is read
    raw = read_rows(path)

    # Then the blank row is left out, the others keep their numbers and Python types
    assert raw.sheet_name == "花名册"
    assert raw.rows == [
        (1, ["姓名", "电话", "出生日期", "序号"]),
        (2, ["张秀英", 13800000001, dt.datetime(1949, 12, 31), 1]),
        (4, ["李德明", 1.1010519491231e17, 14734, 2.5]),
    ]
    assert [type(value) for value in raw.rows[1][1][1:]] == [int, dt.datetime, int]
    assert isinstance(raw.rows[2][1][1], float)  # an ID Excel rounded stays recognisable


def test_xlsx_merged_title_cell_gives_its_value_in_the_first_cell_only(make_xlsx):
    path = make_xlsx([["XX村高龄老人花名册", None, None], ["姓名", "性别", "备注"]],
                     merges=["A1:C1"])

    assert read_rows(path).rows[0] == (1, ["XX村高龄老人花名册"])


def test_xlsx_default_sheet_is_the_first_worksheet_even_when_another_is_active(make_xlsx):
    path = make_xlsx([["第一页"]], sheet="名册", other_sheets=[("说明", [["第二页"]])], active=1)

    raw = read_rows(path)

    assert (raw.sheet_name, raw.rows) == ("名册", [(1, ["第一页"])])


def test_a_named_sheet_is_read(make_xlsx):
    path = make_xlsx([["a"]], sheet="一组", other_sheets=[("二组", [["b"]])])

    assert read_rows(path, sheet="二组").rows == [(1, ["b"])]


def test_an_unknown_sheet_name_is_refused_with_the_sheets_there_are(make_xlsx):
    path = make_xlsx([["a"]], sheet="一组", other_sheets=[("二组", [["b"]])])

    with pytest.raises(UserInputError, match="no sheet named “三组”.*一组、二组"):
        read_rows(path, sheet="三组")


def test_sheet_names_lists_the_worksheets_in_order(make_xlsx, make_xls, make_csv):
    assert sheet_names(make_xlsx([["a"]], sheet="一组", other_sheets=[("二组", [])])) == [
        "一组", "二组"]
    assert sheet_names(make_xls([["a"]], sheet="甲", other_sheets=[("乙", [])])) == ["甲", "乙"]
    assert sheet_names(make_csv("姓名\n张三\n", name="名册.csv")) == ["名册"]


def test_excel_style_xlsx_reads_shared_strings_rich_text_and_chinese_date_formats(tmp_path):
    # Given the parts Excel writes: shared strings with a rich-text run and a phonetic guide,
    # a built-in Chinese date format (31) and a custom one
    strings = ('<si><t>姓名</t></si><si><r><t>张</t></r><r><rPr><b/></rPr><t>秀英</t></r>'
               '<rPh sb="0" eb="1"><t>zhang</t></rPh></si><si><t>a_x000D_b</t></si>')
    styles = ('<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;'
              '月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/>'
              '<xf numFmtId="31"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs>')
    sheet = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="1"><v>14734</v></c>'
             '<c r="C3" s="2"><v>14735</v></c><c r="D3" s="3"><v>7</v></c>'
             '<c r="F3" t="s"><v>2</v></c><c r="G3" t="e"><v>#N/A</v></c>'
             '<c r="H3" t="b"><v>1</v></c><c r="I3" t="str"><v>公式</v></c></row>')
    path = excel_style_xlsx(tmp_path / "excel.xlsx", sheet, strings, styles)

    # When it is read
    raw = read_rows(path)

    # Then text, dates and numbers come out as Excel shows them
    assert raw.sheet_name == "老人名单"
    assert raw.rows == [
        (1, ["姓名"]),
        (3, ["张秀英", dt.datetime(1940, 5, 3), dt.datetime(1940, 5, 4), 7, None, "a\rb", None,
             True, "公式"]),
    ]


def test_excel_style_xlsx_in_the_1904_date_system_reads_dates_from_1904(tmp_path):
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    # 13271 days after 1904-01-01
    sheet = '<row r="1"><c r="A1" s="1"><v>13272</v></c></row>'
    path = excel_style_xlsx(tmp_path / "mac.xlsx", sheet, "", styles, date1904=True)

    assert read_rows(path).rows == [(1, [dt.datetime(1940, 5, 3)])]


def test_xls_dates_become_datetimes_and_exact_whole_numbers_ints(make_xls):
    # Given an .xls with a date cell, a serial number, a phone number and an ID Excel rounded
    path = make_xls([
        ["姓名", "出生日期", "电话", "身份证号码"],
        ["张秀英", dt.date(1940, 5, 3), 13800000001, 110105194912310002],
    ])

    # When it is read
    raw = read_rows(path)

    # Then the 18-digit ID stays a float, so the importer can tell it was mangled
    name, born, phone, id_number = raw.rows[1][1]
    assert (name, born, phone) == ("张秀英", dt.datetime(1940, 5, 3), 13800000001)
    assert isinstance(phone, int)
    assert isinstance(id_number, float)


def test_xls_blank_rows_are_left_out_and_numbers_kept(make_xls):
    path = make_xls([["标题"], [], ["姓名"]])

    assert read_rows(path).rows == [(1, ["标题"]), (3, ["姓名"])]


def test_an_xlsx_saved_with_an_xls_name_is_still_read(make_xlsx, tmp_path):
    path = make_xlsx([["姓名"]]).rename(tmp_path / "renamed.xls")

    assert read_rows(path).rows == [(1, ["姓名"])]


def test_utf8_csv_with_bom_is_read_as_text_and_empty_cells_as_none(make_csv):
    path = make_csv("姓名,身份证号码,备注\r\n张秀英,11010519491231002X,\r\n", encoding="utf-8-sig")

    raw = read_rows(path)

    assert raw.sheet_name == "roster"
    assert raw.rows == [(1, ["姓名", "身份证号码", "备注"]), (2, ["张秀英", "11010519491231002X"])]


def test_gb18030_csv_from_wps_is_decoded(make_csv):
    path = make_csv("姓名,性别\n张秀英,女\n", encoding="gb18030")

    assert read_rows(path).rows == [(1, ["姓名", "性别"]), (2, ["张秀英", "女"])]


def test_utf16_tab_separated_text_from_excel_is_decoded(make_csv):
    path = make_csv("姓名\t性别\r\n张秀英\t女\r\n", encoding="utf-16")

    assert read_rows(path).rows == [(1, ["姓名", "性别"]), (2, ["张秀英", "女"])]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_sniffed(make_csv, delimiter):
    # Given a title line and addresses holding commas
    text = "XX村花名册\n" + delimiter.join(["姓名", "住址", "电话"]) + "\n"
    text += delimiter.join(["张秀英", "一组,3号", "138"]) + "\n"
    path = make_csv(text)

    assert read_rows(path).rows[2] == (3, ["张秀英", "一组,3号", "138"])


def test_csv_rows_are_numbered_by_record_and_blank_lines_left_out(make_csv):
    path = make_csv('姓名,备注\n\n张秀英,"两行\n备注"\n李德明,\n')

    assert [number for number, _values in read_rows(path).rows] == [1, 3, 4]


def test_a_missing_file_is_refused_naming_it(tmp_path):
    missing = tmp_path / "没有.xlsx"

    with pytest.raises(UserInputError, match="没有.xlsx.*does not exist"):
        read_rows(missing)


def test_a_text_file_is_refused_with_the_types_that_work(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_text("姓名\n", encoding="utf-8")

    with pytest.raises(UserInputError, match=r"名单.txt.*\.xlsx, \.xls or \.csv"):
        read_rows(path)


def test_a_corrupt_xlsx_is_refused_as_damaged(tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(UserInputError, match="坏.xlsx is damaged"):
        read_rows(path)


def test_a_zip_that_is_not_a_workbook_is_refused_as_damaged(tmp_path):
    path = tmp_path / "照片.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")

    with pytest.raises(UserInputError, match="照片.xlsx is damaged"):
        sheet_names(path)


def test_a_truncated_xlsx_is_refused_as_damaged(make_xlsx):
    path = make_xlsx([["姓名", "张三"]] * 200)
    path.write_bytes(path.read_bytes()[:-200])

    with pytest.raises(UserInputError, match="damaged"):
        read_rows(path)


def test_a_corrupt_xls_is_refused_as_damaged(tmp_path):
    path = tmp_path / "坏.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    with pytest.raises(UserInputError, match="坏.xls is damaged"):
        read_rows(path)


def test_a_password_protected_workbook_is_refused_asking_for_a_copy_without_it(tmp_path):
    # Given what Excel writes for a locked workbook: an OLE container with an EncryptedPackage
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)

    with pytest.raises(UserInputError, match="加密.xlsx is protected by a password"):
        read_rows(path)


def test_a_web_page_saved_as_xls_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "导出.xls"
    path.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")

    with pytest.raises(UserInputError, match="web page"):
        read_rows(path)


def test_an_xlsx_that_unpacks_too_large_is_refused(make_xlsx, monkeypatch):
    path = make_xlsx([["姓名"] * 50] * 50)
    monkeypatch.setattr(reader, "_MAX_UNPACKED", 1000)

    with pytest.raises(UserInputError, match="too large"):
        read_rows(path)


def test_a_csv_of_binary_bytes_is_refused(make_csv, tmp_path):
    path = tmp_path / "二进制.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)

    with pytest.raises(UserInputError, match="Row 1 of 二进制.csv contains a NUL character"):
        read_rows(path)


def test_a_nul_byte_deep_in_a_csv_is_refused_with_its_row(make_csv):
    rows = ["姓名,身份证号码"] + [f"张{n},11010519491231002X" for n in range(5000)]
    rows[3000] = "李\x00四,11010519491231002X"  # past the first 4 KB a sniff would look at
    path = make_csv("\r\n".join(rows), encoding="gb18030")

    with pytest.raises(UserInputError, match="Row 3001 of roster.csv contains a NUL"):
        read_rows(path)
