"""A clerk limited to named villages on a PostgreSQL office: as their own database role, in a
plain SQL session (what a clerk's SQL console is), they read only their villages' rows; a role
with no scope reads none; the office's owner reads all; only an administrator sets a scope
(issue 21, item 3)."""

from __future__ import annotations

import pytest
from builders import add
from exchange.exchange_helpers import (  # noqa: F401 - passphrase: autouse
    LIYUAN,
    TAOYUAN,
    Office,
    passphrase,
    with_store,
)

from carepoint import users

CLERK_PASSWORD = "clerk-only-secret"
OTHER_TOWNSHIP = "321183105"


@pytest.fixture
def office(tmp_path, capsys, pg_database, pg_server, monkeypatch):
    """The office with both villages' packages imported, then accounts: admin, 王 (clerk) and
    李 (clerk); the command line acts as the administrator."""
    office = Office(tmp_path, capsys, database=pg_database)
    for (code, name), people in ((TAOYUAN, ("张三", "李四")), (LIYUAN, ("王五",))):
        village = office.village(code, name)
        with_store(village, lambda s, people=people: [
            add(s, person, sequence=n) for n, person in enumerate(people, 1)])  # fmt: skip
        office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: (
        users.create_account(s, "admin", "admin-password", "administrator"),
        users.create_account(s, "wang", "wang-password", "clerk"),
        users.create_account(s, "li", "li-password", "clerk"),
    ))  # fmt: skip
    monkeypatch.setenv("CAREPOINT_USER", "admin")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "admin-password")
    monkeypatch.setenv("CAREPOINT_CLERK_DB_PASSWORD", CLERK_PASSWORD)
    office.database = pg_database.rsplit("/", 1)[1]
    office.roles = [f"{who}_{office.database}" for who in ("wang", "li", "bare")]
    yield office
    with pg_server.connect(office.database) as conn:  # roles outlive a dropped database
        for role in office.roles:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(f'DROP OWNED BY "{role}"')
                conn.execute(f'DROP ROLE "{role}"')


def rows_as(pg_server, database, role, password=CLERK_PASSWORD):
    import psycopg

    with psycopg.connect(host=pg_server.host, port=pg_server.port, user=role, password=password,
                         dbname=database) as conn:  # fmt: skip
        return sorted(conn.execute("SELECT village_code, uuid FROM tw_resident").fetchall())


def test_a_clerk_reads_only_their_villages_rows_in_any_sql_session(office, pg_server):
    wang, li, bare = office.roles
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    office.run("township", "clerk-scope", "li", "--codes", OTHER_TOWNSHIP, "--db-role", li)
    with pg_server.connect(office.database) as conn:
        # a role with every grant a clerk has but no scope recorded
        conn.execute(f"CREATE ROLE \"{bare}\" LOGIN PASSWORD '{CLERK_PASSWORD}'")
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{bare}"')
        owner_rows = sorted(conn.execute("SELECT village_code, uuid FROM tw_resident").fetchall())
        audited = conn.execute(
            "SELECT actor, field, new_value FROM audit_entry WHERE entity = 'clerk_scope'"
            " ORDER BY id").fetchall()  # fmt: skip
    assert {code for code, _uuid in owner_rows} == {TAOYUAN[0], LIYUAN[0]}
    assert len(owner_rows) == 3

    assert rows_as(pg_server, office.database, wang) == [
        row for row in owner_rows if row[0] == TAOYUAN[0]
    ]
    assert len(rows_as(pg_server, office.database, wang)) == 2
    assert rows_as(pg_server, office.database, li) == []
    assert rows_as(pg_server, office.database, bare) == []
    assert ("admin", "codes", f'["{TAOYUAN[0]}"]') in audited

    # The scope widened to the whole township: both villages, from the same role.
    office.run("township", "clerk-scope", "wang", "--codes", "321183104", "--db-role", wang)
    assert rows_as(pg_server, office.database, wang) == owner_rows


def test_a_clerk_cannot_widen_their_own_scope_from_the_console(office, pg_server):
    import psycopg

    wang = office.roles[0]
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    with psycopg.connect(host=pg_server.host, port=pg_server.port, user=wang,
                         password=CLERK_PASSWORD, dbname=office.database) as conn:  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO clerk_scope (username, db_role, code, granted_at)"
                " VALUES ('wang', %s, '321183104202', '2026-11-23')",
                [wang],
            )


def test_only_an_administrator_sets_a_clerks_scope(office, pg_server, monkeypatch):
    monkeypatch.setenv("CAREPOINT_USER", "wang")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wang-password")
    wang = office.roles[0]
    _out, err = office.run("township", "clerk-scope", "wang", "--codes", LIYUAN[0],
                           "--db-role", wang, exit_code=2)  # fmt: skip
    assert "Only an administrator may manage accounts." in err
    with pg_server.connect(office.database) as conn:
        assert conn.execute("SELECT count(*) FROM clerk_scope").fetchone()[0] == 0
        assert not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [wang]).fetchone()


def test_after_a_restore_the_policies_hold_and_the_clerk_is_granted_again(
    office, pg_server, monkeypatch
):
    import json

    import psycopg

    wang = office.roles[0]
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    seen = rows_as(pg_server, office.database, wang)
    out, _err = office.run("--json", "backup")
    office.run("--json", "restore", json.loads(out)["file"], "--yes")
    out, _err = office.run("--json", "check")
    assert json.loads(out)["ok"]  # the policies are the migrations', not foreign code
    # A restore brings no grants back (pg_restore --no-privileges): the clerk reads nothing
    # until the administrator sets the scope again; the role keeps its password.
    with pytest.raises(psycopg.Error):
        rows_as(pg_server, office.database, wang)
    monkeypatch.delenv("CAREPOINT_CLERK_DB_PASSWORD")
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    assert rows_as(pg_server, office.database, wang) == seen
    assert {code for code, _uuid in seen} == {TAOYUAN[0]}


def test_on_sqlite_the_scope_is_recorded_and_no_role_is_made(tmp_path, capsys, monkeypatch):
    office = Office(tmp_path, capsys)
    with_store(office.folder, lambda s: (
        users.create_account(s, "admin", "admin-password", "administrator"),
        users.create_account(s, "wang", "wang-password", "clerk"),
    ))  # fmt: skip
    monkeypatch.setenv("CAREPOINT_USER", "admin")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "admin-password")
    office.run("township", "clerk-scope", "wang", "--codes", f"{TAOYUAN[0]},{LIYUAN[0]}",
               "--db-role", "wang_sqlite")  # fmt: skip
    _out, err = office.run("township", "clerk-scope", "wang", "--codes", "3211",
                           "--db-role", "wang_sqlite", exit_code=2)  # fmt: skip
    assert "3211 is not a township (9 digits) or village (12 digits) code" in err
    rows = with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT username, db_role, code FROM clerk_scope WHERE revoked_at IS NULL ORDER BY code"
    ).fetchall())  # fmt: skip
    assert rows == [("wang", "wang_sqlite", TAOYUAN[0]), ("wang", "wang_sqlite", LIYUAN[0])]
