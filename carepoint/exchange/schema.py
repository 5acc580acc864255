"""The exchange tables (one migration step, appended to carepoint.migrations.STEPS).

Both sides:
- exchange_package: every package this PC wrote or read: direction (sent / received), kind
  (village / return), village code, sequence, file name, payload hash, record counts, the time,
  and for a village's sent packages when the township acknowledged them.
Township:
- township_village: the enrolled villages: code, name, the enrollment secret that vouches for the
  village's signing key on its first package, the pinned signing and encryption keys, the last
  sequence imported and the sequence of the last return package.
- township_month: what a village reported for a month (visit rate, meals, subsidies) and the
  township's review of that village-month (approved / rejected, comment, who, when, sent in
  which return package).
- township_flag: cross-village findings (same ID number in two villages, payments after a death,
  a person missing from a package), open until the data no longer shows them (`cleared_at`).
- township_conflict: two versions of one record that changed on both sides, kept side by side
  until a person chooses one.
- township_correction: a correction the township made to a village's record, and the village's
  change counter it was made on (a later village edit of that record is a conflict).
- tw_<table>: the township's copy of every synced village table, keyed by (village_code, uuid);
  references to other records hold the referenced record's uuid (`resident_uuid`, not
  `resident_id`). Derived from the village tables as they stand when the step runs.
Village:
- exchange_note: what the township sent back: reviews of months, flags and comments, shown to
  the village until a later return package clears them.

This module imports nothing from the rest of CarePoint: migrations.py imports it.
"""

from __future__ import annotations

import hashlib

from carepoint.exchange import month_counts

MIRROR_PREFIX = "tw_"
LOCAL_TABLES = ("exchange_", "township_", MIRROR_PREFIX)

_TABLES = (
    """CREATE TABLE exchange_package (
        id INTEGER PRIMARY KEY, direction TEXT NOT NULL, kind TEXT NOT NULL,
        village_code TEXT NOT NULL, sequence INTEGER NOT NULL, file_name TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL, counts TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL, recorded_at TEXT NOT NULL, acknowledged_at TEXT,
        summary TEXT NOT NULL DEFAULT '{}')""",
    "CREATE UNIQUE INDEX exchange_package_once ON exchange_package"
    " (direction, kind, village_code, sequence)",
    """CREATE TABLE township_village (
        code TEXT PRIMARY KEY, name TEXT NOT NULL, enrolled_at TEXT NOT NULL,
        secret TEXT NOT NULL, sign_key TEXT, box_key TEXT, node_id TEXT,
        last_sequence INTEGER NOT NULL DEFAULT 0, last_imported_at TEXT,
        return_sequence INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE township_month (
        village_code TEXT NOT NULL, month TEXT NOT NULL, reported TEXT NOT NULL DEFAULT '{}',
        review TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
        reviewed_at TEXT, reviewed_by TEXT NOT NULL DEFAULT '', sent_sequence INTEGER,
        PRIMARY KEY (village_code, month))""",
    """CREATE TABLE township_flag (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        village_code TEXT NOT NULL, other_village_code TEXT NOT NULL DEFAULT '',
        resident_uuid TEXT NOT NULL DEFAULT '', id_number TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '', month TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}', found_at TEXT NOT NULL, cleared_at TEXT)""",
    "CREATE INDEX township_flag_village ON township_flag (village_code, cleared_at)",
    """CREATE TABLE township_conflict (
        id INTEGER PRIMARY KEY, village_code TEXT NOT NULL, tbl TEXT NOT NULL,
        uuid TEXT NOT NULL, reason TEXT NOT NULL, kept TEXT NOT NULL, incoming TEXT NOT NULL,
        sequence INTEGER NOT NULL, found_at TEXT NOT NULL,
        resolved_at TEXT, resolved_by TEXT NOT NULL DEFAULT '', choice TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX township_conflict_once ON township_conflict"
    " (village_code, tbl, uuid, incoming)",
    """CREATE TABLE township_correction (
        id INTEGER PRIMARY KEY, village_code TEXT NOT NULL, tbl TEXT NOT NULL,
        uuid TEXT NOT NULL, base_change_seq INTEGER NOT NULL, changes TEXT NOT NULL,
        corrected_at TEXT NOT NULL, corrected_by TEXT NOT NULL, settled_at TEXT)""",
    "CREATE INDEX township_correction_record ON township_correction (village_code, uuid)",
    """CREATE TABLE exchange_note (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        month TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT '',
        comment TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',
        received_sequence INTEGER NOT NULL, received_at TEXT NOT NULL, cleared_at TEXT)""",
)

# Extra indexes of the township's copies: the cross-village checks look people up by ID number
# and payments by person.
_MIRROR_INDEXES = {
    "resident": ("id_number",),
    "subsidy_line": ("resident_uuid", "month"),
    "meal_sign_in": ("resident_uuid", "meal_date"),
}


def synced_tables(db) -> list[str]:
    """The village tables that travel: those with a uuid, a change counter and soft deletion."""
    found = []
    for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall():
        if name.startswith(LOCAL_TABLES):
            continue
        columns = {row[1] for row in db.execute_sql(f"PRAGMA table_info({name})").fetchall()}
        if {"uuid", "change_seq", "deleted_at"} <= columns:
            found.append(name)
    return found


def references(db, table: str) -> dict[str, str]:
    """Reference column → the table it points at."""
    return {row[3]: row[2] for row in db.execute_sql(f"PRAGMA foreign_key_list({table})")}


def mirror_column(column: str, refs: dict[str, str]) -> str:
    return column.removesuffix("_id") + "_uuid" if column in refs else column


def travelling_columns(db, table: str) -> list[str]:
    """The columns of `table` as a package carries them (no local id; references by uuid)."""
    refs = references(db, table)
    names = [row[1] for row in db.execute_sql(f"PRAGMA table_info({table})").fetchall()]
    return [mirror_column(name, refs) for name in names if name != "id"]


def _mirror_statements(db) -> list[str]:
    statements = []
    for table in synced_tables(db):
        columns = ", ".join(travelling_columns(db, table))
        mirror = MIRROR_PREFIX + table
        statements.append(
            f"CREATE TABLE {mirror} (id INTEGER PRIMARY KEY, village_code TEXT NOT NULL, {columns})"
        )
        statements.append(f"CREATE UNIQUE INDEX {mirror}_key ON {mirror} (village_code, uuid)")
        extra = _MIRROR_INDEXES.get(table)
        if extra:
            statements.append(f"CREATE INDEX {mirror}_find ON {mirror} ({', '.join(extra)})")
    return statements


MONTH_COUNTS = month_counts.TABLE


def create_month_counts(db) -> None:
    """Schema step: the overview's meals and subsidies per village and month (month_counts.py)."""
    month_counts.create_table(db)


# The copies' lookups by person, led by the village: every query that uses them (the checks for
# payments after a death, a village's forms through the lens) names the village too, and a
# county's import then writes each village's entries side by side instead of all over indexes
# of tens of millions of entries.
_VILLAGE_FIRST = {"meal_sign_in": ("resident_uuid", "meal_date"),
                  "subsidy_line": ("resident_uuid", "month")}  # fmt: skip


def village_first_indexes(db) -> None:
    """Schema step: the person lookups of the meal and subsidy copies lead with the village."""
    for table, columns in _VILLAGE_FIRST.items():
        mirror = MIRROR_PREFIX + table
        db.execute_sql(f"DROP INDEX IF EXISTS {mirror}_find")
        db.execute_sql(
            f"CREATE INDEX {mirror}_person ON {mirror} (village_code, {', '.join(columns)})"
        )


def create_tables(db) -> None:
    """Schema step: the exchange tables and the township's copies of the synced tables."""
    mirrors = _mirror_statements(db)
    for statement in (*_TABLES, *mirrors):
        db.execute_sql(statement)


SECRET_DIGEST = "sha256:"


def secret_digest(secret_hex: str) -> str:
    """What the township keeps of a village's enrollment secret: 256 random bits need no slow
    hash, only one that cannot be turned back into the secret."""
    return SECRET_DIGEST + hashlib.sha256(bytes.fromhex(secret_hex)).hexdigest()


def hash_secrets_and_confirm_keys(db) -> None:
    """Schema step: enrollment secrets kept as digests (a stolen database or backup vouches for
    no key), and the fingerprint a clerk confirmed from the village's 入网确认单."""
    if hasattr(db, "pragma"):  # SQLite: the clear secrets are overwritten, not left in free pages
        db.execute_sql("PRAGMA secure_delete = ON")
    db.execute_sql("ALTER TABLE township_village ADD COLUMN confirmed_fingerprint TEXT")
    for code, secret in db.execute_sql("SELECT code, secret FROM township_village").fetchall():
        if not secret.startswith(SECRET_DIGEST):
            db.execute_sql(
                "UPDATE township_village SET secret = ? WHERE code = ?",
                [secret_digest(secret), code],
            )


def create_held_packages(db) -> None:
    """Migration step: packages held for a key confirmation (carepoint/exchange/confirmation.py),
    in the database rather than one desk's folder."""
    db.execute_sql(
        """CREATE TABLE held_package (
            id INTEGER PRIMARY KEY, code TEXT NOT NULL, sequence INTEGER NOT NULL,
            payload_sha256 TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
            held_at TEXT NOT NULL, settled_at TEXT, outcome TEXT,
            UNIQUE (code, sequence, payload_sha256))"""
    )
