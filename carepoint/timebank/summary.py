"""This month's volunteer hours at a glance (for the home page and the monthly report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.values import Month


@dataclass(frozen=True)
class MonthHours:
    month: dt.date  # the first day
    minutes: int  # deposited for services in the month, corrections included
    services: int
    volunteers: int  # different volunteers who served


@uses_store
def month_hours(store: Store, month: dt.date | None = None) -> MonthHours:
    whole = Month.of(month or clock.today())
    bounds = [whole.first_day.isoformat(), (whole + 1).first_day.isoformat()]
    minutes = store.db.execute_sql(
        "SELECT coalesce(sum(e.deposit_minutes), 0) FROM timebank_entry e"
        " LEFT JOIN timebank_entry o ON o.id = e.corrects_id WHERE e.deleted_at IS NULL"
        " AND coalesce(o.entry_date, e.entry_date) >= ?"
        " AND coalesce(o.entry_date, e.entry_date) < ?",
        bounds,
    ).fetchone()[0]
    services, volunteers = store.db.execute_sql(
        "SELECT count(*), count(DISTINCT volunteer_id) FROM timebank_entry WHERE kind = 'service'"
        " AND deleted_at IS NULL AND entry_date >= ? AND entry_date < ?",
        bounds,
    ).fetchone()
    return MonthHours(whole.first_day, minutes, services, volunteers)
