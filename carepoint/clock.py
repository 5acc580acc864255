"""The only reader of the machine's date and time.

Domain dates (registered on, status dates, service dates) are the care point's local calendar
dates and are stored as data; what this module gives is "now" and "today", in the care point's
time zone (Beijing time by default, whatever zone the PC's own clock is set to). Tests and scripted
runs fix the date with CAREPOINT_TODAY=YYYY-MM-DD (or the moment with CAREPOINT_NOW) and the
zone with CAREPOINT_TZ.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


@lru_cache(maxsize=8)
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No tz database on this PC (an old Windows without tzdata): China keeps UTC+8 all year.
        return dt.timezone(dt.timedelta(hours=8), "CST")


def local_zone() -> dt.tzinfo:
    return _zone(os.environ.get("CAREPOINT_TZ") or DEFAULT_ZONE)


def _fixed_today() -> dt.date | None:
    fixed = os.environ.get("CAREPOINT_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else None


def utc_moment() -> dt.datetime:
    """Now, as an aware UTC datetime (CAREPOINT_NOW=2026-11-30T23:30:00Z fixes it for a run)."""
    fixed = os.environ.get("CAREPOINT_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """A technical timestamp: UTC, naive, whole seconds (how the database stores them)."""
    return utc_moment().replace(tzinfo=None, microsecond=0)


def local_now() -> dt.datetime:
    """The care point's wall-clock time, naive (for file names, forms and what a person reads)."""
    now = utc_moment().astimezone(local_zone()).replace(tzinfo=None, microsecond=0)
    fixed = _fixed_today()
    return dt.datetime.combine(fixed, now.time()) if fixed else now


def today() -> dt.date:
    """The care point's calendar date."""
    return _fixed_today() or utc_moment().astimezone(local_zone()).date()


def to_local(moment: dt.datetime | str | None) -> dt.datetime | None:
    """A stored UTC timestamp (naive or ISO text) as the care point's local wall-clock time."""
    if moment in (None, ""):
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(local_zone()).replace(tzinfo=None)


def local_date(moment: dt.datetime | str | None) -> dt.date | None:
    """The care point's calendar date of a stored UTC timestamp."""
    local = to_local(moment)
    return local.date() if local else None


def epoch_millis() -> int:
    """Milliseconds since the epoch, for identifiers that need to grow with time."""
    return int(time.time() * 1000)
