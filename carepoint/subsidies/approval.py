"""What a township approval approves: a village-month's line count, total and a digest of its lines.

The township computes it from its copy of the lines (the package it saw); the village computes
it from its own lines. The same lines give the same digest on both sides, so a village applies an
approval only to the month the township looked at, never to one that changed (or was never sent).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from carepoint.binding import uses_store
from carepoint.db import Store


@dataclass(frozen=True)
class Fingerprint:
    line_count: int
    total_fen: int
    digest: str

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> Fingerprint | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(int(data["line_count"]), int(data["total_fen"]), str(data["digest"]))
        except (KeyError, TypeError, ValueError):
            return None


def fingerprint(rows) -> Fingerprint:
    """rows: (uuid, resident uuid, kind, item_key, bracket, period_from, period_to, amount_fen)."""
    ordered = sorted(tuple("" if v is None else str(v) for v in row) for row in rows)
    hasher = hashlib.sha256()
    for row in ordered:
        hasher.update(("\x1f".join(row) + "\n").encode())
    return Fingerprint(len(ordered), sum(int(r[7]) for r in ordered), hasher.hexdigest())


@uses_store
def village_fingerprint(store: Store, month: str) -> Fingerprint:
    return fingerprint(
        store.db.execute_sql(
            "SELECT l.uuid, r.uuid, l.kind, l.item_key, l.bracket, l.period_from, l.period_to,"
            " l.amount_fen FROM subsidy_line l JOIN resident r ON r.id = l.resident_id"
            " WHERE l.month = ? AND l.deleted_at IS NULL",
            [month],
        ).fetchall()
    )


@uses_store
def township_fingerprint(store: Store, village_code: str, month: str) -> Fingerprint:
    return fingerprint(
        store.db.execute_sql(
            "SELECT uuid, resident_uuid, kind, item_key, bracket, period_from, period_to,"
            " amount_fen FROM tw_subsidy_line WHERE village_code = ? AND month = ?"
            " AND deleted_at IS NULL",
            [village_code, month],
        ).fetchall()
    )
