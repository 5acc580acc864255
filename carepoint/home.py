"""The care point at a glance: who is in the register, by category and age band, and what changed
lately. Counting happens in SQL so the home page stays quick with a township's 300,000 people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.changes import describe_change
from carepoint.db import Store
from carepoint.i18n import _

# The bands the home page and the monthly report show (under-60s are counted apart).
HOME_AGE_BANDS = (("60_69", 60, 69), ("70_79", 70, 79), ("80_89", 80, 89), ("90_99", 90, 99),
                  ("100_plus", 100, None))  # fmt: skip
RECENT_ENTITIES = ("resident", "category_membership", "carer")


@dataclass(frozen=True)
class CountLine:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class RecentChange:
    at: dt.datetime  # UTC, as stored
    actor: str
    resident_name: str
    description: str


@dataclass(frozen=True)
class HomeSummary:
    care_point_name: str
    active_residents: int
    under_60: int
    oldest_old: int
    age_bands: tuple[CountLine, ...]
    categories: tuple[CountLine, ...]  # every category, in the usual order, zero counts included
    recent_changes: tuple[RecentChange, ...]


def _years_before(day: dt.date, years: int) -> str:
    try:
        return day.replace(year=day.year - years).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28).isoformat()


def band_label(low: int, high: int | None) -> str:
    """Short enough for a chart axis: '60–69', '100+' (translations may add 岁)."""
    if high is None:
        return _("{low}+").format(low=low)
    return _("{low}–{high}").format(low=low, high=high)


@uses_store
def _age_counts(store: Store, today: dt.date) -> tuple[int, int, int, list[CountLine]]:
    # A person is at least `low` when born on or before today minus `low` years.
    terms, params = [], []
    for _key, low, high in HOME_AGE_BANDS:
        if high is None:
            terms.append("coalesce(sum(birth_date <= ?), 0)")
            params.append(_years_before(today, low))
        else:
            terms.append("coalesce(sum(birth_date <= ? AND birth_date > ?), 0)")
            params += [_years_before(today, low), _years_before(today, high + 1)]
    terms.append("coalesce(sum(birth_date > ?), 0)")
    params.append(_years_before(today, 60))
    terms.append("coalesce(sum(birth_date <= ?), 0)")
    params.append(_years_before(today, categories.OLDEST_OLD_AGE))
    sql = (
        f"SELECT count(*), {', '.join(terms)} FROM resident"
        " WHERE deleted_at IS NULL AND status = 'active'"
    )
    total, *counts = store.db.execute_sql(sql, params).fetchone()
    bands = [
        CountLine(key, band_label(low, high), count)
        for (key, low, high), count in zip(HOME_AGE_BANDS, counts, strict=False)
    ]
    return total, counts[-2], counts[-1], bands


@uses_store
def _category_counts(store: Store, today: dt.date, oldest_old: int) -> list[CountLine]:
    sql = (
        "SELECT m.code, count(DISTINCT m.resident_id) FROM category_membership m"
        " JOIN resident r ON r.id = m.resident_id"
        " WHERE r.deleted_at IS NULL AND r.status = 'active' AND m.deleted_at IS NULL"
        " AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) GROUP BY m.code"
    )
    found = dict(store.db.execute_sql(sql, [today.isoformat()] * 2).fetchall())
    found["oldest_old"] = oldest_old
    return [
        CountLine(code, categories.label(code), found.get(code, 0)) for code in categories.CODES
    ]


@uses_store
def summarise(store: Store, today: dt.date | None = None, recent: int = 10) -> HomeSummary:
    today = today or clock.today()
    total, under_60, oldest_old, bands = _age_counts(store, today)
    return HomeSummary(
        care_point_name=store.setting("care_point_name") or store.setting("village_name"),
        active_residents=total,
        under_60=under_60,
        oldest_old=oldest_old,
        age_bands=tuple(bands),
        categories=tuple(_category_counts(store, today, oldest_old)),
        recent_changes=tuple(recent_changes(store, recent)),
    )


@uses_store
def recent_changes(store: Store, limit: int = 10) -> list[RecentChange]:
    """The latest changes to residents, their categories and carers, newest first.

    The audit log has one row per changed field; rows of one save share a change id, so
    consecutive rows of one change set and record are grouped. Reading backwards by id stops after
    a few pages.
    """
    placeholders = ", ".join("?" * len(RECENT_ENTITIES))
    sql = (
        "SELECT id, at, actor, action, entity, entity_uuid, field, old_value, new_value, change_id"
        f" FROM audit_entry WHERE entity IN ({placeholders}) AND id < ? ORDER BY id DESC LIMIT 200"
    )
    groups: list[list[tuple]] = []
    before = 2**62
    while True:
        rows = store.db.execute_sql(sql, [*RECENT_ENTITIES, before]).fetchall()
        for row in rows:
            # One line per write: the entries of one change set about one record.
            if groups and groups[-1][0][4:6] + groups[-1][0][9:] == row[4:6] + row[9:]:
                groups[-1].append(row)
            elif len(groups) == limit:
                return [_describe(store, group) for group in groups]
            else:
                groups.append([row])
        if len(rows) < 200:
            return [_describe(store, group) for group in groups]
        before = rows[-1][0]


@uses_store
def _resident_name(store: Store, entity: str, entity_uuid: str) -> str:
    if entity == "resident":
        sql = "SELECT name FROM resident WHERE uuid = ?"
    else:
        table = "carer" if entity == "carer" else "category_membership"
        sql = (
            f"SELECT r.name FROM {table} x JOIN resident r ON r.id = x.resident_id WHERE x.uuid = ?"
        )
    row = store.db.execute_sql(sql, [entity_uuid]).fetchone()
    return row[0] if row else ""


@uses_store
def _describe(store: Store, group: list[tuple]) -> RecentChange:
    _id, at, actor, action, entity, entity_uuid = group[0][:6]
    fields = {row[6]: (row[7], row[8]) for row in reversed(group)}
    when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
    name = _resident_name(store, entity, entity_uuid)
    return RecentChange(when, actor, name, describe_change(entity, action, fields))
