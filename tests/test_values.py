"""Months and money each parsed in one place, the same way for every area and the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepoint.errors import UserInputError
from carepoint.meals.pricing import yuan_to_fen
from carepoint.meals.report import parse_month as meals_month
from carepoint.reports.common import parse_month as report_month
from carepoint.subsidies import months as subsidy_months
from carepoint.subsidies.money import parse_yuan as subsidy_yuan
from carepoint.values import InvalidMonth, Month, month_range, parse_yuan, yuan_text
from carepoint.visits.periods import parse_month as visits_month

CAREPOINT = Path(sys.executable).parent / "carepoint"
REFUSED_MONTHS = ["0005-01", "+2026-11", "2026-011", "2026-13", "2026-0", "26-11", "2026/11", ""]


@pytest.mark.parametrize("text", REFUSED_MONTHS)
def test_every_area_refuses_the_same_malformed_months(text):
    for parse in (Month.parse, report_month, meals_month, visits_month, subsidy_months.parse):
        with pytest.raises(InvalidMonth):
            parse(text)


def test_every_area_reads_a_month_the_same_way():
    assert Month.parse(" 2026-2 ") == Month(2026, 2)
    assert report_month("2026-02") == meals_month("2026-02") == dt.date(2026, 2, 1)
    assert visits_month("2026-02") == (2026, 2)
    assert subsidy_months.last_day(subsidy_months.parse("2028-02")) == dt.date(2028, 2, 29)


def test_month_arithmetic_crosses_years_and_lists_ranges():
    assert Month(2026, 12) + 1 == Month(2027, 1)
    assert Month(2026, 1) - 1 == Month(2025, 12)
    assert Month(2027, 3) - Month(2026, 11) == 4
    assert [str(m) for m in month_range(Month(2026, 11), Month(2027, 2))] == [
        "2026-11", "2026-12", "2027-01", "2027-02",
    ]  # fmt: skip
    assert dt.date(2026, 2, 28) in Month(2026, 2) and dt.date(2026, 3, 1) not in Month(2026, 2)
    assert len(list(Month(2024, 2).days())) == 29


@given(st.integers(min_value=1900 * 12, max_value=2200 * 12 + 11))
def test_a_month_survives_its_own_text_and_index(index):
    month = Month.from_index(index)
    assert Month.parse(str(month)) == month and month.index == index
    assert month.last_day + dt.timedelta(days=1) == (month + 1).first_day


@pytest.mark.parametrize(
    ("written", "fen"),
    [("9", 900), ("8.5", 850), ("¥1,409.50", 140950), ("￥5", 500), ("5元", 500),
     ("５元", 500), (" 30.00 ", 3000)],
)  # fmt: skip
def test_amounts_are_read_as_people_write_them_in_every_area(written, fen):
    assert parse_yuan(written) == subsidy_yuan(written) == yuan_to_fen(written) == fen


@pytest.mark.parametrize("written", ["1.005", "abc", "NaN", "Infinity", "1e3x", "-5"])
def test_amounts_that_are_not_money_are_refused(written):
    with pytest.raises(UserInputError):
        parse_yuan(written)


def test_a_negative_amount_is_only_taken_where_it_is_allowed():
    assert subsidy_yuan("-30") == parse_yuan("-30", negative=True) == -3000
    assert yuan_text(-3000) == "-30" and yuan_text(150) == "1.50"


@pytest.mark.parametrize("command", [["visits", "rate"], ["meals", "stats"],
                                     ["subsidies", "compute"]])  # fmt: skip
def test_the_command_line_refuses_a_malformed_month_the_same_way_everywhere(tmp_path, command):
    done = subprocess.run(
        [str(CAREPOINT), "--data-dir", str(tmp_path), *command, "--month", "2026-011"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "2026-011" in done.stderr and "Traceback" not in done.stderr
