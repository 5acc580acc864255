"""Writing one synced row of the meal and time-bank tables: uuid, times and the change counter.

These tables are written with plain SQL (the bulk paths use executemany; see design.md), so the
stamping every synced record needs lives here once.
"""

from __future__ import annotations

import datetime as dt

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow


def sql_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


@uses_store
def insert(store: Store, table: str, values: dict[str, object]) -> tuple[int, str]:
    """Insert one row; returns (id, uuid). Call inside the caller's transaction."""
    now = utcnow().isoformat(sep=" ")
    row = {
        "uuid": new_uuid(),
        "created_at": now,
        "updated_at": now,
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
    row = {**values, "updated_at": utcnow(), "change_seq": store.next_change_seq()}
    assignments = ", ".join(f"{column} = ?" for column in row)
    store.db.execute_sql(
        f"UPDATE {table} SET {assignments} WHERE id = ?",
        [*(sql_value(v) for v in row.values()), row_id],
    )


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def now() -> str:
    return utcnow().isoformat(sep=" ")
