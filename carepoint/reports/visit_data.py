"""What the visit forms print about each person: the visits owed and made in a month, the latest
visit, and who is due (for the blank field sheet). Tiers are the schedule's, as they stand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.visits import schedule
from carepoint.visits.periods import next_due, parse_every


@dataclass(frozen=True, slots=True)
class PersonVisits:
    name: str
    group_name: str
    tier: str
    owed: int  # 应访次数
    made: int  # 实访次数
    last_visit: dt.date | None
    method: str
    problems: str
    follow_up: str  # referral, and the follow-up date when one was set
    village: str = ""


def visits_owed(base: dt.date, every: str, first: dt.date, last: dt.date) -> int:
    """Regular visits falling due in [first, last]; one already overdue at the start counts once."""
    owed, rhythm = 0, parse_every(every)
    due = next_due(base, rhythm)
    while due <= last:
        if due >= first or not owed:
            owed += 1
        due = next_due(due, rhythm)
    return owed


_PEOPLE = (
    "SELECT r.id, r.name, r.group_name, coalesce(s.tier, ''), s.every, s.since,"
    " (SELECT max(v.visit_date) FROM visit v WHERE v.resident_id = r.id AND v.deleted_at IS NULL"
    "  AND v.visit_date < :first),"
    " (SELECT count(*) FROM visit v WHERE v.resident_id = r.id AND v.deleted_at IS NULL"
    "  AND v.visit_date BETWEEN :first AND :last),"
    " (SELECT v.id FROM visit v WHERE v.resident_id = r.id AND v.deleted_at IS NULL"
    "  AND v.visit_date <= :last ORDER BY v.visit_date DESC, v.id DESC LIMIT 1)"
    " FROM resident r LEFT JOIN visit_schedule s ON s.resident_id = r.id"
    " WHERE r.deleted_at IS NULL AND (coalesce(s.tier, '') != '' OR EXISTS (SELECT 1 FROM visit v"
    "  WHERE v.resident_id = r.id AND v.deleted_at IS NULL"
    "  AND v.visit_date BETWEEN :first AND :last))"
    " ORDER BY r.group_name, r.name_pinyin COLLATE NOCASE, r.id"
)


@uses_store
def _latest(store: Store, ids: list[int]) -> dict[int, tuple]:
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), schedule.CHUNK):
        chunk = ids[start : start + schedule.CHUNK]
        sql = (
            "SELECT id, visit_date, method, problems, referral, follow_up_date FROM visit"
            f" WHERE id IN ({','.join('?' * len(chunk))})"
        )
        for visit_id, *values in store.db.execute_sql(sql, chunk):
            found[visit_id] = tuple(values)
    return found


@uses_store
def month_visits(store: Store, first: dt.date, last: dt.date) -> list[PersonVisits]:
    """Everyone in a visit tier, and anyone else visited in the month, by group and name."""
    schedule.refresh(store)
    owed_tasks = {
        row[0]
        for row in store.db.execute_sql(
            "SELECT DISTINCT resident_id FROM visit_task WHERE deleted_at IS NULL"
            " AND due_date BETWEEN ? AND ?",
            [first.isoformat(), last.isoformat()],
        )
    }
    rows = store.db.execute_sql(_PEOPLE, {"first": first.isoformat(), "last": last.isoformat()})
    rows = rows.fetchall()
    latest = _latest(store, [row[8] for row in rows if row[8]])
    people = []
    for rid, name, group, tier, every, since, before, made, latest_id in rows:
        owed = 0
        if tier and (before or since):
            base = dt.date.fromisoformat(before or since)
            owed = visits_owed(base, every, first, last)
        if rid in owed_tasks:
            owed = max(owed, 1)
        day, method, problems, referral, follow_up = latest.get(latest_id, (None, "", "", "", None))
        follow = "；".join(part for part in (referral, follow_up or "") if part)
        people.append(
            PersonVisits(
                name, group, tier, owed, made, dt.date.fromisoformat(day) if day else None,
                method, problems, follow,
            )
        )  # fmt: skip
    return people
