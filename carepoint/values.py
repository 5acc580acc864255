"""Values every area shares, each parsed and formatted in one place: the calendar month and money
in integer fen. (ID numbers have theirs in carepoint.idcard.)"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carepoint.errors import UserInputError
from carepoint.i18n import _

# Four-digit year, one- or two-digit month, nothing else: "+2026-11", "2026-011" and "0005-01"
# are refused, as are years no care point will ever keep (a typo, not a month).
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
FIRST_YEAR, LAST_YEAR = 1900, 2200


class InvalidMonth(UserInputError, ValueError):
    """A month the user typed wrongly: a UserInputError to show, a ValueError to old callers."""


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: object) -> Month:
        """'2026-11' (spaces around allowed), or InvalidMonth in the user's language."""
        cleaned = str(text if text is not None else "").strip()
        found = _MONTH.fullmatch(cleaned)
        if (
            not found
            or not 1 <= int(found[2]) <= 12
            or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR
        ):
            raise InvalidMonth(
                _("{value} is not a month in the form YYYY-MM").format(value=cleaned)
            )
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> Month:
        """The inverse of `index`."""
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        """year × 12 + month − 1: consecutive months are consecutive integers."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def days(self) -> Iterator[dt.date]:
        for number in range(1, self.last_day.day + 1):
            yield dt.date(self.year, self.month, number)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and (day.year, day.month) == (self.year, self.month)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __sub__(self, other: int | Month) -> Month | int:
        if isinstance(other, Month):
            return self.index - other.index
        return Month.from_index(self.index - other)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: Month, last: Month) -> Iterator[Month]:
    """Every month from `first` to `last`, both included."""
    for index in range(first.index, last.index + 1):
        yield Month.from_index(index)


def month_arg(text: str) -> Month:
    """An argparse type: YYYY-MM, or a usage error in the user's language."""
    try:
        return Month.parse(text)
    except InvalidMonth as error:
        raise argparse.ArgumentTypeError(error.message) from None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


_TOO_MANY_YUAN = Decimal(10) ** 15


def parse_yuan(text: object, *, negative: bool = False) -> int:
    """An amount as people write it in yuan ("9", "8.5", "¥1,409.50", "￥5", "5元", "５元")
    → integer fen, never through a float; at most two decimals; negative only when allowed."""
    cleaned = str(text if text is not None else "").translate(_FULL_WIDTH).strip()
    for mark in ("¥", "￥", "元", ",", " "):
        cleaned = cleaned.replace(mark, "")
    try:
        value = Decimal(cleaned)
        # NaN, Infinity and 1e999999 (which quantize cannot even hold) are no amounts, nor is
        # anything past what integer fen can store
        if not value.is_finite() or abs(value) >= _TOO_MANY_YUAN:
            value = None
        elif value != value.quantize(Decimal("0.01")):
            value = None
    except InvalidOperation:
        value = None
    if value is None or (value < 0 and not negative):
        raise UserInputError(
            _("{value} is not an amount in yuan with at most two decimals").format(value=text)
        )
    return int(value * 100)


def yuan_text(fen: int, *, cents: bool = False) -> str:
    """Plain figures for an edit box: 3000 → '30', 150 → '1.50', -30 → '-0.30'; with `cents`
    always two decimals, as a bank's file writes them (3000 → '30.00')."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}" if not part and not cents else f"{sign}{whole}.{part:02d}"
