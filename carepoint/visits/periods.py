"""Visit frequencies ("7d", "1w", "1m", "3m") and the date a visit falls due after another.

A monthly visit after 15 March is due on 15 April; after 31 January on the last day of February
(28 or 29): the same day of the month, clamped to the month's end. Quarterly is three months.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from carepoint.i18n import _, ngettext
from carepoint.values import Month

_PATTERN = re.compile(r"^\s*(\d{1,3})\s*([dwm])\s*$")
UNITS = ("d", "w", "m")


@dataclass(frozen=True)
class Every:
    count: int
    unit: str  # d(ays), w(eeks), m(onths)

    @property
    def code(self) -> str:
        return f"{self.count}{self.unit}"

    @property
    def label(self) -> str:
        """'weekly', 'monthly', 'quarterly', or 'every 10 days' in the user's language."""
        if (self.count, self.unit) in (
            (1, "w"),
            (7, "d"),
        ):
            return _("weekly")
        if (self.count, self.unit) == (1, "m"):
            return _("monthly")
        if (self.count, self.unit) == (3, "m"):
            return _("quarterly")
        if self.unit == "d":
            return ngettext("every {n} day", "every {n} days", self.count).format(n=self.count)
        if self.unit == "w":
            return ngettext("every {n} week", "every {n} weeks", self.count).format(n=self.count)
        return ngettext("every {n} month", "every {n} months", self.count).format(n=self.count)


@cache
def parse_every(text: str) -> Every:
    """'7d' → 7 days; raises ValueError for anything else (0, negative, unknown unit)."""
    found = _PATTERN.match(str(text))
    if not found or int(found.group(1)) == 0:
        raise ValueError(text)
    return Every(int(found.group(1)), found.group(2))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    target = Month.of(day) + months
    return target.first_day.replace(day=min(day.day, target.last_day.day))


def next_due(after: dt.date, every: Every) -> dt.date:
    """The day the next visit is due when the last one (or the start) was on `after`."""
    if every.unit == "d":
        return after + dt.timedelta(days=every.count)
    if every.unit == "w":
        return after + dt.timedelta(weeks=every.count)
    return add_months(after, every.count)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    whole = Month(year, month)
    return whole.first_day, whole.last_day


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' → (2026, 11); raises ValueError (values.InvalidMonth) otherwise."""
    month = Month.parse(text)
    return month.year, month.month


def week_end(day: dt.date) -> dt.date:
    """The Sunday ending the (Monday-first) week of `day`."""
    return day + dt.timedelta(days=6 - day.weekday())
