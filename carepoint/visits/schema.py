"""The visit and assessment tables (one migration step, appended to carepoint.migrations.STEPS).

- visit: one 探访 (home visit, phone or video call …) with its findings in five areas, needs,
  referral and an optional follow-up date. Travels between PCs; never deleted.
- visit_task: a visit that must happen by a date besides the regular rhythm: a follow-up set
  by a visit, or an extra visit scheduled for a group (cold wave, festival). Open until closed.
- assessment: an ability assessment (GB/T 42195-2022): 26 item scores, total, level, assessors.
- visit_tier_override: a tier set by hand for a resident from a date, with the reason.
- visit_schedule: a local cache, one row per resident: tier, last visit and next due date.
  Rebuilt from the tables above at any time; it never travels and is never audited. It keeps
  the due list of 300,000 residents and 15 million visits to one indexed range scan.
- visit_dirty: residents whose schedule row must be computed again. Triggers fill it when a
  resident or category row is updated by any code (the register, an import, a sync); inserts
  are found by id watermarks instead, so bulk imports pay nothing for them.
"""

from __future__ import annotations

from peewee import Database

_SYNCED = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
"""

_TABLES = [
    f"""CREATE TABLE visit (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        visit_date TEXT NOT NULL, visit_time TEXT NOT NULL DEFAULT '',
        visitor TEXT NOT NULL, visitor_kind TEXT NOT NULL DEFAULT 'user',
        method TEXT NOT NULL,
        health_status TEXT NOT NULL DEFAULT '', health_note TEXT NOT NULL DEFAULT '',
        mental_status TEXT NOT NULL DEFAULT '', mental_note TEXT NOT NULL DEFAULT '',
        safety_status TEXT NOT NULL DEFAULT '', safety_note TEXT NOT NULL DEFAULT '',
        hygiene_status TEXT NOT NULL DEFAULT '', hygiene_note TEXT NOT NULL DEFAULT '',
        living_status TEXT NOT NULL DEFAULT '', living_note TEXT NOT NULL DEFAULT '',
        carers_fulfil TEXT NOT NULL DEFAULT '', problems TEXT NOT NULL DEFAULT '',
        needs TEXT NOT NULL DEFAULT '', referral TEXT NOT NULL DEFAULT '',
        follow_up_date TEXT, notes TEXT NOT NULL DEFAULT '')""",
    # The last visit of a resident (and of a resident before a day) is one seek here.
    "CREATE INDEX visit_resident_date ON visit (resident_id, visit_date) WHERE deleted_at IS NULL",
    "CREATE INDEX visit_date ON visit (visit_date) WHERE deleted_at IS NULL",
    f"""CREATE TABLE visit_task (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        kind TEXT NOT NULL, due_date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        source_visit_id INTEGER REFERENCES visit (id), created_on TEXT NOT NULL,
        closed_on TEXT, closed_by_visit_id INTEGER REFERENCES visit (id),
        close_note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX visit_task_open ON visit_task (resident_id, due_date)"
    " WHERE closed_on IS NULL AND deleted_at IS NULL",
    "CREATE INDEX visit_task_resident ON visit_task (resident_id, due_date)"
    " WHERE deleted_at IS NULL",
    f"""CREATE TABLE assessment (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        assessed_on TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        assessor_1 TEXT NOT NULL, assessor_2 TEXT NOT NULL,
        scores TEXT NOT NULL, total INTEGER NOT NULL, base_level TEXT NOT NULL,
        dementia INTEGER NOT NULL DEFAULT 0, risk_events INTEGER NOT NULL DEFAULT 0,
        level TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX assessment_resident ON assessment (resident_id, assessed_on)"
    " WHERE deleted_at IS NULL",
    f"""CREATE TABLE visit_tier_override (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        tier TEXT NOT NULL, reason TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT)""",
    "CREATE INDEX visit_tier_override_resident ON visit_tier_override (resident_id)",
    """CREATE TABLE visit_schedule (
        resident_id INTEGER PRIMARY KEY, tier TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '', criterion INTEGER, every TEXT NOT NULL DEFAULT '',
        since TEXT, last_visit TEXT, regular_due TEXT, task_due TEXT, due_date TEXT,
        due_kind TEXT NOT NULL DEFAULT '', recheck_on TEXT)""",
    "CREATE INDEX visit_schedule_due ON visit_schedule (due_date, resident_id)"
    " WHERE due_date IS NOT NULL",
    "CREATE INDEX visit_schedule_recheck ON visit_schedule (recheck_on)"
    " WHERE recheck_on IS NOT NULL",
    "CREATE TABLE visit_dirty (resident_id INTEGER PRIMARY KEY)",
]


def _dirty_trigger(name: str, table: str, columns: str = "") -> str:
    of = f" OF {columns}" if columns else ""
    who = "NEW.id" if table == "resident" else "NEW.resident_id"
    return (
        f"CREATE TRIGGER {name} AFTER UPDATE{of} ON {table} BEGIN"
        f" INSERT OR IGNORE INTO visit_dirty (resident_id) VALUES ({who}); END"
    )


_TRIGGERS = [
    _dirty_trigger(
        "visit_dirty_resident", "resident", "status, status_date, birth_date, deleted_at"
    ),
    _dirty_trigger("visit_dirty_category", "category_membership"),
    _dirty_trigger("visit_dirty_visit", "visit", "visit_date, deleted_at, resident_id"),
    _dirty_trigger("visit_dirty_task", "visit_task"),
    _dirty_trigger("visit_dirty_assessment", "assessment"),
    _dirty_trigger("visit_dirty_override", "visit_tier_override"),
]


def create_tables(db: Database) -> None:
    for statement in _TABLES + _TRIGGERS:
        db.execute_sql(statement)
