"""One roster row read as a patient clerk reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number

from carepoint.roster_rows import RowReader, check_id, clean_name, date_in_text, find_status
from carepoint.spreadsheet import SourceRow

TODAY = dt.date(2026, 11, 23)
AS_OF = dt.date(2026, 10, 8)
NUMBER = id_number(dt.date(1949, 12, 31), 2, "110105")  # ends in X
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.mark.parametrize("written", [
    NUMBER, "'" + NUMBER, f" {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]} ", NUMBER.lower(),
    NUMBER.translate(FULL_WIDTH), "‘" + NUMBER,
])
def test_an_id_cell_as_wps_and_cadres_leave_it_is_read(written):
    parsed, message = check_id(written, TODAY)
    assert message is None and parsed.number == NUMBER


def test_an_id_excel_turned_into_a_number_shows_only_the_digits_that_survived():
    parsed, message = check_id(4.10221195203151e17, TODAY)
    assert parsed is None
    assert "410221195203151…" in message and "410221195203151000" not in message


def test_an_id_written_in_excel_notation_in_a_csv_is_the_same_mistake():
    _parsed, message = check_id("4.10221195203151E+17", TODAY)
    assert "410221195203151…" in message


def test_a_wrong_check_digit_asks_for_a_digit_by_digit_comparison_not_a_new_last_digit():
    wrong = NUMBER[:17] + "1"
    _parsed, message = check_id(wrong, TODAY)
    assert "户口本" in message and NUMBER[17] not in message.replace(wrong, "")


@pytest.mark.parametrize("written", ["张　华", " 张 华 ", "张\u200b华", "张\xa0华", "张\t华"])
def test_a_name_loses_every_kind_of_space(written):
    assert clean_name(written) == "张华"


@pytest.mark.parametrize(("text", "status"), [
    ("已故", "deceased"), ("2025年3月去世", "deceased"), ("死亡", "deceased"),
    ("迁出", "moved_out"), ("户口外迁", "moved_out"), ("入住敬老院", "in_institution"),
    ("失联", "lost_contact"), ("独居，儿子在外地", None),
])
def test_remarks_that_are_statuses(text, status):
    assert find_status(text) == status


def test_a_date_inside_a_remark_is_found_with_or_without_its_day():
    assert date_in_text("2025年3月12日去世") == (dt.date(2025, 3, 12), True)
    assert date_in_text("2025.3 迁出") == (dt.date(2025, 3, 1), False)
    assert date_in_text("迁出") == (None, False)


def read(values: dict) -> object:
    return RowReader(SourceRow(5, values), AS_OF, TODAY, {}, "三组").read()


def test_a_remark_that_only_says_deceased_becomes_the_status_not_a_note():
    out = read({"name": "张三", "id_number": NUMBER, "notes": "2025年3月12日已故"})
    assert [(s.status, s.effective_date, s.date_known) for s in out.history] == [
        ("deceased", dt.date(2025, 3, 12), True)]
    assert out.data.notes == ""


def test_a_remark_with_more_to_say_is_kept_beside_the_status():
    out = read({"name": "张三", "id_number": NUMBER, "notes": "入住敬老院，女儿每月探望"})
    assert out.history[0].status == "in_institution" and not out.history[0].date_known
    assert out.data.notes == "入住敬老院，女儿每月探望"
    assert [p.error for p in out.problems] == [False]  # date unknown: a warning


def test_a_death_date_column_alone_makes_the_person_deceased():
    out = read({"name": "张三", "id_number": NUMBER, "death_date": dt.datetime(2026, 2, 1)})
    assert [(s.status, s.effective_date) for s in out.history] == [
        ("deceased", dt.date(2026, 2, 1))]


def test_a_status_column_saying_active_does_not_hide_a_death_in_the_remark():
    out = read({"name": "张三", "id_number": NUMBER, "status": "在册", "notes": "已故"})
    assert out.history[0].status == "deceased"


def test_a_row_without_a_group_takes_the_sheets_and_a_written_group_is_normalised():
    assert read({"name": "张三", "id_number": NUMBER}).data.group_name == "三组"
    assert read({"name": "张三", "id_number": NUMBER, "group": "第1组"}).data.group_name == "一组"


def test_month_only_birth_dates_agreeing_with_the_id_are_fine():
    for written in ("1949.12", "1949年12月", dt.datetime(1949, 12, 31)):
        assert read({"name": "张三", "id_number": NUMBER, "birth_date": written}).problems == []


def test_categories_hold_from_the_roster_date_with_a_note_saying_so():
    out = read({"name": "张三", "id_number": NUMBER, "categories": "五保户、农村低保"})
    assert [(c.code, c.start_date) for c in out.data.categories] == [
        ("special_hardship_dispersed", AS_OF), ("low_income", AS_OF)]
    assert all(AS_OF.isoformat() in c.note for c in out.data.categories)
    assert out.data.registered_on == AS_OF
