"""The ledger tables (one migration step, appended to carepoint.migrations.STEPS).

- activity: one activity at the care point (文化娱乐, 节日关怀, 生日会, 健身 …): date, kind, title,
  organiser, place, notes and the file names of its photos (kept in the data folder's photos/).
- activity_attendance: who attended: a resident, or a visitor by name. One row per person and
  activity while it stands; a withdrawn attendance is soft-deleted.
- helper_pair: a helper (volunteer, party member, neighbour) paired with a resident who needs
  looking after, from a start date until an end date. A helper who is a time-bank volunteer is
  linked, so their visits also count in the time bank.
- health_reading: a reading the village doctor took (blood pressure, blood sugar, weight), who
  measured it, and which values were out of range (a follow-up visit is opened for those).
- call_device: a 一键通 emergency-call device given to a resident: number, installed, removed.
- call_record: a call from a device (emergency, enquiry, pressed by mistake, test), answered or
  not, the response and follow-up. One row per device and minute, so a provider's file imported
  twice adds nothing.

Second step (create_more_tables):
- insurance_claim: a claim on the yearly accident insurance (老年人意外伤害保险) noted against the
  person: the policy year, the accident's date and kind, what was claimed and paid (fen), state.
- adaptation_case: an 适老化改造 case for a household: the person (and others living there), the
  items needed, cost and subsidy (fen), contractor, and its state 申请 → 评估 → 施工 → 验收 →
  归档 with the date of each step.

Every table above travels to the township (uuid, change counter, soft deletion); each step also
creates the township's copies (tw_<table>) where the exchange tables already exist.

Third step (create_photo_table):
- ledger_photo: the photos of an activity or an adaptation case (before / after), kept inside the
  data file so that every backup holds them. It has no change counter: it never travels in a
  package (the record's `photos` column, which does, names the files).
"""

from __future__ import annotations

from carepoint.exchange.schema import MIRROR_PREFIX, travelling_columns

_SYNCED = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
"""

TABLES = (
    "activity",
    "activity_attendance",
    "helper_pair",
    "health_reading",
    "call_device",
    "call_record",
)

_STATEMENTS = (
    f"""CREATE TABLE activity (
        id INTEGER PRIMARY KEY, {_SYNCED},
        activity_date TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
        organiser TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '', photos TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX activity_date ON activity (activity_date) WHERE deleted_at IS NULL",
    f"""CREATE TABLE activity_attendance (
        id INTEGER PRIMARY KEY, {_SYNCED},
        activity_id INTEGER NOT NULL REFERENCES activity (id),
        resident_id INTEGER REFERENCES resident (id),
        visitor_name TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX activity_attendance_once ON activity_attendance"
    " (activity_id, coalesce(resident_id, 0), visitor_name) WHERE deleted_at IS NULL",
    "CREATE INDEX activity_attendance_resident ON activity_attendance (resident_id)",
    f"""CREATE TABLE helper_pair (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        helper_name TEXT NOT NULL, helper_kind TEXT NOT NULL,
        helper_phone TEXT NOT NULL DEFAULT '',
        volunteer_id INTEGER REFERENCES timebank_volunteer (id),
        start_date TEXT NOT NULL, end_date TEXT, note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX helper_pair_resident ON helper_pair (resident_id) WHERE deleted_at IS NULL",
    f"""CREATE TABLE health_reading (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        measured_on TEXT NOT NULL, measured_by TEXT NOT NULL,
        systolic INTEGER, diastolic INTEGER,
        glucose_tenths INTEGER, glucose_fasting INTEGER NOT NULL DEFAULT 1,
        weight_tenths INTEGER, out_of_range TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX health_reading_resident ON health_reading (resident_id, measured_on)"
    " WHERE deleted_at IS NULL",
    f"""CREATE TABLE call_device (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        device_number TEXT NOT NULL, installed_on TEXT NOT NULL, removed_on TEXT,
        provider TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX call_device_number ON call_device (device_number)"
    " WHERE deleted_at IS NULL AND removed_on IS NULL",
    f"""CREATE TABLE call_record (
        id INTEGER PRIMARY KEY, {_SYNCED},
        device_id INTEGER NOT NULL REFERENCES call_device (id),
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        called_at TEXT NOT NULL, kind TEXT NOT NULL, answered INTEGER NOT NULL DEFAULT 1,
        response TEXT NOT NULL DEFAULT '', follow_up TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX call_record_once ON call_record (device_id, called_at)"
    " WHERE deleted_at IS NULL",
    "CREATE INDEX call_record_time ON call_record (called_at) WHERE deleted_at IS NULL",
)


MORE_TABLES = ("insurance_claim", "adaptation_case")

_MORE_STATEMENTS = (
    f"""CREATE TABLE insurance_claim (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        policy_year INTEGER NOT NULL, incident_date TEXT NOT NULL, kind TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '', claimed_fen INTEGER NOT NULL DEFAULT 0,
        paid_fen INTEGER, state TEXT NOT NULL DEFAULT 'reported', note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX insurance_claim_resident ON insurance_claim (resident_id)"
    " WHERE deleted_at IS NULL",
    f"""CREATE TABLE adaptation_case (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        household TEXT NOT NULL DEFAULT '', others TEXT NOT NULL DEFAULT '',
        items TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT 'applied',
        applied_on TEXT NOT NULL, assessed_on TEXT, work_started_on TEXT, accepted_on TEXT,
        archived_on TEXT, cost_fen INTEGER NOT NULL DEFAULT 0,
        subsidy_fen INTEGER NOT NULL DEFAULT 0, contractor TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '', photos TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX adaptation_case_resident ON adaptation_case (resident_id)"
    " WHERE deleted_at IS NULL",
)


def _mirrors(db, tables=TABLES) -> list[str]:
    statements = []
    for table in tables:
        mirror = MIRROR_PREFIX + table
        columns = ", ".join(travelling_columns(db, table))
        statements.append(
            f"CREATE TABLE {mirror} (id INTEGER PRIMARY KEY, village_code TEXT NOT NULL, {columns})"
        )
        statements.append(f"CREATE UNIQUE INDEX {mirror}_key ON {mirror} (village_code, uuid)")
    return statements


def create_tables(db) -> None:
    """Schema step: the ledger tables, and their township copies when the exchange tables exist."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
    has_mirrors = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (MIRROR_PREFIX + "resident",),
    ).fetchone()
    if has_mirrors:
        for statement in _mirrors(db):
            db.execute_sql(statement)


def create_more_tables(db) -> None:
    """Schema step: insurance claims and adaptation cases, with their township copies."""
    for statement in _MORE_STATEMENTS:
        db.execute_sql(statement)
    has_mirrors = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (MIRROR_PREFIX + "resident",),
    ).fetchone()
    if has_mirrors:
        for statement in _mirrors(db, MORE_TABLES):
            db.execute_sql(statement)


def create_photo_table(db) -> None:
    """Schema step: the photos of activities and adaptation cases (local, never exchanged)."""
    db.execute_sql(
        """CREATE TABLE ledger_photo (
            id INTEGER PRIMARY KEY, owner TEXT NOT NULL, owner_uuid TEXT NOT NULL,
            file_name TEXT NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL,
            size INTEGER NOT NULL, data BLOB NOT NULL)"""
    )
    db.execute_sql("CREATE UNIQUE INDEX ledger_photo_name ON ledger_photo (owner_uuid, file_name)")
