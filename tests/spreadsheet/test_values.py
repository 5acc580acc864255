import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepoint.spreadsheet.values import cell_text, parse_date, parse_gender, split_categories

MAY_3_1940 = dt.date(1940, 5, 3)


def test_cell_text_strips_ordinary_full_width_and_zero_width_spaces():
    assert cell_text("\u3000 张秀英\u200b \n") == "张秀英"


def test_cell_text_of_a_blank_cell_is_none():
    assert cell_text("  \u3000") is None
    assert cell_text(None) is None


def test_cell_text_writes_a_whole_float_without_a_decimal_point():
    assert cell_text(13800000001.0) == "13800000001"
    assert cell_text(7) == "7"
    assert cell_text(2.5) == "2.5"


def test_cell_text_shows_an_id_excel_turned_into_a_float_as_excel_displays_it():
    # Given an 18-digit ID that Excel stored as 1.10105194912310E+17
    value = float("1.10105194912310E+17")

    # Then the text keeps Excel's 15 digits, not the float's binary tail
    assert cell_text(value) == "110105194912310000"


def test_cell_text_of_a_date_cell_is_an_iso_date():
    assert cell_text(dt.datetime(1940, 5, 3, 0, 0)) == "1940-05-03"
    assert cell_text(MAY_3_1940) == "1940-05-03"


@pytest.mark.parametrize("written", [
    "1940-05-03", "1940/5/3", "1940.5.3", "1940.05.03", "1940年5月3日", "1940年05月03日",
    "19400503", "1940-5-3 00:00:00", "１９４０年５月３日", " 1940-05-03 ", 19400503,
])
def test_parse_date_accepts_the_forms_cadres_write(written):
    assert parse_date(written) == MAY_3_1940


def test_parse_date_accepts_date_and_datetime_cells():
    assert parse_date(dt.datetime(1940, 5, 3, 12, 30)) == MAY_3_1940
    assert parse_date(MAY_3_1940) == MAY_3_1940


def test_parse_date_reads_an_excel_serial_number_in_the_1900_system():
    assert parse_date(14734) == MAY_3_1940
    assert parse_date(14734.5) == MAY_3_1940  # noon of that day


def test_parse_date_counts_early_serials_as_excel_shows_them():
    # Excel's invented 1900-02-29 (serial 60) shifts the serials before it by one day
    assert parse_date(1) == dt.date(1900, 1, 1)
    assert parse_date(59) == dt.date(1900, 2, 28)
    assert parse_date(61) == dt.date(1900, 3, 1)


@pytest.mark.parametrize("written", ["1940.5", "1940年5月", "1940-05", 1940.5])
def test_parse_date_says_the_day_is_missing_when_only_a_month_is_given(written):
    with pytest.raises(ValueError, match="has no day"):
        parse_date(written)


def test_parse_date_refuses_a_bare_year_instead_of_reading_it_as_a_serial():
    with pytest.raises(ValueError, match="only a year"):
        parse_date(1940)


def test_parse_date_names_the_length_of_the_month_for_an_impossible_day():
    with pytest.raises(ValueError, match=r"“1940-02-30”.*1940-02 has 29 days"):
        parse_date("1940-02-30")


def test_parse_date_names_an_impossible_month():
    with pytest.raises(ValueError, match="no month 13"):
        parse_date("1940.13.1")


@pytest.mark.parametrize("written", ["张三", "1940-05-03-01", "三月三", True])
def test_parse_date_refuses_text_that_is_not_a_date(written):
    with pytest.raises(ValueError):
        parse_date(written)


def test_parse_date_refuses_an_empty_cell():
    with pytest.raises(ValueError, match="No date"):
        parse_date("  ")


# Serials 1800–2100 (dates in 1904–1905) are refused as bare years, so start after them
@given(st.dates(min_value=dt.date(1906, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_reads_every_real_date_in_each_written_form(day):
    forms = [
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month}.{day.day}",
        day.strftime("%Y%m%d"),
        (day - dt.date(1899, 12, 30)).days,  # Excel serial
    ]
    assert [parse_date(form) for form in forms] == [day] * len(forms)


@pytest.mark.parametrize(("written", "gender"), [
    ("男", "male"), ("女", "female"), ("男性", "male"), ("女性", "female"), ("M", "male"),
    ("f", "female"), ("Male", "male"), ("FEMALE", "female"), (1, "male"), (2.0, "female"),
    (" 女 ", "female"), ("２", "female"),
])
def test_parse_gender_understands_the_usual_spellings(written, gender):
    assert parse_gender(written) == gender


@pytest.mark.parametrize("written", ["未知", "3", "男女", None, ""])
def test_parse_gender_refuses_anything_else(written):
    with pytest.raises(ValueError, match="男 or 女"):
        parse_gender(written)


def test_split_categories_splits_on_every_separator_cadres_use():
    assert split_categories("独居、低保，重残,空巢;留守；失能/失智  特困") == [
        "独居", "低保", "重残", "空巢", "留守", "失能", "失智", "特困"]


def test_split_categories_drops_empty_parts_and_blank_cells():
    assert split_categories("、独居、、 ") == ["独居"]
    assert split_categories(None) == []
