"""A village roster as cadres keep it in WPS: 23 real people written every way rosters write
them, 6 genuinely bad rows, 2 people who are no longer on the register, one sheet per group.

The writers produce the file shapes villages send: an xlsx with a merged two-row header and one
sheet per group (the group only in the sheet name and title row), a BIFF .xls written by xlwt,
and a GB18030 csv as WPS saves it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builders import id_number

from carepoint import idcard

ADDRESS = "410221"
TITLE = "{group}老年人花名册"
HEADER_TOP = ["序号", "姓名", "性别", "身份证号码", "出生年月", "人员类别", "联系电话", "赡养人",
              None, "备注"]
HEADER_SUB = [None, None, None, None, None, None, None, "姓名", "电话", None]
FLAT_HEADER = ["序号", "姓名", "性别", "身份证号码", "出生年月", "村民小组", "人员类别", "联系电话",
               "赡养人姓名", "赡养人电话", "备注"]
FILLED_ON = "填报日期：2026年10月8日"
AS_OF = dt.date(2026, 10, 8)


def pid(birth: dt.date, sequence: int) -> str:
    return id_number(birth, sequence, ADDRESS)


@dataclass
class Person:
    name: str
    gender: str
    id_cell: object
    birth_cell: object
    group: str  # as written in a 村民小组 column
    categories: str = ""
    phone: str = ""
    carer: str = ""
    carer_phone: str = ""
    notes: str = ""
    sheet: str = "一组"  # the sheet it sits on in the one-sheet-per-group workbook


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


ZHANG_HUA = pid(dt.date(1941, 3, 15), 11)
DECEASED = pid(dt.date(1935, 7, 1), 22)
MOVED = pid(dt.date(1940, 9, 9), 31)
OLD_15 = "410221360512051"  # 1936-05-12, male; upgraded to 18 digits
WRONG_CHECK = _wrong_check_digit(pid(dt.date(1948, 1, 20), 41))
EXCEL_FLOAT = 4.10221195203151e17


def valid_people() -> list[Person]:
    """23 people who must all get in, written as real rosters write them."""
    return [
        Person("张　华", "男", ZHANG_HUA, "1941.3", "一组", "五保户", "13800000001", "张强",
               "13900000001"),
        Person("李秀英", "女", "'" + pid(dt.date(1938, 2, 11), 22), "1938.2", "1组",
               "特困分散供养"),
        Person("王德明", "男", pid(dt.date(1945, 8, 3), 13), "1945年8月", "一组",
               "分散供养特困人员"),
        Person("赵桂兰", "女", pid(dt.date(1944, 5, 6), 24), dt.datetime(1944, 5, 6), "第一组",
               "特困人员"),
        Person("孙 建国", "男", pid(dt.date(1950, 10, 3), 15), "1950.10.3", "一组 ", "农村低保",
               "13800000005"),
        Person("周玉梅", "女", pid(dt.date(1947, 12, 1), 26).translate(FULL_WIDTH), "1947-12-01",
               "二组", "残疾一级", sheet="二组"),
        Person("吴志强", "男", " ".join([pid(dt.date(1952, 4, 4), 17)[:6],
                                         pid(dt.date(1952, 4, 4), 17)[6:14],
                                         pid(dt.date(1952, 4, 4), 17)[14:]]), "1952.4.4",
               "2组", "计生特扶", sheet="二组"),
        Person("郑淑珍", "女", pid(dt.date(1939, 6, 30), 28), "1939.6", "二组", "老年痴呆",
               sheet="二组"),
        Person("冯春生", "男", pid(dt.date(1943, 1, 2), 19), "1943.1.2", "二组",
               "独居老人（空巢）", sheet="二组"),
        Person("陈兰英", "男", pid(dt.date(1946, 2, 14), 20), "1946.2.14", "二组", "失独",
               sheet="二组"),  # gender cell contradicts the ID (female): a warning only
        Person("褚国庆", "男", pid(dt.date(1949, 10, 1), 33), "1949.9.30", "二组",
               "重点优抚对象", sheet="二组"),  # birth cell one day off: a warning only
        Person("卫秀兰", "女", pid(dt.date(1942, 11, 11), 34), "1942.11", "二组",
               "低保户、二级残疾", sheet="二组"),
        Person("蒋大山", "男", OLD_15, "1936.5", "三组", "计划生育特殊家庭", sheet="三组"),
        Person("沈丽华", "女", pid(dt.date(1951, 3, 3), 36), "1951.3.3", "3组", "独居；低保",
               sheet="三组"),
        Person("韩福来", "男", pid(dt.date(1937, 8, 8), 37), "1937.8.8", "三组", "",
               "0511-87654321", sheet="三组"),
        Person("杨翠花", "女", pid(dt.date(1953, 9, 9), 38).lower(), "1953.9.9", "三组",
               "空巢 留守", sheet="三组"),
        Person("朱有才", "男", pid(dt.date(1940, 4, 1), 39), "1940年4月1日", "三组", "失能",
               sheet="三组"),
        Person("秦桂芝", "女", pid(dt.date(1944, 7, 7), 40), "1944.7", "三组", "半失能",
               sheet="三组"),
        Person("尤振华", "男", pid(dt.date(1948, 8, 18), 43), "1948.8.18", "十一组", "",
               sheet="十一组"),
        Person("许凤英", "女", pid(dt.date(1946, 6, 16), 44), "1946.6.16", "11组", "低保",
               sheet="十一组"),
        Person("何金宝", "男", pid(dt.date(1955, 5, 25), 45), "1955.5.25", "十一组", "重残",
               sheet="十一组"),
        Person("吕老太", "女", DECEASED, "1935.7", "十一组", "", notes="2025年3月12日去世",
               sheet="十一组"),
        Person("施长根", "男", MOVED, "1940.9", "十一组", "", notes="迁出", sheet="十一组"),
    ]


def bad_people() -> list[Person]:
    """6 rows a cadre must correct; every one is a real mistake."""
    return [
        Person("孔令伟", "男", WRONG_CHECK, "1948.1.20", "一组", "低保"),
        Person("曹秀芳", "女", EXCEL_FLOAT, "1952.3.15", "一组", ""),
        Person("", "男", pid(dt.date(1950, 1, 1), 51), "1950.1.1", "二组", "", sheet="二组"),
        Person("严小妹", "女", pid(dt.date(1949, 2, 2), 52)[:17], "1949.2.2", "二组", "",
               sheet="二组"),
        Person("华宝根", "男", pid(dt.date(1941, 1, 1), 53), "1941.1.1", "三组", "困难户",
               sheet="三组"),
        Person("金彩云", "女", pid(dt.date(1947, 7, 17), 54), "1947.7.17", "三组", "",
               "138OOOO1234", sheet="三组"),
    ]


def everyone() -> list[Person]:
    people = valid_people()
    bad = bad_people()
    # the bad rows sit among the good ones, as they do in a real file
    return people[:2] + bad[:2] + people[2:10] + bad[2:4] + people[10:17] + bad[4:] + people[17:]


def expected_id(person: Person) -> str:
    return idcard.parse(person.id_cell if not isinstance(person.id_cell, str)
                        else person.id_cell.lstrip("'"), today=dt.date(2026, 11, 23)).number


def flat_row(number: int, p: Person) -> list:
    return [number, p.name, p.gender, p.id_cell, p.birth_cell, p.group, p.categories, p.phone,
            p.carer, p.carer_phone, p.notes]


def sheet_row(number: int, p: Person) -> list:
    return [number, p.name, p.gender, p.id_cell, p.birth_cell, p.categories, p.phone, p.carer,
            p.carer_phone, p.notes]


def write_group_workbook(path, people=None) -> None:
    """One sheet per group; the group only in the sheet name and the title row; the header is
    two rows with 赡养人 merged over 姓名 and 电话; a 填报日期 under the table."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    people = everyone() if people is None else people
    for group in dict.fromkeys(p.sheet for p in people):
        sheet = book.create_sheet(group)
        sheet.append([TITLE.format(group=group)])
        sheet.merge_cells("A1:J1")
        sheet.append(HEADER_TOP)
        sheet.append(HEADER_SUB)
        sheet.merge_cells("H2:I2")
        for column in "ABCDEFGJ":
            sheet.merge_cells(f"{column}2:{column}3")
        for number, person in enumerate([p for p in people if p.sheet == group], 1):
            sheet.append(sheet_row(number, person))
        sheet.append([])
        sheet.append(["填表人：李会计", None, None, None, FILLED_ON])
    book.save(path)


def write_flat_xls(path, people=None) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [["桃园村老年人花名册"], [], FLAT_HEADER]
    rows += [flat_row(n, p) for n, p in enumerate(everyone() if people is None else people, 1)]
    rows += [[], ["填表人：李会计", None, None, FILLED_ON]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, date_style)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    book.save(str(path))


def csv_text(people=None) -> str:
    """As WPS saves a sheet to CSV: numbers as shown (an ID number cell shows 4.10221E+17)."""

    def shown(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.14E}".replace("E+", "E+")
        if isinstance(value, dt.datetime):
            return f"{value:%Y/%m/%d}"
        text = "" if value is None else str(value)
        return f'"{text}"' if "," in text else text

    lines = ["桃园村老年人花名册,,,,,,,,,,", ",".join(FLAT_HEADER)]
    for number, person in enumerate(everyone() if people is None else people, 1):
        lines.append(",".join(shown(v) for v in flat_row(number, person)))
    lines.append(f"填表人：李会计,,,{FILLED_ON},,,,,,,")
    return "\r\n".join(lines) + "\r\n"


def write_gb18030_csv(path, people=None) -> None:
    path.write_bytes(csv_text(people).encode("gb18030"))
