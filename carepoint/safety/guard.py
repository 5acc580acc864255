"""A database file is code: triggers and views inside it run within our own transactions. Every
connection is opened with trusted_schema=OFF (and SQLite's defensive flag where Python exposes
it), and a file from elsewhere (a backup, the data at start) must hold exactly the schema that
this program's migration steps write for its version: no extra triggers, views, tables or indexes.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from carepoint.i18n import N_, _

# Written into each backup copy (never into the live data): when, by whom and of what it was made.
BACKUP_INFO = "backup_info"
BACKUP_INFO_SQL = "CREATE TABLE backup_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_SPACES = re.compile(r"\s+")


def harden(connection: sqlite3.Connection) -> sqlite3.Connection:
    """No function with side effects may run from the schema; the schema cannot be rewritten."""
    connection.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(connection, "setconfig", None)  # Python 3.12+
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:
        setconfig(defensive, True)
    return connection


def connect(path: Path | str, **options) -> sqlite3.Connection:
    return harden(sqlite3.connect(path, **options))


class GuardedSqliteDatabase(SqliteDatabase):
    """peewee's SQLite database, each of whose (per-thread) connections is hardened."""

    def _add_conn_hooks(self, conn):
        harden(conn)
        super()._add_conn_hooks(conn)

    def writing(self):
        """A unit of work that writes: it takes the write lock when it begins (BEGIN IMMEDIATE),
        so a read followed by a write waits for another connection's commit (the busy timeout)
        instead of failing at once with "database is locked" (WAL's busy snapshot). Blocks that
        only read keep `atomic()`: an immediate begin restarts a checkpointed WAL, which would
        make an unchanged file look changed. Nested, it is a savepoint like `atomic()`."""
        return self.atomic(lock_type="IMMEDIATE")


def _normal(sql: str | None) -> str:
    return _SPACES.sub(" ", sql or "").strip()


class _Scratch:
    """Just enough of a peewee database for the migration steps, on a private in-memory file:
    no peewee connection state, no store binding."""

    def __init__(self):
        self.connection = sqlite3.connect(":memory:", isolation_level=None)

    def execute_sql(self, sql: str, params=()):
        return self.connection.execute(sql, params)

    @contextlib.contextmanager
    def atomic(self):
        self.connection.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")


@functools.lru_cache(maxsize=8)
def expected_schema(version: int) -> dict[tuple[str, str], str]:
    """{(type, name): sql} that the first `version` migration steps create in an empty file."""
    from carepoint import migrations

    scratch = _Scratch()
    try:
        migrations.upgrade(scratch, migrations.STEPS[:version])
        return _objects(scratch.connection)
    finally:
        scratch.connection.close()


def _objects(connection: sqlite3.Connection) -> dict[tuple[str, str], str]:
    factory = connection.text_factory
    # A damaged name is reported as it reads, not a crash (it differs from ours anyway).
    connection.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
    finally:
        connection.text_factory = factory
    return {(kind, name): _normal(sql) for kind, name, sql in rows}


_KINDS = {
    "table": N_("table"),
    "index": N_("index"),
    "trigger": N_("trigger"),
    "view": N_("view"),
}


def schema_problems(connection: sqlite3.Connection, *, backup: bool = False) -> list[str]:
    """What in the file differs from the schema this program writes for the file's version.
    A `backup` copy may also hold the backup_info table. Unknown versions are left to the
    version check."""
    from carepoint import migrations

    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if not 0 < version <= migrations.latest_version():
        return []
    expected = dict(expected_schema(version))
    if backup:
        expected[("table", BACKUP_INFO)] = _normal(BACKUP_INFO_SQL)
    found = _objects(connection)
    problems = []
    for (kind, name), sql in sorted(found.items()):
        what = _(_KINDS.get(kind, kind))
        if (kind, name) not in expected:
            problems.append(_("a {kind} {name} that CarePoint did not create").format(
                kind=what, name=name
            ))
        elif expected[(kind, name)] != sql:
            problems.append(_("the {kind} {name} was changed").format(kind=what, name=name))
    for kind, name in sorted(expected.keys() - found.keys()):
        if (kind, name) != ("table", BACKUP_INFO):
            problems.append(_("the {kind} {name} is missing").format(
                kind=_(_KINDS.get(kind, kind)), name=name
            ))
    return problems
