"""Turn raw cells into text, dates and genders; bad values raise ValueError with the reason."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal

from carepoint.i18n import _

_INVISIBLE = "\u200b\ufeff"  # zero-width space and BOM arrive with text pasted from web pages
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_LIMIT = 80000  # 2119-01-08: beyond it a number is not a date serial

_TIME_TAIL = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_ONLY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_CATEGORY_SEPARATORS = re.compile(r"[、，,;；/／|\s]+")

_GENDERS = {
    "男": "male", "男性": "male", "m": "male", "male": "male", "1": "male",
    "女": "female", "女性": "female", "f": "female", "female": "female", "2": "female",
}


def cell_text(value: object) -> str | None:
    """A cell as the text a person sees in it; None when blank."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().strip(_INVISIBLE).strip()
        return text or None
    if isinstance(value, float) and value.is_integer():
        # through the shortest repr, so 1.10105194912310E+17 reads as Excel shows it, not ...309984
        return str(int(Decimal(repr(value))))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or isinstance(value, bool):
        raise ValueError(_("No date given"))
    if isinstance(value, int | float):
        return _date_from_number(value)
    text = cell_text(value)
    if text is None:
        raise ValueError(_("No date given"))
    return _date_from_text(text)


def _date_from_number(value: int | float) -> dt.date:
    shown = cell_text(value)
    whole = float(value).is_integer()
    # A typed "1940" or "1940.5" becomes a number; read as serials they would be dates in 1905
    if 1800 <= value < 2101:
        if whole:
            raise ValueError(_("“{value}” is only a year: give the full date, e.g. 1940-05-03")
                             .format(value=shown))
        return _date_from_text(shown)
    if 1 <= value < _SERIAL_LIMIT:
        return _date_from_serial(int(value))
    if whole:
        return _date_from_text(shown)  # 19400503 typed into a number cell
    raise ValueError(_("“{value}” is not a date: write it like 1940-05-03").format(value=shown))


def _date_from_serial(days: int) -> dt.date:
    # Excel counts 1900-02-29, a day that never was (serial 60); serials before it are one day off
    if days == 60:
        raise ValueError(_("“{value}” is not a real date: 1900 had no 29 February")
                         .format(value=days))
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def _date_from_text(text: str) -> dt.date:
    folded = _TIME_TAIL.sub("", unicodedata.normalize("NFKC", text).strip())
    match = _FULL_DATE.fullmatch(folded) or _COMPACT_DATE.fullmatch(folded)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _real_date(year, month, day, text)
    if _MONTH_ONLY.fullmatch(folded):
        raise ValueError(_("“{value}” has no day: give the full date, e.g. 1940-05-03")
                         .format(value=text))
    raise ValueError(_("“{value}” is not a date: write it like 1940-05-03").format(value=text))


def _real_date(year: int, month: int, day: int, shown: str) -> dt.date:
    if year < dt.MINYEAR:
        raise ValueError(_("“{value}” is not a real date: there is no year {year}")
                         .format(value=shown, year=year))
    if not 1 <= month <= 12:
        raise ValueError(_("“{value}” is not a real date: there is no month {month}")
                         .format(value=shown, month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(_("“{value}” is not a real date: {year}-{month:02d} has {days} days")
                         .format(value=shown, year=year, month=month, days=days))
    return dt.date(year, month, day)


def parse_gender(value: object) -> str:
    """'male' or 'female' from what cadres write: 男, 女性, M, 1, 2 …"""
    text = cell_text(value)
    if text is None:
        raise ValueError(_("No gender given: write 男 or 女"))
    gender = _GENDERS.get(unicodedata.normalize("NFKC", text).lower())
    if gender is None:
        raise ValueError(_("“{value}” is not a gender: write 男 or 女").format(value=text))
    return gender


def split_categories(value: object) -> list[str]:
    """'独居、低保,重残' → ['独居', '低保', '重残']; the labels are mapped to codes elsewhere."""
    text = cell_text(value)
    if text is None:
        return []
    return [part for part in _CATEGORY_SEPARATORS.split(text) if part]
