"""Months as the subsidy rules count them: 'YYYY-MM' text outside, a month number inside.

A month number is year × 12 + month − 1, so consecutive months are consecutive integers and
"the month after" is + 1. Days as integers YYYYMMDD make ages one subtraction:
(reference − birth) // 10000 is the completed years, 29 February included (see idcard.age_on).
"""

from __future__ import annotations

import datetime as dt
import re

from carepoint.values import Month

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def parse(text: str) -> int:
    """The month number of 'YYYY-MM', or a UserInputError the user can read."""
    return Month.parse(text).index


def text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def of_day(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def year(month: int) -> int:
    return month // 12


def month_of_year(month: int) -> int:
    """1 for January … 12 for December."""
    return month % 12 + 1


def first_day(month: int) -> dt.date:
    return Month.from_index(month).first_day


def last_day(month: int) -> dt.date:
    return Month.from_index(month).last_day


def day_in(month: int, day: int) -> dt.date:
    """Day `day` of the month, or its last day when the month is shorter."""
    return first_day(month).replace(day=min(day, last_day(month).day))


def add_to_day(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    return day_in(of_day(day) + months, day.day)


def day_number(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def from_day_number(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def iso_number(iso: str) -> int:
    """'1946-02-28' → 19460228."""
    return int(iso[0:4]) * 10000 + int(iso[5:7]) * 100 + int(iso[8:10])


def label(month: int) -> str:
    """The month as a person reads it: 2026年11月, Nov 2026."""
    from babel.dates import format_skeleton

    from carepoint.i18n import babel_locale, current_locale

    return format_skeleton("yMMM", first_day(month), locale=babel_locale(current_locale()))
