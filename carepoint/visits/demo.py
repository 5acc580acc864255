"""Visit history and assessments for the demo village: `generate_visits(store, months, seed)`.

Call it after the residents are written (carepoint.demo.generate_village). Everyone in a visit
tier gets visits at their tier's rhythm over the last `months` months, mostly on time, some late,
a few overdue now; some visits find problems and set follow-ups (older ones closed by the next
visit); residents in the 失能 / 半失能 categories get assessments whose level agrees with them.
Rows go in with executemany in one transaction (design.md: peewee's insert_many is slow).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass

from carepoint import audit, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow
from carepoint.visits import schedule
from carepoint.visits.assessment_items import ITEMS, final_level, level_for_total
from carepoint.visits.labels import AREAS
from carepoint.visits.periods import add_months, next_due
from carepoint.visits.records import _COLUMNS as VISIT_COLUMNS
from carepoint.visits.tiers import Facts, evaluate

VOLUNTEERS = ("刘红梅", "陈建国", "周桂兰", "吴志强", "孙丽")
METHOD_WEIGHTS = {
    "high_risk": (("home", 50), ("phone", 38), ("video", 4), ("neighbour", 5), ("volunteer", 3)),
    "key": (("home", 40), ("phone", 45), ("video", 5), ("neighbour", 5), ("volunteer", 5)),
    "general": (("home", 25), ("phone", 60), ("video", 5), ("neighbour", 5), ("volunteer", 5)),
}
PROBLEMS = (
    ("血压偏高，药快吃完了", "medical", "联系村医上门测血压"),
    ("厨房燃气软管老化", "home_adaptation", "报村委更换燃气软管"),
    ("情绪低落，子女久未联系", "emotional", "联系子女多打电话"),
    ("卫生间地滑，有跌倒风险", "home_adaptation", "申请适老化改造扶手"),
    ("行动不便，买菜困难", "meals", "推荐到互助点助餐"),
    ("腿脚疼痛，需要康复", "rehabilitation", "转介乡镇卫生院康复科"),
)
LEVEL_BANDS = {"semi_disabled_care": (46, 89), "disabled_care": (10, 45)}


@dataclass
class VisitDemoSummary:
    visits: int = 0
    follow_ups: int = 0
    open_follow_ups: int = 0
    assessments: int = 0


@uses_store
def _visitors(store: Store) -> list[tuple[str, str]]:
    users = [row[0] for row in store.db.execute_sql("SELECT username FROM user WHERE active = 1")]
    return [(u, "user") for u in users or ["admin"]] + [(v, "volunteer") for v in VOLUNTEERS]


FLUSH_ROWS = 20_000  # visits held in memory before they are written
FACTS_AT_ONCE = 20_000  # residents whose tier facts are in memory at a time


@uses_store
def _facts_by_id(store: Store) -> Iterator[tuple[int, Facts]]:
    """Every resident's tier facts in id order, a slice at a time: a county's 300,000 at once
    held ~200 MB."""
    ids = [row[0] for row in store.db.execute_sql(
        "SELECT id FROM resident WHERE deleted_at IS NULL ORDER BY id")]  # fmt: skip
    for start in range(0, len(ids), FACTS_AT_ONCE):
        yield from sorted(schedule.load_facts(store, ids[start : start + FACTS_AT_ONCE]).items())


def _cumulative(pairs) -> tuple[list[str], list[int]]:
    total, cumulative = 0, []
    for _method, weight in pairs:
        total += weight
        cumulative.append(total)
    return [p[0] for p in pairs], cumulative


METHOD_DRAWS = {tier: _cumulative(pairs) for tier, pairs in METHOD_WEIGHTS.items()}


def _weighted(rng: random.Random, tier: str) -> str:
    methods, cumulative = METHOD_DRAWS[tier]
    return rng.choices(methods, cum_weights=cumulative)[0]


@uses_store
def generate_visits(
    store: Store, *, months: int = 12, seed: int = 1, today: dt.date | None = None
) -> VisitDemoSummary:
    today = today or clock.today()
    rng = random.Random(seed * 7919 + 17)
    summary = VisitDemoSummary()
    visitors = _visitors(store)
    start = add_months(today, -months)
    tier_rules = schedule.rules_in_force(store, today)[0]
    with store.db.writing():
        writer = _Writer(store, today)
        for rid, facts in _facts_by_id(store):
            # The demo's people were all registered today; their history starts with the tier.
            facts.registered_on = dt.date.min
            result = evaluate(facts, tier_rules, today)
            if result.tier:
                first = max(start, result.since)
                _visit_history(rng, writer, rid, result.tier, result.every, first, today, visitors)
                if len(writer.visit_rows) >= FLUSH_ROWS:  # between people: their tasks are done
                    writer.flush()
        _assessments(rng, writer, start, today)
        writer.flush()
        summary.visits, summary.assessments = writer.visits, writer.assessments
        summary.follow_ups, summary.open_follow_ups = writer.tasks, writer.open_tasks
        schedule.refresh(store, today)
    return summary


def _visit_history(rng, writer, rid, tier, every, first, today, visitors) -> None:
    day = first + dt.timedelta(days=rng.randint(0, (next_due(first, every) - first).days))
    lapse = rng.random() < 0.12  # this person's visits have lapsed lately: overdue now
    open_task: tuple[int, dt.date] | None = None
    while day <= today:
        if lapse and (today - day).days < 45:
            break
        visitor, kind = rng.choice(visitors)
        method = _weighted(rng, tier)
        problem = rng.random() < 0.08
        follow_up = None
        if problem and rng.random() < 0.6:
            follow_up = day + dt.timedelta(days=rng.randint(5, 14))
        visit_id = writer.visit(rid, day, visitor, kind, method, rng, problem, follow_up)
        if open_task:
            writer.close_task(open_task[0], day, visit_id)
            open_task = None
        if follow_up:
            open_task = (writer.task(rid, follow_up, visit_id, day), follow_up)
        late = rng.random() < 0.15
        if follow_up:  # the follow-up visit, usually on time
            day = follow_up + dt.timedelta(days=rng.randint(0, 8 if late else 2))
        else:
            day = next_due(day, every) + dt.timedelta(days=rng.randint(-2, 12 if late else 1))
    if open_task:
        writer.open_tasks += 1


def _assessments(rng, writer, start: dt.date, today: dt.date) -> None:
    rows = writer.store.db.execute_sql(
        "SELECT m.resident_id, m.code, m.start_date, max(d.code = 'dementia')"
        " FROM category_membership m JOIN resident r ON r.id = m.resident_id"
        " LEFT JOIN category_membership d ON d.resident_id = m.resident_id"
        " AND d.deleted_at IS NULL AND d.end_date IS NULL"
        " WHERE m.code IN ('disabled_care', 'semi_disabled_care') AND m.deleted_at IS NULL"
        " AND m.end_date IS NULL AND r.status = 'active' AND r.deleted_at IS NULL"
        " GROUP BY m.resident_id, m.code ORDER BY m.resident_id",
    ).fetchall()
    for rid, code, since, dementia in rows:
        low, high = LEVEL_BANDS[code]
        day = max(dt.date.fromisoformat(since), start) + dt.timedelta(days=rng.randint(0, 20))
        total = rng.randint(low, high)
        while day <= today:
            writer.assessment(rid, day, _scores(rng, total), bool(dementia), code)
            day = add_months(day, 6) + dt.timedelta(days=rng.randint(-5, 25))
            total = max(low, min(high, total + rng.randint(-6, 2)))


def _scores(rng: random.Random, total: int) -> dict[str, int]:
    scores = {item.code: item.max_score for item in ITEMS}
    deficit = sum(scores.values()) - total
    while deficit > 0:
        item = rng.choice(ITEMS)
        if scores[item.code] > 0:
            scores[item.code] -= 1
            deficit -= 1
    return scores


class _Writer:
    """Collects rows with ids given in advance, then writes them with executemany."""

    @uses_store
    def __init__(self, store: Store, today: dt.date):
        self.store, self.today = store, today
        self.now = utcnow().isoformat(sep=" ")
        sql = store.db.execute_sql
        self.next_visit = sql("SELECT coalesce(max(id), 0) FROM visit").fetchone()[0] + 1
        self.next_task = sql("SELECT coalesce(max(id), 0) FROM visit_task").fetchone()[0] + 1
        self.seq = store.next_change_seq(1)
        self.visit_rows, self.task_rows, self.assessment_rows, self.audit_rows = [], [], [], []
        self.closing: dict[int, tuple[str, int]] = {}
        self.last_problem = ""
        self.visits = self.tasks = self.open_tasks = self.assessments = 0

    def _synced(self) -> list:
        uuid = new_uuid()
        self.audit_rows.append(uuid)
        return [uuid, self.now, self.now, self.seq]

    def visit(self, rid, day, visitor, kind, method, rng, problem, follow_up) -> int:
        observed = AREAS if method in ("home", "neighbour", "volunteer") else AREAS[:3]
        findings = []
        for area in AREAS:
            status = "" if area not in observed else ("fair" if rng.random() < 0.1 else "good")
            findings += [status, ""]
        text, need, referral = rng.choice(PROBLEMS) if problem else ("", "", "")
        self.last_problem = text
        if problem:
            findings[0] = "poor" if need in ("medical", "rehabilitation") else findings[0]
        time = f"{rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        carers = rng.choice(("", "yes", "yes", "yes", "partly"))
        follow = follow_up.isoformat() if follow_up else None
        self.visit_rows.append(
            [*self._synced(), rid, day.isoformat(), time, visitor, kind, method, *findings,
             carers, text, need, referral, follow, ""]
        )  # fmt: skip
        self.visits += 1
        self.next_visit += 1
        return self.next_visit - 1

    def task(self, rid, due, visit_id, created) -> int:
        self.task_rows.append(
            [
                *self._synced(),
                rid,
                "follow_up",
                due.isoformat(),
                self.last_problem,
                visit_id,
                created.isoformat(),
            ]  # fmt: skip
        )
        self.tasks += 1
        self.next_task += 1
        return self.next_task - 1

    def close_task(self, task_id: int, day: dt.date, visit_id: int) -> None:
        self.closing[task_id] = (day.isoformat(), visit_id)

    def assessment(self, rid, day, scores, dementia, code) -> None:
        total = sum(scores.values())
        base = level_for_total(total)
        level = final_level(base, dementia, 0)
        if code == "semi_disabled_care" and level in ("severe", "complete"):
            level = base  # keep the demo's level and category in agreement
        self.assessment_rows.append(
            [*self._synced(), rid, day.isoformat(), "routine", "王医生", "李护士",
             json.dumps(scores), total, base, int(dementia), 0, level, ""]
        )  # fmt: skip
        self.assessments += 1

    def flush(self) -> None:
        cursor = self.store.db.cursor()
        cursor.executemany(
            f"INSERT INTO visit ({VISIT_COLUMNS}) VALUES ({', '.join('?' * 26)})", self.visit_rows
        )
        rows = [r + list(self.closing.pop(i, (None, None))) for i, r in self._numbered()]
        cursor.executemany(
            "INSERT INTO visit_task (uuid, created_at, updated_at, change_seq, resident_id, kind,"
            " due_date, reason, source_visit_id, created_on, closed_on, closed_by_visit_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        cursor.executemany(
            "INSERT INTO assessment (uuid, created_at, updated_at, change_seq, resident_id,"
            " assessed_on, reason, assessor_1, assessor_2, scores, total, base_level, dementia,"
            " risk_events, level, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.assessment_rows,
        )
        entity = {r[0]: "visit" for r in self.visit_rows}
        entity.update({r[0]: "visit_task" for r in self.task_rows})
        entity.update({r[0]: "assessment" for r in self.assessment_rows})
        audit.write_entries(
            self.store.db,
            [(self.now, self.store.actor, "demo", entity[u], u, "", None, None)
             for u in self.audit_rows],
        )  # fmt: skip
        self.visit_rows, self.task_rows, self.assessment_rows, self.audit_rows = [], [], [], []

    def _numbered(self):
        first = self.next_task - len(self.task_rows)
        return ((first + n, row) for n, row in enumerate(self.task_rows))
