"""The office's PostgreSQL: a real server, the same schema as SQLite, the same SQL (issue 21)."""

from __future__ import annotations

import sqlite3

import pytest

from carepoint import dialect, migrations
from carepoint.groups import group_order_text
from carepoint.office.postgres import open_postgres


class _Catalog:
    def primary_key(self, table):
        return {"setting": ["key"]}[table]

    def column_type(self, table, column):
        return "TEXT"


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        ("SELECT name FROM resident WHERE id = ? AND note = 'why?'",
         "SELECT name FROM resident WHERE id = %s AND note = 'why?'"),
        ("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
         "INSERT INTO setting (key, value) VALUES (%s, %s)"
         " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        ("INSERT OR IGNORE INTO visit_dirty (resident_id) VALUES (?)",
         "INSERT INTO visit_dirty (resident_id) VALUES (%s) ON CONFLICT DO NOTHING"),
        ("SELECT group_concat(name, '、'), max(a, b), max(c) FROM t WHERE x LIKE '%a' AND y = ?",
         "SELECT string_agg(CAST(name AS TEXT), '、'), greatest(a, b), max(c) FROM t"
         " WHERE x ILIKE '%%a' AND y = %s"),
        ("SELECT count(*) FROM user", 'SELECT count(*) FROM "user"'),
        ("SELECT ifnull(a, 0) FROM t", "SELECT coalesce(a, 0) FROM t"),
    ],
)  # fmt: skip
def test_sqlite_words_become_postgresql_words(sqlite, postgresql):
    assert dialect.translate(sqlite, "?" in sqlite, _Catalog()) == postgresql


def test_sql_peewee_built_for_postgresql_is_left_alone():
    sql = 'SELECT "t1"."id" FROM "resident" AS "t1" WHERE ("t1"."name" = %s)'
    assert dialect.translate(sql, True, _Catalog()) == sql


def _sqlite_schema(tmp_path):
    from carepoint.db import open_store

    store = open_store(tmp_path / "sqlite", create=True)
    try:
        tables = [name for (name,) in store.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        columns = {t: [row[1:4] + (row[5],) for row in store.db.execute_sql(
            f"PRAGMA table_info({t})")] for t in tables}  # fmt: skip
        indexes = {
            name
            for (name,) in store.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
        triggers = {
            name
            for (name,) in store.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
        return tables, columns, indexes, triggers
    finally:
        store.close()


def test_the_migrations_make_the_same_tables_on_both_engines(pg_database, pg_server, tmp_path):
    tables, columns, indexes, triggers = _sqlite_schema(tmp_path)
    db = open_postgres(pg_database)
    try:
        assert migrations.schema_version(db) == migrations.latest_version()
        pg_tables = [name for (name,) in db.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ?"
            " ORDER BY tablename", [dialect.SCHEMA_TABLE])]  # fmt: skip
        assert pg_tables == tables
        for table in tables:
            # name, declared type, not null, primary key: as SQLite reports them; a primary key
            # is NOT NULL on PostgreSQL whatever it says; the township's copies declare no
            # types on SQLite and take the village table's there.
            types = {row[0]: row[1] for row in columns.get(table.removeprefix("tw_"), [])}
            expected = [(name, kind or types.get(name, "TEXT"), notnull or pk, pk)
                        for name, kind, notnull, pk in columns[table]]  # fmt: skip
            found = [row[1:4] + (row[5],) for row in db.execute_sql(f"PRAGMA table_info({table})")]
            assert found == expected, table
        pg_indexes = {name for (name,) in db.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}  # fmt: skip
        assert indexes - pg_indexes == set()
        pg_triggers = {
            name
            for (name,) in db.execute_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        }
        assert pg_triggers == triggers
    finally:
        db.close()


GROUPS = [
    "一组", "二组", "十组", "十一组", "3组", "第三组", "三队", " 五 组", "二十组", "一百零五组",
    "12组", "１２组", "两组", "村委会", "", None, "新村组", "0组", "九十九队", "百组",
]  # fmt: skip


def test_group_order_sorts_groups_as_the_python_does(pg_database):
    db = open_postgres(pg_database)
    try:
        for name in GROUPS:
            found = db.execute_sql("SELECT group_order(?)", [name]).fetchone()[0]
            assert found == group_order_text(name), name
    finally:
        db.close()


def test_the_servers_programs_never_run_as_root(pg_server):
    with pg_server.connect() as conn:
        folder = conn.execute("SHOW data_directory").fetchone()[0]
    import os

    assert os.stat(folder).st_uid != 0


def test_sqlite_schema_is_what_the_steps_wrote_before(tmp_path):
    """The dialect-aware step (registered_on) writes the same on SQLite as it always did."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE r (created_at TEXT)")
    connection.execute("INSERT INTO r VALUES ('2026-01-31T23:30:00+00:00')")

    class Db:
        def execute_sql(self, sql, params=()):
            return connection.execute(sql, params)

    sql = f"SELECT {dialect.local_date(Db(), 'created_at', 480)} FROM r"
    assert connection.execute(sql).fetchone()[0] == "2026-02-01"


def test_sums_of_comparisons_count_as_on_sqlite(pg_database):
    sql = ("SELECT sum(x = 'a'), sum(x = 'z'), sum(x IS NULL), (SELECT sum(x = 'a') FROM t"
           " WHERE false) FROM t")  # fmt: skip
    sqlite = sqlite3.connect(":memory:")
    db = open_postgres(pg_database)
    try:
        for execute in (sqlite.execute, db.execute_sql):
            execute("CREATE TABLE t (x TEXT)")
            for value in ("a", "a", "b", None):
                execute("INSERT INTO t (x) VALUES (?)", [value])
        assert db.execute_sql(sql).fetchone() == sqlite.execute(sql).fetchone() == (2, 0, 1, None)
    finally:
        db.close()


def test_a_row_sent_again_unchanged_is_not_rewritten(pg_database):
    from carepoint import migrations
    from carepoint.dialect import upsert_rows
    from carepoint.office.postgres import prepare

    db = open_postgres(pg_database)
    try:
        prepare(db)
        migrations.upgrade(db)
        columns = ["village_code", "uuid", "name", "id_number", "status"]
        rows = [("321183104201", f"u{n}", f"人{n}", f"id{n}", "active") for n in range(3)]
        with db.writing():
            upsert_rows(db, "tw_resident", columns, ("village_code", "uuid"), rows)

        def versions():
            return dict(db.execute_sql("SELECT uuid, xmin::text FROM tw_resident").fetchall())

        before = versions()
        rows[1] = (*rows[1][:4], "deceased")
        with db.writing():
            upsert_rows(db, "tw_resident", columns, ("village_code", "uuid"), rows)
        after = versions()
        assert [after[u] == before[u] for u in ("u0", "u1", "u2")] == [True, False, True]
        assert db.execute_sql("SELECT status FROM tw_resident WHERE uuid = 'u1'").fetchone() == (
            "deceased",
        )
    finally:
        db.close()
