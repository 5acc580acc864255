"""Reading and damaging data folders in safety tests."""

from __future__ import annotations

import contextlib
import sqlite3

from carepoint.db import DB_FILE


def query(folder, sql: str, params=()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as connection:
        return connection.execute(sql, params).fetchall()


def count(folder, table: str) -> int:
    return query(folder, f'SELECT count(*) FROM "{table}"')[0][0]


def damage(path, first_page: int = 3, pages: int = 4) -> None:
    """Overwrite whole pages in the middle of a database file, as a failing disk does."""
    with open(path, "r+b") as handle:
        handle.seek(4096 * first_page)
        handle.write(bytes(range(256)) * (16 * pages))
