"""Schema steps, in order. Each step is a small, pure change; never edit one that has shipped.

The schema version is SQLite's `user_version`, set inside the step's own transaction, so it moves
exactly when the step commits and never without it.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import Database

from carepoint.county import schema as county_schema
from carepoint.dialect import local_date
from carepoint.exchange import schema as exchange_schema
from carepoint.ledgers import schema as ledgers_schema
from carepoint.meals import schema as meals_schema
from carepoint.subsidies import schema as subsidies_schema
from carepoint.visits import annex_schema
from carepoint.visits import schema as visits_schema

_SYNCED = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
"""


def _v1_register(db: Database) -> None:
    statements = [
        "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE resident (
            id INTEGER PRIMARY KEY, {_SYNCED},
            name TEXT NOT NULL, gender TEXT NOT NULL, id_number TEXT NOT NULL,
            birth_date TEXT NOT NULL, ethnicity TEXT NOT NULL DEFAULT '',
            marital_status TEXT NOT NULL DEFAULT '', household_address TEXT NOT NULL DEFAULT '',
            residence_address TEXT NOT NULL DEFAULT '', group_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '', living_situation TEXT NOT NULL DEFAULT '',
            income_source TEXT NOT NULL DEFAULT '', health_conditions TEXT NOT NULL DEFAULT '',
            self_care TEXT NOT NULL DEFAULT '', medical_contact_name TEXT NOT NULL DEFAULT '',
            medical_contact_phone TEXT NOT NULL DEFAULT '', agent_name TEXT NOT NULL DEFAULT '',
            agent_phone TEXT NOT NULL DEFAULT '', bank_account TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',
            status_date TEXT, name_pinyin TEXT NOT NULL DEFAULT '',
            name_initials TEXT NOT NULL DEFAULT '', search_text TEXT NOT NULL DEFAULT '')""",
        # One living record per ID number; soft-deleted rows keep theirs.
        "CREATE UNIQUE INDEX resident_id_number ON resident (id_number) WHERE deleted_at IS NULL",
        "CREATE INDEX resident_pinyin ON resident (name_pinyin COLLATE NOCASE)",
        "CREATE INDEX resident_initials ON resident (name_initials COLLATE NOCASE)",
        "CREATE INDEX resident_status ON resident (status)",
        "CREATE INDEX resident_group ON resident (group_name)",
        "CREATE INDEX resident_name_birth ON resident (name, birth_date)",
        f"""CREATE TABLE status_change (
            id INTEGER PRIMARY KEY, {_SYNCED},
            resident_id INTEGER NOT NULL REFERENCES resident (id),
            status TEXT NOT NULL, previous_status TEXT NOT NULL,
            effective_date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX status_change_resident ON status_change (resident_id)",
        f"""CREATE TABLE category_membership (
            id INTEGER PRIMARY KEY, {_SYNCED},
            resident_id INTEGER NOT NULL REFERENCES resident (id),
            code TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT,
            note TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX category_membership_resident ON category_membership (resident_id)",
        "CREATE INDEX category_membership_code ON category_membership (code)",
        f"""CREATE TABLE carer (
            id INTEGER PRIMARY KEY, {_SYNCED},
            resident_id INTEGER NOT NULL REFERENCES resident (id),
            name TEXT NOT NULL, relation TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
            is_primary INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX carer_resident ON carer (resident_id)",
        """CREATE TABLE audit_entry (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
            action TEXT NOT NULL, entity TEXT NOT NULL, entity_uuid TEXT NOT NULL,
            field TEXT NOT NULL DEFAULT '', old_value TEXT, new_value TEXT)""",
        "CREATE INDEX audit_entry_entity ON audit_entry (entity_uuid)",
    ]
    for statement in statements:
        db.execute_sql(statement)


def _v2_accounts(db: Database) -> None:
    db.execute_sql(
        """CREATE TABLE user (
            id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
            username TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)"""
    )
    # 'Admin' and 'admin' are one account: a cadre should not have to remember the case.
    db.execute_sql("CREATE UNIQUE INDEX user_username ON user (username COLLATE NOCASE)")


Step = Callable[[Database], None]


def _v3_register_search_index(db: Database) -> None:
    # Searching and filtering the register scan this narrow index in pinyin order instead of
    # fetching every row of the wide resident table: 35–55 ms instead of ~490 ms at 300,000.
    db.execute_sql(
        "CREATE INDEX resident_search ON resident (name_pinyin COLLATE NOCASE, id, search_text,"
        " name_initials, deleted_at, status, group_name, birth_date)"
    )


def _v4_rule_versions(db: Database) -> None:
    db.execute_sql(
        f"""CREATE TABLE rule_version (
            id INTEGER PRIMARY KEY, {_SYNCED},
            area TEXT NOT NULL, effective_from TEXT NOT NULL, content TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '')"""
    )
    db.execute_sql("CREATE INDEX rule_version_area ON rule_version (area, effective_from)")


def _audit_change_sets(db: Database) -> None:
    # Entries written before change sets existed: one change per (time, actor, action, record),
    # which is how they were told apart until now.
    db.execute_sql("ALTER TABLE audit_entry ADD COLUMN change_id TEXT NOT NULL DEFAULT ''")
    db.execute_sql(
        "UPDATE audit_entry SET change_id = 'before-change-sets:' || at || ':' || actor || ':'"
        " || action || ':' || entity_uuid"
    )
    db.execute_sql("CREATE INDEX audit_entry_change ON audit_entry (change_id)")


def _v9_registered_on(db: Database) -> None:
    # The day a person joined the register is data; rows written before this step take the care
    # point's local date of the moment they were written, the best that is known of them.
    from carepoint import clock

    offset = clock.utc_moment().astimezone(clock.local_zone()).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    db.execute_sql("ALTER TABLE resident ADD COLUMN registered_on TEXT")
    db.execute_sql(f"UPDATE resident SET registered_on = {local_date(db, 'created_at', minutes)}")
    has_mirror = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tw_resident'"
    ).fetchone()
    if has_mirror:
        db.execute_sql("ALTER TABLE tw_resident ADD COLUMN registered_on TEXT")
        db.execute_sql(
            f"UPDATE tw_resident SET registered_on = {local_date(db, 'created_at', minutes)}"
        )


def _clerk_scope(db: Database) -> None:
    from carepoint.office import rls  # the office's clerks and the villages each may see

    rls.create_table(db)


def _clerk_scope_policies(db: Database) -> None:
    from carepoint.office import rls  # PostgreSQL only: row-level security by clerk_scope

    rls.create_policies(db)


def _office_keys(db: Database) -> None:
    from carepoint.office import office_keys  # every desk of an office reads its keys here

    office_keys.create_table(db)


def _clerk_scope_office_policies(db: Database) -> None:
    from carepoint.office import rls  # PostgreSQL only: the office tables a clerk may read

    rls.create_office_policies(db)


def _held_packages(db: Database) -> None:
    from carepoint.office import rls  # held for a key confirmation, seen from every desk

    exchange_schema.create_held_packages(db)
    rls.police_new_table(db, "held_package")


def _month_counts(db: Database) -> None:
    from carepoint.office import rls

    exchange_schema.create_month_counts(db)  # the overview's month figures per village
    rls.police_new_table(db, exchange_schema.MONTH_COUNTS, village_rows=True)


def _change_mark(db: Database) -> None:
    from carepoint.office import rls  # PostgreSQL only: what every desk compares

    rls.create_change_mark(db)


STEPS: list[Step] = [
    _v1_register,
    _v2_accounts,
    _v3_register_search_index,
    _v4_rule_versions,
    meals_schema.create_tables,
    visits_schema.create_tables,
    subsidies_schema.create_tables,
    exchange_schema.create_tables,
    _v9_registered_on,
    ledgers_schema.create_tables,
    subsidies_schema.create_payments,
    subsidies_schema.add_township_approval,
    ledgers_schema.create_more_tables,
    _audit_change_sets,
    annex_schema.add_annex_a,
    ledgers_schema.create_photo_table,
    exchange_schema.hash_secrets_and_confirm_keys,
    county_schema.create_tables,
    _clerk_scope,
    _clerk_scope_policies,
    _office_keys,
    _clerk_scope_office_policies,
    _held_packages,
    _month_counts,
    exchange_schema.village_first_indexes,
    _change_mark,
]


def latest_version(steps: list[Step] = STEPS) -> int:
    return len(steps)


def schema_version(db: Database) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def upgrade(db: Database, steps: list[Step] = STEPS) -> list[int]:
    """Run every step the database has not had yet; return the versions applied."""
    applied = []
    for version in range(schema_version(db) + 1, len(steps) + 1):
        with db.atomic():
            steps[version - 1](db)
            db.execute_sql(f"PRAGMA user_version = {version:d}")
        applied.append(version)
    return applied
