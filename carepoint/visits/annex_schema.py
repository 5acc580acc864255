"""GB/T 42195-2022 Annex A on the assessment record (one migration step, appended to STEPS).

Adds to `assessment` (and to the township's copy tw_assessment, when it exists):
- risk_detail: the care-risk events of the last 30 days, a JSON list of {"kind", "date"}
  (kind: fall / wandering / choking / self_harm / other); `risk_events` stays their count.
- informant, informant_relation: who gave the information (self / family / carer / other).
- diseases, medicines: as told and as read from the prescriptions, free text.
- coma: the person was in a coma (ability lost, whatever the scores).
- psychiatric: another psychiatric diagnosis besides dementia (its name), which raises the level.
"""

from __future__ import annotations

COLUMNS = (
    "risk_detail TEXT NOT NULL DEFAULT '[]'",
    "informant TEXT NOT NULL DEFAULT ''",
    "informant_relation TEXT NOT NULL DEFAULT ''",
    "diseases TEXT NOT NULL DEFAULT ''",
    "medicines TEXT NOT NULL DEFAULT ''",
    "coma INTEGER NOT NULL DEFAULT 0",
    "psychiatric TEXT NOT NULL DEFAULT ''",
)


def add_annex_a(db) -> None:
    tables = ["assessment"]
    if db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tw_assessment'"
    ).fetchone():
        tables.append("tw_assessment")
    for table in tables:
        for column in COLUMNS:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
