"""The county's tables (one migration step, appended to carepoint.migrations.STEPS).

- county_township: the enrolled townships, as township_village is for a township's villages: the
  enrollment secret's digest, the pinned signing and encryption keys, the fingerprint a clerk
  confirmed from the township's 入网确认单, the last container imported.
- county_village: which township vouches for each village whose data the county holds. The
  village's own records live in the same tw_<table> copies a township keeps, keyed by village.
- county_outbox (at a township that joined a county): each village package as it was received
  (its bytes, still signed by the village), until it is forwarded; then only its record stays.

This module imports nothing from the rest of CarePoint: migrations.py imports it.
"""

from __future__ import annotations

_TABLES = (
    """CREATE TABLE county_township (
        code TEXT PRIMARY KEY, name TEXT NOT NULL, enrolled_at TEXT NOT NULL,
        secret TEXT NOT NULL, sign_key TEXT, box_key TEXT, confirmed_fingerprint TEXT,
        last_sequence INTEGER NOT NULL DEFAULT 0, last_imported_at TEXT)""",
    """CREATE TABLE county_village (
        village_code TEXT PRIMARY KEY, township_code TEXT NOT NULL)""",
    "CREATE INDEX county_village_township ON county_village (township_code)",
    """CREATE TABLE county_outbox (
        id INTEGER PRIMARY KEY, village_code TEXT NOT NULL, sequence INTEGER NOT NULL,
        payload_sha256 TEXT NOT NULL, package BLOB, received_at TEXT NOT NULL,
        forwarded_in INTEGER)""",
    "CREATE INDEX county_outbox_pending ON county_outbox (forwarded_in)",
)


def create_tables(db) -> None:
    """Schema step: the county level (issue 21)."""
    for statement in _TABLES:
        db.execute_sql(statement)
