import datetime as dt

import pytest

from carepoint.errors import UserInputError
from carepoint.spreadsheet.headers import (
    FIELDS,
    IGNORED_HEADERS,
    field_for_header,
    field_for_pair,
    normalise_header,
)
from carepoint.spreadsheet.reader import RawSheet, read_rows
from carepoint.spreadsheet.table import locate_table, map_headers


def sheet(*rows, start=1):
    """A RawSheet as the reader gives it: rows numbered from `start`, blank rows left out."""
    return RawSheet("花名册", [(number, list(row)) for number, row in enumerate(rows, start)
                               if any(cell is not None for cell in row)])


def test_every_header_text_names_exactly_one_field():
    texts = [normalise_header(text) for field in FIELDS.values() for text in field]
    texts += [normalise_header(text) for text in IGNORED_HEADERS]

    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("header", "field"), [
    ("*姓名", "name"), ("身份证号码（必填）", "id_number"), ("出生\n日期", "birth_date"),
    ("性　别", "gender"), ("联系电话：", "phone"), ("公民身份号码(18位)", "id_number"),
    ("老人姓名", "name"), ("组", "group"), ("赡养人/扶养人", "carer_name"), ("ＩＤ", None),
])
def test_headers_match_whatever_decoration_they_carry(header, field):
    assert field_for_header(header) == field


@pytest.mark.parametrize(("parent", "child", "field"), [
    ("赡养人", "姓名", "carer_name"), ("赡养人", "电话", "carer_phone"),
    ("赡养人", "关系", "carer_relation"), ("赡养人/扶养人", "住址", "carer_address"),
    ("就医联系人", "电话", "medical_contact_phone"), ("就医联系人", "姓名", "medical_contact_name"),
    ("代理人", "电话", "agent_phone"), ("代理人", "联系电话", "agent_phone"),
    ("基本情况", "姓名", "name"), ("地址", "户籍", "household_address"),
    ("就医联系人", "关系", None),
])
def test_a_sub_header_under_a_merged_parent_names_the_parents_detail(parent, child, field):
    assert field_for_pair(parent, child) == field


def test_the_header_row_is_found_below_a_title_row(make_xlsx, roster_rows):
    # Given a sheet whose merged title sits above the header
    path = make_xlsx(roster_rows, merges=["A1:H1"])

    # When the table is located
    table = locate_table(read_rows(path))

    # Then the header is row 2 and the residents follow it
    assert table.header_row == 2
    assert table.columns == {"name": 1, "gender": 2, "id_number": 3, "birth_date": 4, "group": 5,
                             "phone": 6, "notes": 7}
    assert [row.row_number for row in table.rows] == [3, 4]
    assert table.rows[0].values["name"] == "张秀英"


def test_source_rows_hold_only_mapped_fields_with_raw_values_and_stripped_text():
    raw = sheet(["序号", "姓名", "身份证号", "出生年月", "年龄"],
                [1, " 张秀英\u3000", 1.1010519491231e17, dt.datetime(1940, 5, 3), 85],
                [2, "李德明", "  ", 14734, 86])

    rows = locate_table(raw).rows

    assert rows[0].values == {"name": "张秀英", "id_number": 1.1010519491231e17,
                              "birth_date": dt.datetime(1940, 5, 3)}
    assert rows[1].values == {"name": "李德明", "id_number": None, "birth_date": 14734}


def test_synonyms_are_mapped_to_their_fields():
    raw = sheet(["老人姓名", "公民身份号码", "出生年月日", "手机", "所在组", "类别", "一卡通账号"])

    assert map_headers(raw.rows[0][1]) == {
        "name": 0, "id_number": 1, "birth_date": 2, "phone": 3, "group": 4, "categories": 5,
        "bank_account": 6}


def test_a_two_row_merged_header_combines_parent_and_child(make_xlsx):
    # Given row 3 with 赡养人, 就医联系人 and 代理人 merged over their sub-headers in row 4
    path = make_xlsx([
        ["XX村老年人档案"],
        [],
        ["序号", "姓名", "性别", "赡养人", None, None, "就医联系人", None, "代理人", None, "备注"],
        [None, None, None, "姓名", "关系", "电话", "姓名", "电话", "姓名", "电话", None],
        [1, "张秀英", "女", "王强", "儿子", "139", "王丽", "137", "赵六", "136", "独居"],
    ], merges=["A1:K1", "A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:H3", "I3:J3", "K3:K4"])

    # When the table is located
    table = locate_table(read_rows(path))

    # Then each sub-column maps to its person's detail and the data starts on row 5
    assert table.header_row == 4
    assert table.columns == {
        "name": 1, "gender": 2, "carer_name": 3, "carer_relation": 4, "carer_phone": 5,
        "medical_contact_name": 6, "medical_contact_phone": 7, "agent_name": 8,
        "agent_phone": 9, "notes": 10}
    assert table.unknown_headers == []
    assert [row.row_number for row in table.rows] == [5]


def test_blank_rows_are_skipped_and_row_numbers_kept():
    raw = sheet(["姓名", "性别"], ["张秀英", "女"], [None, None], ["  ", "\u3000"],
                ["李德明", "男"])

    assert [row.row_number for row in locate_table(raw).rows] == [2, 5]


def test_a_row_with_only_a_serial_number_counts_as_blank():
    raw = sheet(["序号", "姓名", "性别"], [1, "张秀英", "女"], [2, None, None], [3, None, None])

    assert [row.row_number for row in locate_table(raw).rows] == [2]


def test_a_signers_footer_ends_the_table_and_later_rows_are_ignored():
    # Given a footer naming the preparer and reviewer, and a stray row under it
    raw = sheet(["姓名", "性别"], ["张秀英", "女"], ["填表人：张三", "审核人：李四"],
                ["王五", "男"])

    # When the table is located
    table = locate_table(raw)

    # Then the footer row is recorded and nothing after it is imported
    assert table.footer_row == 3
    assert [row.values["name"] for row in table.rows] == ["张秀英"]


@pytest.mark.parametrize("footer", [
    ["合  计", "2人"], [None, "制表人：王五"], ["单位（盖章）", None], ["注：本表一式两份", None],
    [None, "村委会", "审 核 人：李四"],
])
def test_footer_rows_in_their_usual_forms_end_the_table(footer):
    raw = sheet(["姓名", "性别", "备注"], ["张秀英", "女"], footer, ["王五", "男"])

    assert locate_table(raw).footer_row == 3


def test_a_header_repeated_on_each_printed_page_is_skipped():
    raw = sheet(["序号", "姓名", "性别"], [1, "张秀英", "女"], ["第 1 页"],
                ["序号", "姓名", "性别"], [2, "李德明", "男"])

    assert [row.values["name"] for row in locate_table(raw).rows] == ["张秀英", "李德明"]


def test_a_row_numbering_the_columns_under_the_header_is_skipped():
    raw = sheet(["序号", "姓名", "性别", "身份证号码"], [1, 2, 3, 4], [1, "张秀英", "女", "x"])

    assert [row.row_number for row in locate_table(raw).rows] == [3]


def test_unknown_headers_are_reported_and_ignored_ones_are_not():
    raw = sheet(["序号", "姓名", "年龄", "身份证号码", "文化程度"], [1, "张秀英", 85, "x", "小学"])

    table = locate_table(raw)

    assert table.unknown_headers == ["文化程度"]
    assert "文化程度" not in str(table.rows[0].values)


def test_a_field_named_by_two_columns_keeps_the_first_and_reports_the_second():
    raw = sheet(["姓名", "电话", "手机"], ["张秀英", "138", "139"])

    table = locate_table(raw)

    assert table.columns["phone"] == 1
    assert table.duplicate_headers == ["手机"]
    assert table.rows[0].values["phone"] == "138"


def test_the_header_must_name_a_resident_by_name_or_id_number():
    raw = sheet(["性别", "出生日期", "电话"], ["女", "1940-05-03", "138"])

    with pytest.raises(UserInputError, match="No header row found.*姓名、身份证号码"):
        locate_table(raw)


def test_a_header_below_the_first_fifteen_rows_is_not_found():
    raw = sheet(*[[f"说明{number}"] for number in range(15)], ["姓名", "性别"], ["张秀英", "女"])

    with pytest.raises(UserInputError, match="first 15 rows"):
        locate_table(raw)


def test_the_row_naming_most_fields_wins_over_an_earlier_weaker_one():
    raw = sheet(["姓名", "备注：以下为本村名单"], ["序号", "姓名", "性别", "身份证号码"],
                [1, "张秀英", "女", "11010519491231002X"])

    assert locate_table(raw).header_row == 2


def test_a_mapping_chosen_by_the_user_replaces_detection():
    # Given a sheet whose ID column has a title no one recognises
    raw = sheet(["姓名", "性别", "号码"], ["张秀英", "女", "11010519491231002X"])

    # When the user maps that column to the ID number
    table = locate_table(raw, columns={"name": 0, "id_number": 2})

    # Then it is used, and the column left out is reported as unknown
    assert table.rows[0].values == {"name": "张秀英", "id_number": "11010519491231002X"}
    assert table.unknown_headers == ["性别"]


def test_a_user_mapping_with_a_header_row_works_on_a_sheet_with_no_known_headers():
    raw = sheet(["甲", "乙"], ["张秀英", "女"], ["李德明", "男"])

    table = locate_table(raw, columns={"name": 0, "gender": 1}, header_row=1)

    assert [row.values["gender"] for row in table.rows] == ["女", "男"]


def test_a_user_mapping_naming_no_register_field_is_a_programming_error():
    raw = sheet(["姓名", "性别"], ["张秀英", "女"])

    with pytest.raises(ValueError, match="shoe_size"):
        locate_table(raw, columns={"shoe_size": 1})


def test_a_messy_xls_register_yields_its_residents_with_readable_dates(make_xls):
    # Given an .xls as a township form: title, header, dates written four ways, an ID Excel
    # rounded, the header repeated for the second printed page and signatures at the foot
    from carepoint.spreadsheet.values import cell_text, parse_date

    path = make_xls([
        ["XX村高龄老人花名册"],
        ["序号", "姓名", "身份证号码", "出生日期", "年龄"],
        [1, "张秀英", "11010519491231002X", "1940.5.3", 86],
        [2, "李德明", 110105194912310002, "1940年5月3日", 86],
        ["序号", "姓名", "身份证号码", "出生日期", "年龄"],
        [3, "王桂兰", "440524188001010014", dt.date(1940, 5, 3), 86],
        [4, "赵国强", "440524188001010022", 14734, 86],
        [],
        ["填表人：张三", None, "审核人：李四"],
        [5, "不应导入", None, None, None],
    ])

    # When the table is located
    table = locate_table(read_rows(path))

    # Then the four residents come through, every birth date reads as 1940-05-03
    assert [row.values["name"] for row in table.rows] == ["张秀英", "李德明", "王桂兰", "赵国强"]
    assert {parse_date(row.values["birth_date"]) for row in table.rows} == {dt.date(1940, 5, 3)}
    assert cell_text(table.rows[1].values["id_number"]) == "110105194912310000"
    assert table.footer_row == 9
