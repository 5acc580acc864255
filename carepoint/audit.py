"""The audit log: every change to people, services and money, who made it and when."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import AuditEntry, utcnow


def as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@uses_store
def record(
    store: Store,
    action: str,
    entity: str,
    entity_uuid: str,
    changes: dict[str, tuple[object, object]] | None = None,
) -> None:
    """Append one entry per changed field (or one entry when there are no field changes)."""
    at = utcnow()
    rows = [
        (at, store.actor, action, entity, entity_uuid, field, as_text(old), as_text(new))
        for field, (old, new) in (changes or {}).items()
    ] or [(at, store.actor, action, entity, entity_uuid, "", None, None)]
    # Callers hold the transaction of the change itself, so the entry commits with it.
    store.db.cursor().executemany(
        "INSERT INTO audit_entry (at, actor, action, entity, entity_uuid, field, old_value,"
        " new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r[0].isoformat(sep=" "), *r[1:]) for r in rows],
    )


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    field: str
    old_value: str | None
    new_value: str | None


def history(entity_uuids: list[str]) -> list[HistoryLine]:
    """Every entry for these records (a resident and its carers, categories…), newest first."""
    query = (
        AuditEntry.select()
        .where(AuditEntry.entity_uuid.in_(entity_uuids))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [
        HistoryLine(e.at, e.actor, e.action, e.entity, e.field, e.old_value, e.new_value)
        for e in query
    ]
