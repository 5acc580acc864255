"""One village's records at the township, under the names the village's own tables have.

The township keeps each village's copy in tw_<table> rows keyed by (village_code, uuid), with
references held as uuids. `village_lens` lays temporary views over that copy named like the
village tables (`resident`, `meal_sign_in` …, with `resident_id` and the other references as
ids again), so the queries the village forms run read one village's copy unchanged. Temporary
objects belong to the connection that made them and shadow the township's own (empty) village
tables only there, until the lens closes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange.schema import MIRROR_PREFIX, mirror_column, references, synced_tables
from carepoint.i18n import _


@dataclass(frozen=True)
class Village:
    code: str
    name: str


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@uses_store
def _view(store: Store, table: str, code: str) -> str:
    refs = references(store.db, table)
    selected = ["t.id AS id"]
    for (name,) in store.db.execute_sql(f"SELECT name FROM pragma_table_info('{table}')"):
        if name == "id":
            continue
        if name in refs:
            # the referenced record of the same village, by its uuid
            selected.append(
                f"(SELECT r.id FROM {MIRROR_PREFIX}{refs[name]} r WHERE r.village_code ="
                f" t.village_code AND r.uuid = t.{mirror_column(name, refs)}) AS {name}"
            )
        else:
            selected.append(f"t.{name}")
    return (
        f"CREATE TEMP VIEW {table} AS SELECT {', '.join(selected)}"
        f" FROM {MIRROR_PREFIX}{table} t WHERE t.village_code = {_quoted(code)}"
    )


@contextmanager
def village_lens(store: Store, village: Village) -> Iterator[Village]:
    """Within the block, the village tables read `village`'s copy at the township."""
    tables = synced_tables(store.db)
    statements = [_view(store, table, village.code) for table in tables]
    made: list[str] = []
    try:
        for table, statement in zip(tables, statements, strict=True):
            store.db.execute_sql(statement)
            made.append(table)
        yield village
    finally:
        for table in made:
            store.db.execute_sql(f"DROP VIEW IF EXISTS temp.{table}")


@uses_store
def require_township(store: Store) -> None:
    if store.setting("role", "village") not in ("township", "county"):
        raise UserInputError(_("The township's forms are printed at the township office."))


@uses_store
def villages_with_data(store: Store, code: str | None = None) -> list[Village]:
    """The villages whose packages were imported (or the one asked for), by code."""
    require_township(store)
    enrolled = [
        Village(*row)
        for row in store.db.execute_sql("SELECT code, name FROM township_village ORDER BY code")
    ]
    if code is not None:
        # A township's 9-digit code takes its villages (whose codes begin with it): a county
        # prints a form per township.
        wanted = code.strip()
        enrolled = [v for v in enrolled if v.code == wanted or v.code[:9] == wanted]
        if not enrolled:
            raise UserInputError(
                _("No village with the code {code} is enrolled at this township office.").format(
                    code=code
                )
            )
    with_data = {
        row[0]
        for row in store.db.execute_sql(
            f"SELECT DISTINCT village_code FROM {MIRROR_PREFIX}resident"
        )
    }
    found = [village for village in enrolled if village.code in with_data]
    if not found:
        if code is not None:
            raise UserInputError(
                _("No package from {village} has been imported yet; nothing was written.").format(
                    village=enrolled[0].name
                )
            )
        raise UserInputError(
            _(
                "No village's package has been imported at this township office yet; import the "
                "villages' packages first. Nothing was written."
            )
        )
    return found
