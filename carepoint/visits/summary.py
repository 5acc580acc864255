"""The numbers the home page and the monthly report show: overdue visits and the visit rate.

Visit rate of a month (探访率, as the national target counts it):

    due      = residents in a visit tier on the reference day (the month's last day, or today
               for the month in progress) who owed at least one visit in the month: their next
               regular visit, counted from the last visit before the month (or from entering the
               tier), fell due by the month's end, or a follow-up / extra visit did;
    visited  = those of them visited at least once in the month (any method counts);
    rate     = visited / due (none when nobody was due).

Weekly and monthly tiers owe a visit every month; a quarterly tier only in the months its visit
falls due. A visit to someone who was not due counts in `visits` but not in the rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.visits import schedule
from carepoint.visits.periods import month_bounds, next_due, parse_every
from carepoint.visits.tiers import evaluate


@dataclass(frozen=True)
class VisitRate:
    year: int
    month: int
    due: int
    visited: int
    visits: int  # every visit recorded in the month, due or not
    by_tier: dict[str, tuple[int, int]] = field(default_factory=dict)  # tier → (due, visited)

    @property
    def rate(self) -> float | None:
        return self.visited / self.due if self.due else None

    @property
    def month_text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def to_json(self) -> dict:
        return {
            "month": self.month_text,
            "due": self.due,
            "visited": self.visited,
            "rate": round(self.rate, 4) if self.rate is not None else None,
            "visits": self.visits,
            "by_tier": {t: {"due": d, "visited": v} for t, (d, v) in self.by_tier.items()},
        }


# (resident, tier, frequency, since, last visit before the month, visited in the month)
Standing = tuple[int, str, str, str, str | None, bool]


@uses_store
def _current_month(store: Store, first: dt.date, today: dt.date) -> list[Standing]:
    """From the schedule (tiers as of today). A resident last visited before the month was not
    visited in it; only those visited in it need a seek for their visit before it."""
    schedule.refresh(store, today)
    rows = store.db.execute_sql(
        "SELECT s.resident_id, s.tier, s.every, s.since, s.last_visit,"
        " CASE WHEN s.last_visit >= :first THEN (SELECT max(v.visit_date) FROM visit v"
        "  WHERE v.resident_id = s.resident_id AND v.deleted_at IS NULL"
        "  AND v.visit_date < :first) END"
        " FROM visit_schedule s WHERE s.tier != ''",
        {"first": first.isoformat()},
    )
    found = []
    for rid, tier, every, since, last_visit, before_month in rows:
        in_month = last_visit is not None and last_visit >= first.isoformat()
        found.append((rid, tier, every, since, before_month if in_month else last_visit, in_month))
    return found


@uses_store
def _past_month(store: Store, first: dt.date, last: dt.date) -> list[Standing]:
    """Tiers evaluated as of the month's last day; one seek for the last visit by the month's
    end, and a second only for those it shows were visited in the month."""
    tier_rules = schedule.rules_in_force(store, last)[0]
    tiers = {}
    for rid, facts in schedule.load_facts(store).items():
        result = evaluate(facts, tier_rules, last, recheck=False)
        if result.tier:
            tiers[rid] = (result.tier, result.every.code, result.since.isoformat())
    rows = store.db.execute_sql(
        "SELECT id, by_end, CASE WHEN by_end >= :first THEN (SELECT max(v.visit_date)"
        "  FROM visit v WHERE v.resident_id = x.id AND v.deleted_at IS NULL"
        "  AND v.visit_date < :first) END"
        " FROM (SELECT r.id, (SELECT max(v.visit_date) FROM visit v WHERE v.resident_id = r.id"
        "  AND v.deleted_at IS NULL AND v.visit_date <= :last) AS by_end"
        "  FROM resident r WHERE r.deleted_at IS NULL) x",
        {"first": first.isoformat(), "last": last.isoformat()},
    )
    found = []
    for rid, by_end, before_month in rows:
        if rid in tiers:
            in_month = by_end is not None and by_end >= first.isoformat()
            found.append((rid, *tiers[rid], before_month if in_month else by_end, in_month))
    return found


@uses_store
def visit_rate(store: Store, year: int, month: int, today: dt.date | None = None) -> VisitRate:
    today = today or clock.today()
    first, last = month_bounds(year, month)
    if first <= today <= last:
        standings = _current_month(store, first, today)
    else:
        standings = _past_month(store, first, min(last, today))
    # Residents owing a follow-up or an extra visit in the month (few: one query for all).
    owed = {
        row[0]
        for row in store.db.execute_sql(
            "SELECT DISTINCT resident_id FROM visit_task WHERE deleted_at IS NULL"
            " AND due_date <= ? AND created_on <= ? AND (closed_on IS NULL OR closed_on >= ?)",
            [last.isoformat(), last.isoformat(), first.isoformat()],
        )
    }
    due = visited = 0
    by_tier: dict[str, list[int]] = {}
    for rid, tier, every, since, before, in_month in standings:
        base = dt.date.fromisoformat(before or since)
        if rid not in owed and next_due(base, parse_every(every)) > last:
            continue
        due += 1
        visited += in_month
        counts = by_tier.setdefault(tier, [0, 0])
        counts[0] += 1
        counts[1] += in_month
    visits = store.db.execute_sql(
        "SELECT count(*) FROM visit WHERE deleted_at IS NULL AND visit_date BETWEEN ? AND ?",
        [first.isoformat(), last.isoformat()],
    ).fetchone()[0]
    return VisitRate(year, month, due, visited, visits, {t: tuple(c) for t, c in by_tier.items()})


@dataclass(frozen=True)
class HomeVisitFigures:
    overdue: int
    rate: VisitRate


@uses_store
def overdue_count(store: Store, today: dt.date | None = None) -> int:
    """Residents whose visit was due before today and has not happened."""
    today = today or clock.today()
    schedule.refresh(store, today)
    return store.db.execute_sql(
        "SELECT count(*) FROM visit_schedule WHERE due_date IS NOT NULL AND due_date < ?",
        [today.isoformat()],
    ).fetchone()[0]


@uses_store
def home_figures(store: Store, today: dt.date | None = None) -> HomeVisitFigures:
    today = today or clock.today()
    return HomeVisitFigures(
        overdue_count(store, today), visit_rate(store, today.year, today.month, today)
    )
