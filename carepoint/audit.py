"""The audit log: every change to people, services and money, who made it and when.

Every entry carries a `change_id`: the entries written in one transaction (one save, one import,
one restore) share it, so a change set is read back whole instead of being guessed from times.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import weakref
from collections.abc import Iterable, Sequence
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


ENTRY_COLUMNS = "at, actor, action, entity, entity_uuid, field, old_value, new_value, change_id"
# The change id of each open outermost transaction (peewee keeps them per connection and thread).
_open_changes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def change_id(db) -> str:
    """The change set the current transaction on `db` belongs to; a new one outside any."""
    transactions = getattr(db._state, "transactions", None)
    if not transactions:
        return str(uuid.uuid4())
    outermost = transactions[0]
    if outermost not in _open_changes:
        _open_changes[outermost] = str(uuid.uuid4())
    return _open_changes[outermost]


def write_entries(db, rows: Iterable[Sequence], change: str | None = None) -> None:
    """Append entries (at, actor, action, entity, entity_uuid, field, old, new) as one change set:
    every raw or bulk writer of the log comes through here."""
    change = change or change_id(db)
    db.cursor().executemany(
        f"INSERT INTO audit_entry ({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, change) for row in rows],
    )


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
    write_entries(store.db, [(r[0].isoformat(sep=" "), *r[1:]) for r in rows])


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    field: str
    old_value: str | None
    new_value: str | None
    entity_uuid: str = ""
    change_id: str = ""


def history(entity_uuids: list[str]) -> list[HistoryLine]:
    """Every entry for these records (a resident and its carers, categories…), newest first."""
    query = (
        AuditEntry.select()
        .where(AuditEntry.entity_uuid.in_(entity_uuids))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [
        HistoryLine(
            e.at, e.actor, e.action, e.entity, e.field, e.old_value, e.new_value,
            e.entity_uuid, e.change_id,
        )  # fmt: skip
        for e in query
    ]


# The newest entry's number and how many of the entries just below it are there. On SQLite one
# writer at a time numbers and commits entries in the same order, so the newest number alone would
# do; on PostgreSQL numbers are taken when written and committed in any order: a clerk's longer
# save that took number 41 can commit after another's 42 was seen, and only the count of recent
# entries moves then (an entry that is 1,000 numbers late is not told apart).
RECENT_ENTRIES = 1000
CHANGE_MARK_SQL = (
    "SELECT coalesce(newest, 0) || ':' || (SELECT count(*) FROM audit_entry"
    f" WHERE id > coalesce(newest, 0) - {RECENT_ENTRIES:d})"
    " FROM (SELECT max(id) AS newest FROM audit_entry) last"
)


@uses_store
def last_change(store: Store) -> tuple[str, str]:
    """A mark that moves whenever anyone, at any desk or from the command line, changes the data:
    the newest audit entries (CHANGE_MARK_SQL) and the node's change counter. A window compares
    it when a page is shown, to refresh what another clerk changed meanwhile (an indexed read of
    the last entries, cheap enough for every page switch)."""
    from carepoint import dialect
    from carepoint.office.rls import CHANGE_MARK

    # A clerk's role reads only its own entries (carepoint/office/rls.py): the office database
    # answers the mark through a function of its owner.
    if dialect.is_postgres(store.db):
        mark = f"SELECT {CHANGE_MARK}()"
    else:
        mark = CHANGE_MARK_SQL
    row = store.db.execute_sql(
        f"SELECT ({mark}), (SELECT value FROM setting WHERE key = 'change_counter')"
    ).fetchone()
    return str(row[0] or ""), str(row[1] or "")
