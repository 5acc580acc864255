"""Reading the synced tables as packages carry them: every row, its references as uuids."""

from __future__ import annotations

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange.schema import (
    MIRROR_PREFIX,
    references,
    synced_tables,
    travelling_columns,
)


@uses_store
def export_query(store: Store, table: str) -> str:
    refs = references(store.db, table)
    names = [row[1] for row in store.db.execute_sql(f"PRAGMA table_info({table})").fetchall()]
    selected, joins = [], []
    for index, name in enumerate(n for n in names if n != "id"):
        if name in refs:
            alias = f"r{index}"
            joins.append(f"LEFT JOIN {refs[name]} {alias} ON {alias}.id = t.{name}")
            selected.append(f"{alias}.uuid")
        else:
            selected.append(f"t.{name}")
    return f"SELECT {', '.join(selected)} FROM {table} t {' '.join(joins)} ORDER BY t.id"


@uses_store
def read_tables(store: Store) -> dict[str, dict]:
    """{table: {"columns": [...], "rows": [[...], ...]}} for every synced table."""
    found = {}
    for table in synced_tables(store.db):
        rows = store.db.execute_sql(export_query(store, table)).fetchall()
        found[table] = {"columns": travelling_columns(store.db, table), "rows": rows}
    return found


@uses_store
def mirror_columns(store: Store) -> dict[str, list[str]]:
    """The township's copy: table → its columns (without id and village_code)."""
    found = {}
    for table in synced_tables(store.db):
        names = store.db.execute_sql(f"PRAGMA table_info({MIRROR_PREFIX}{table})").fetchall()
        found[table] = [row[1] for row in names if row[1] not in ("id", "village_code")]
    return found
