"""The visit schedule: each resident's tier, last visit and next due date, kept ready to list.

`refresh` brings the visit_schedule cache up to date before anything reads it. It recomputes
only the residents something happened to since the last refresh: new rows (found above the id
watermarks kept in the setting below), updated rows (queued in visit_dirty by triggers), and
people whose tier may change today by itself (a birthday, a dated category or override: the
row's `recheck_on`). A new rule version in force rebuilds every row. The writers in this package
also recompute their resident at once, so a recorded visit shows without waiting for a refresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from carepoint import clock, rules
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.visits.periods import next_due
from carepoint.visits.tiers import AREA, Facts, TierResult, TierRules, evaluate, parse_rules

STATE_SETTING = "visits_schedule_state"
# Table whose new rows mark their resident, and the column naming the resident.
WATERMARKS = {
    "resident": "id",
    "category_membership": "resident_id",
    "visit": "resident_id",
    "visit_task": "resident_id",
    "assessment": "resident_id",
    "visit_tier_override": "resident_id",
}
CHUNK = 900  # SQLite's limit on bound parameters is 999 in older builds
RANGE = 50_000  # a full rebuild goes through the residents this many ids at a time
FULL_REBUILD_SHARE = 0.2  # beyond this share of residents, one pass over everyone is cheaper


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


@uses_store
def rules_in_force(store: Store, day: dt.date) -> tuple[TierRules, str]:
    """The tier rules on `day` and a fingerprint that changes whenever they do."""
    version = rules.rules_on(store, AREA, day)
    text = json.dumps(
        [version.effective_from.isoformat(), version.source, version.content], sort_keys=True
    )
    return parse_rules(version.content), hashlib.sha1(text.encode()).hexdigest()


# A selection of residents: a list of ids, or a range (first id, last id) for a full pass.
Selection = list[int] | tuple[int, int]


def _selections(store: Store, ids: list[int] | None) -> Iterable[Selection]:
    if ids is not None:
        for start in range(0, len(ids), CHUNK):
            yield ids[start : start + CHUNK]
        return
    top = store.db.execute_sql("SELECT coalesce(max(id), 0) FROM resident").fetchone()[0]
    for first in range(1, top + 1, RANGE):
        yield (first, first + RANGE - 1)


def _where_ids(column: str, chunk: Selection) -> tuple[str, list]:
    if isinstance(chunk, tuple):
        return f" AND {column} BETWEEN ? AND ?", list(chunk)
    return f" AND {column} IN ({','.join('?' * len(chunk))})", list(chunk)


@uses_store
def load_facts(store: Store, ids: list[int] | None = None) -> dict[int, Facts]:
    """Everything a tier depends on, for `ids` (or every resident), in a few queries."""
    facts: dict[int, Facts] = {}
    for chunk in _selections(store, ids):
        _load_chunk(store, chunk, facts)
    return facts


@uses_store
def _load_chunk(store: Store, chunk: Selection, facts: dict[int, Facts]) -> None:
    sql = store.db.execute_sql
    where, params = _where_ids("id", chunk)
    for rid, birth, status, status_date, registered in sql(
        "SELECT id, birth_date, status, status_date, registered_on FROM resident"
        f" WHERE deleted_at IS NULL{where}",
        params,
    ):
        facts[rid] = Facts(rid, _date(birth), status, _date(status_date), _date(registered))
    where, params = _where_ids("resident_id", chunk)
    for rid, code, start, end in sql(
        "SELECT resident_id, code, start_date, end_date FROM category_membership"
        f" WHERE deleted_at IS NULL{where}",
        params,
    ):
        if rid in facts:
            facts[rid].memberships.append((code, _date(start), _date(end)))
    for rid, on, level in sql(
        "SELECT resident_id, assessed_on, level FROM assessment"
        f" WHERE deleted_at IS NULL{where} ORDER BY assessed_on, id",
        params,
    ):
        if rid in facts:
            facts[rid].assessments.append((_date(on), level))
    # Newest first: the latest override that covers a day is the one in force.
    for rid, tier, reason, start, end in sql(
        "SELECT resident_id, tier, reason, start_date, end_date FROM visit_tier_override"
        f" WHERE deleted_at IS NULL{where} ORDER BY start_date DESC, id DESC",
        params,
    ):
        if rid in facts:
            facts[rid].overrides.append((tier, reason, _date(start), _date(end)))


@uses_store
def _visits_and_tasks(store: Store, chunk: Selection) -> tuple[dict, dict]:
    where, params = _where_ids("r.id", chunk)
    last = dict(
        store.db.execute_sql(
            "SELECT r.id, (SELECT max(v.visit_date) FROM visit v WHERE v.resident_id = r.id"
            f" AND v.deleted_at IS NULL) FROM resident r WHERE r.deleted_at IS NULL{where}",
            params,
        )
    )
    where, params = _where_ids("resident_id", chunk)
    tasks = {
        rid: (due, kind)
        for rid, due, kind in store.db.execute_sql(
            "SELECT resident_id, min(due_date), kind FROM visit_task"
            f" WHERE closed_on IS NULL AND deleted_at IS NULL{where} GROUP BY resident_id",
            params,
        )
    }
    return last, tasks


def schedule_row(
    facts: Facts, result: TierResult, last: str | None, task: tuple | None, day: dt.date
) -> tuple:
    last_visit = _date(last)
    regular = None
    if result.tier:
        base = last_visit or result.since
        regular = next_due(base, result.every)
    task_due, task_kind = (_date(task[0]), task[1]) if task and facts.active_on(day) else (None, "")
    due, kind = regular, "regular" if regular else ""
    if task_due and (due is None or task_due < due):
        due, kind = task_due, task_kind
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return (
        facts.resident_id,
        result.tier,
        result.source,
        result.criterion,
        result.every.code if result.every else "",
        iso(result.since),
        last,
        iso(regular),
        iso(task_due),
        iso(due),
        kind,
        iso(result.recheck_on),
    )


_UPSERT = (
    "INSERT OR REPLACE INTO visit_schedule (resident_id, tier, source, criterion, every, since,"
    " last_visit, regular_due, task_due, due_date, due_kind, recheck_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@uses_store
def recompute(
    store: Store,
    ids: Iterable[int] | None,
    day: dt.date | None = None,
    tier_rules: TierRules | None = None,
) -> int:
    """Compute the schedule rows of `ids` (None: everyone) as of `day`; returns the count."""
    day = day or clock.today()
    tier_rules = tier_rules or rules_in_force(store, day)[0]
    wanted = None if ids is None else sorted(set(ids))
    cursor = store.db.cursor()
    written = 0
    with store.db.writing():
        if wanted is None:
            store.db.execute_sql("DELETE FROM visit_schedule")
        for chunk in _selections(store, wanted):
            facts: dict[int, Facts] = {}
            _load_chunk(store, chunk, facts)
            last, tasks = _visits_and_tasks(store, chunk)
            rows = [
                schedule_row(f, evaluate(f, tier_rules, day), last.get(rid), tasks.get(rid), day)
                for rid, f in facts.items()
            ]
            cursor.executemany(_UPSERT, rows)
            written += len(rows)
            gone = [] if wanted is None else [rid for rid in chunk if rid not in facts]
            if gone:
                marks = ",".join("?" * len(gone))
                store.db.execute_sql(
                    f"DELETE FROM visit_schedule WHERE resident_id IN ({marks})", gone
                )
    return written


@uses_store
def refresh(store: Store, day: dt.date | None = None) -> int:
    """Bring the schedule up to date for `day` (today); returns how many rows were computed.

    Reading stays a read: only when something changed does it open a write transaction."""
    day = day or clock.today()
    tier_rules, fingerprint = rules_in_force(store, day)
    if not _needs_work(store, fingerprint, day):
        return 0
    with store.db.writing():
        state = json.loads(store.setting(STATE_SETTING) or "{}")
        marks = _marks(store)
        if state.get("rules") != fingerprint:
            count = recompute(store, None, day, tier_rules)
        else:
            ids = _changed_since(store, state.get("marks", {}), marks, day)
            if ids is None:
                count = recompute(store, None, day, tier_rules)
            else:
                count = recompute(store, ids, day, tier_rules) if ids else 0
        store.db.execute_sql("DELETE FROM visit_dirty")
        store.set_setting(STATE_SETTING, json.dumps({"rules": fingerprint, "marks": marks}))
    return count


@uses_store
def pending(store: Store, day: dt.date | None = None) -> int:
    """Roughly how many rows the next refresh will compute (to move big ones off the GUI thread)."""
    day = day or clock.today()
    _rules, fingerprint = rules_in_force(store, day)
    if not _needs_work(store, fingerprint, day):
        return 0
    state = json.loads(store.setting(STATE_SETTING) or "{}")
    marks = _marks(store)
    if state.get("rules") != fingerprint:
        return marks["resident"]
    ids = _changed_since(store, state.get("marks", {}), marks, day)
    return marks["resident"] if ids is None else len(ids)


@uses_store
def _marks(store: Store) -> dict[str, int]:
    sql = store.db.execute_sql
    return {t: sql(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in WATERMARKS}


@uses_store
def _needs_work(store: Store, fingerprint: str, day: dt.date) -> bool:
    state = json.loads(store.setting(STATE_SETTING) or "{}")
    if state.get("rules") != fingerprint or state.get("marks") != _marks(store):
        return True
    sql = store.db.execute_sql
    if sql("SELECT 1 FROM visit_dirty LIMIT 1").fetchone():
        return True
    return bool(
        sql(
            "SELECT 1 FROM visit_schedule WHERE recheck_on IS NOT NULL AND recheck_on <= ? LIMIT 1",
            [day.isoformat()],
        ).fetchone()
    )


@uses_store
def _changed_since(store: Store, old: dict, new: dict, day: dt.date) -> set[int] | None:
    """The residents to compute again, or None when so many changed that a full pass is cheaper
    (judged by the new rows' id span first, so a bulk load of visits is never read twice)."""
    limit = FULL_REBUILD_SHARE * (new["resident"] or 1)
    if any(new[table] - old.get(table, 0) > limit for table in WATERMARKS):
        return None
    sql = store.db.execute_sql
    ids: set[int] = set()
    for table, column in WATERMARKS.items():
        if new[table] > old.get(table, 0):
            ids.update(
                row[0]
                for row in sql(
                    f"SELECT {column} FROM {table} WHERE id > ? AND id <= ?",
                    [old.get(table, 0), new[table]],
                )
            )
    ids.update(row[0] for row in sql("SELECT resident_id FROM visit_dirty"))
    ids.update(
        row[0]
        for row in sql(
            "SELECT resident_id FROM visit_schedule WHERE recheck_on IS NOT NULL"
            " AND recheck_on <= ?",
            [day.isoformat()],
        )
    )
    return None if len(ids) > limit else ids


@uses_store
def tier_of(store: Store, resident_id: int, day: dt.date | None = None) -> TierResult:
    """The tier of one resident on `day`, with the words that explain it."""
    day = day or clock.today()
    facts = load_facts(store, [resident_id]).get(resident_id)
    if facts is None:
        return TierResult("")
    return evaluate(facts, rules_in_force(store, day)[0], day)
