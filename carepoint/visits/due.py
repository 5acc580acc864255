"""Who is due a visit: the due list, its views (overdue, this week …), a month's calendar.

A resident is due on the earlier of the next regular visit (the last visit, or the day the
person entered the tier, plus the tier's frequency) and the earliest open follow-up or extra
visit. Due on or before a day D means `due_date <= D`; overdue by D − due date days.
Everything is read from the schedule cache (schedule.py), brought up to date first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.pinyin import normalise_query
from carepoint.residents.queries import name_match_rank
from carepoint.values import Month
from carepoint.visits import schedule
from carepoint.visits.labels import TIERS
from carepoint.visits.periods import month_bounds, week_end

VIEWS = ("due", "overdue", "week", "month", "all", "day")


@dataclass(frozen=True)
class DueFilter:
    """`due`: overdue or due by the end of this week; `overdue`: due before today; `week`: due
    from today to Sunday; `month`: due by the month's end; `all`: everyone with a due date;
    `day`: due on `on`."""

    view: str = "due"
    tier: str | None = None
    group: str | None = None
    search: str | None = None
    on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DueRow:
    resident_id: int
    name: str
    id_number: str
    group_name: str
    phone: str
    tier: str
    every: str
    last_visit: dt.date | None
    due_date: dt.date
    due_kind: str
    overdue_days: int

    def to_json(self) -> dict:
        return {
            "id_number": self.id_number,
            "name": self.name,
            "tier": self.tier,
            "last_visit": self.last_visit.isoformat() if self.last_visit else None,
            "due_date": self.due_date.isoformat(),
            "overdue_days": self.overdue_days,
            "group": self.group_name,
            "due_kind": self.due_kind,
        }


def _bounds(filters: DueFilter, day: dt.date) -> tuple[str | None, str | None, bool]:
    """(from, to, strictly before `to`) for the view, as ISO dates."""
    view = filters.view
    if view not in VIEWS:
        raise UserInputError(_("Unknown view {view}").format(view=view))
    if view == "overdue":
        return None, day.isoformat(), True
    if view == "week":
        return day.isoformat(), week_end(day).isoformat(), False
    if view == "due":
        return None, week_end(day).isoformat(), False
    if view == "month":
        return None, month_bounds(day.year, day.month)[1].isoformat(), False
    if view == "day":
        on = (filters.on or day).isoformat()
        return on, on, False
    return None, "9999-12-31", False


def _where(filters: DueFilter, day: dt.date) -> tuple[str, list]:
    low, high, strict = _bounds(filters, day)
    clauses = [f"s.due_date {'<' if strict else '<='} ?"]
    params: list = [high]
    if low:
        clauses.append("s.due_date >= ?")
        params.append(low)
    if filters.tier:
        if filters.tier not in TIERS:
            raise UserInputError(_("Unknown visit tier {code}").format(code=filters.tier))
        clauses.append("s.tier = ?")
        params.append(filters.tier)
    if filters.group:
        clauses.append("r.group_name = ?")
        params.append(filters.group)
    query = normalise_query(filters.search or "")
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("(r.search_text LIKE ? ESCAPE '\\' OR r.name_initials LIKE ? ESCAPE '\\')")
        params += [f"%{escaped}%", f"{escaped}%"]
    return " AND ".join(clauses), params


@uses_store
def due_ids(store: Store, filters: DueFilter, day: dt.date | None = None) -> list[int]:
    """The residents of a view, the longest overdue first (then by name)."""
    day = day or clock.today()
    schedule.refresh(store, day)
    where, params = _where(filters, day)
    # A name search lists the best match first (then, as always, the longest overdue).
    rank, rank_params = name_match_rank(filters.search)
    sql = (
        "SELECT s.resident_id FROM visit_schedule s JOIN resident r ON r.id = s.resident_id"
        f" WHERE {where} ORDER BY {rank + ', ' if rank else ''}"
        "s.due_date, r.name_pinyin COLLATE NOCASE, r.id"
    )
    return [row[0] for row in store.db.execute_sql(sql, [*params, *rank_params])]


@uses_store
def count_due(store: Store, filters: DueFilter, day: dt.date | None = None) -> int:
    """How many residents a view holds (a count on the due-date index, no list built)."""
    day = day or clock.today()
    schedule.refresh(store, day)
    where, params = _where(filters, day)
    join = " JOIN resident r ON r.id = s.resident_id" if "r." in where else ""
    sql = f"SELECT count(*) FROM visit_schedule s{join} WHERE {where}"
    return store.db.execute_sql(sql, params).fetchone()[0]


@uses_store
def in_view(store: Store, filters: DueFilter, resident_id: int, day: dt.date | None = None) -> bool:
    """Whether one resident belongs in a view now (a list updates one row after a write)."""
    day = day or clock.today()
    where, params = _where(filters, day)
    sql = (
        "SELECT 1 FROM visit_schedule s JOIN resident r ON r.id = s.resident_id"
        f" WHERE {where} AND s.resident_id = ?"
    )
    return store.db.execute_sql(sql, [*params, resident_id]).fetchone() is not None


_ROW_SQL = (
    "SELECT s.resident_id, r.name, r.id_number, r.group_name, r.phone, s.tier, s.every,"
    " s.last_visit, s.due_date, s.due_kind FROM visit_schedule s"
    " JOIN resident r ON r.id = s.resident_id"
)


def _row(record: tuple, day: dt.date) -> DueRow:
    due = dt.date.fromisoformat(record[8])
    last = dt.date.fromisoformat(record[7]) if record[7] else None
    return DueRow(*record[:7], last, due, record[9], max((day - due).days, 0))


@uses_store
def due_rows(store: Store, ids: list[int], day: dt.date | None = None) -> list[DueRow]:
    """The rows for `ids` in the order given (a list view's page)."""
    day = day or clock.today()
    found: dict[int, DueRow] = {}
    for start in range(0, len(ids), schedule.CHUNK):
        chunk = ids[start : start + schedule.CHUNK]
        sql = f"{_ROW_SQL} WHERE s.due_date IS NOT NULL AND s.resident_id IN"
        sql += f" ({','.join('?' * len(chunk))})"
        for record in store.db.execute_sql(sql, chunk):
            found[record[0]] = _row(record, day)
    return [found[i] for i in ids if i in found]


@uses_store
def due_list(store: Store, day: dt.date | None = None, tier: str | None = None) -> list[DueRow]:
    """Everyone due on or before `day`, the longest overdue first (the CLI's `visits due`)."""
    day = day or clock.today()
    schedule.refresh(store, clock.today())
    where, params = _where(DueFilter("all", tier=tier), day)
    sql = (
        f"{_ROW_SQL} WHERE {where} AND s.due_date <= ?"
        " ORDER BY s.due_date, r.name_pinyin COLLATE NOCASE, r.id"
    )
    return [_row(record, day) for record in store.db.execute_sql(sql, [*params, day.isoformat()])]


@uses_store
def schedule_row(store: Store, resident_id: int, day: dt.date | None = None) -> DueRow | None:
    """One resident's due row straight from the cache (after a write that recomputed it)."""
    rows = due_rows(store, [resident_id], day)
    return rows[0] if rows else None


@dataclass(frozen=True)
class CalendarDay:
    due: int
    visited: int


@uses_store
def month_calendar(store: Store, year: int, month: int) -> dict[dt.date, CalendarDay]:
    """Per day of the month: residents due that day (not yet visited) and visits made."""
    schedule.refresh(store)
    first, last = month_bounds(year, month)
    span = [first.isoformat(), last.isoformat()]
    due = dict(
        store.db.execute_sql(
            "SELECT due_date, count(*) FROM visit_schedule WHERE due_date IS NOT NULL"
            " AND due_date BETWEEN ? AND ? GROUP BY due_date",
            span,
        )
    )
    visited = dict(
        store.db.execute_sql(
            "SELECT visit_date, count(*) FROM visit WHERE deleted_at IS NULL"
            " AND visit_date BETWEEN ? AND ? GROUP BY visit_date",
            span,
        )
    )
    found = {}
    for key in Month(year, month).days():
        iso = key.isoformat()
        found[key] = CalendarDay(due.get(iso, 0), visited.get(iso, 0))
    return found


@dataclass(frozen=True)
class TierGroupCount:
    group_name: str
    tier: str
    residents: int
    overdue: int
    due_this_week: int


@uses_store
def counts_by_tier_and_group(store: Store, day: dt.date | None = None) -> list[TierGroupCount]:
    day = day or clock.today()
    schedule.refresh(store, day)
    rows = store.db.execute_sql(
        "SELECT r.group_name, s.tier, count(*), coalesce(sum(s.due_date < ?), 0),"
        " coalesce(sum(s.due_date >= ? AND s.due_date <= ?), 0)"
        " FROM visit_schedule s JOIN resident r ON r.id = s.resident_id WHERE s.tier != ''"
        " GROUP BY r.group_name, s.tier",
        [day.isoformat(), day.isoformat(), week_end(day).isoformat()],
    )
    order = {tier: index for index, tier in enumerate(TIERS)}
    found = [TierGroupCount(*row) for row in rows]
    return sorted(found, key=lambda c: (c.group_name, order.get(c.tier, 9)))
