"""Writing one synced row: every table that travels to the township has uuid, created_at,
updated_at and change_seq (the store's counter, which the exchange reads to send what changed).
One insert and one update stamp them, for every area that writes its rows with plain SQL.

Bulk paths (imports, the demo, a month's payments) take one block of counter values for many
rows with `store.next_change_seq(count)` and executemany; see design.md.
"""

from __future__ import annotations

import datetime as dt

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow


def sql_value(value: object) -> object:
    """A value as SQLite stores it (dates and times as ISO text, booleans as 0/1)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def now() -> str:
    """The technical UTC time stored in created_at, updated_at and the like."""
    return utcnow().isoformat(sep=" ")


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@uses_store
def insert(store: Store, table: str, values: dict[str, object]) -> tuple[int, str]:
    """Insert one row; returns (id, uuid). Call inside the caller's transaction."""
    stamp = now()
    row = {
        "uuid": new_uuid(),
        "created_at": stamp,
        "updated_at": stamp,
        "change_seq": store.next_change_seq(),
        **values,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cursor = store.db.execute_sql(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", [sql_value(v) for v in row.values()]
    )
    return cursor.lastrowid, row["uuid"]


@uses_store
def update(store: Store, table: str, row_id: int, values: dict[str, object]) -> None:
    """Change one row's columns; it is stamped as changed (updated_at, change_seq)."""
    row = {**values, "updated_at": now(), "change_seq": store.next_change_seq()}
    assignments = ", ".join(f"{column} = ?" for column in row)
    store.db.execute_sql(
        f"UPDATE {table} SET {assignments} WHERE id = ?",
        [*(sql_value(v) for v in row.values()), row_id],
    )
