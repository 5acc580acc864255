"""A clerk limited to named villages on a PostgreSQL office: as their own database role, in a
plain SQL session (what a clerk's SQL console is), they read only their villages' rows; a role
with no scope reads none; the office's owner reads all; only an administrator sets a scope
(issue 21, item 3)."""

from __future__ import annotations

import pytest
from exchange.exchange_helpers import (  # noqa: F401 - passphrase: autouse
    LIYUAN,
    TAOYUAN,
    Office,
    passphrase,
    with_store,
)
from office.clerk_office import CLERK_PASSWORD, OTHER_TOWNSHIP, rows_as

from carepoint import users


def test_a_clerk_reads_only_their_villages_rows_in_any_sql_session(scoped_office, pg_server):
    office = scoped_office
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


def test_a_clerk_cannot_widen_their_own_scope_from_the_console(scoped_office, pg_server):
    office = scoped_office
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


def test_only_an_administrator_sets_a_clerks_scope(scoped_office, pg_server, monkeypatch):
    office = scoped_office
    monkeypatch.setenv("CAREPOINT_USER", "wang")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wang-password")
    wang = office.roles[0]
    _out, err = office.run("township", "clerk-scope", "wang", "--codes", LIYUAN[0],
                           "--db-role", wang, exit_code=2)  # fmt: skip
    assert "Only an administrator may manage accounts." in err
    with pg_server.connect(office.database) as conn:
        assert conn.execute("SELECT count(*) FROM clerk_scope").fetchone()[0] == 0
        assert not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [wang]).fetchone()


def test_after_a_restore_the_policies_hold_and_the_clerk_reads_their_villages_again(
    scoped_office, pg_server, monkeypatch
):
    office = scoped_office
    import json


    wang = office.roles[0]
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    seen = rows_as(pg_server, office.database, wang)
    out, _err = office.run("--json", "backup")
    office.run("--json", "restore", json.loads(out)["file"], "--yes")
    out, _err = office.run("--json", "check")
    assert json.loads(out)["ok"]  # the policies are the migrations', not foreign code
    # A dump keeps no grants (pg_restore --no-privileges): the restore gives the roles of the
    # recorded scopes theirs again, and the policies limit them as before.
    assert rows_as(pg_server, office.database, wang) == seen
    assert {code for code, _uuid in seen} == {TAOYUAN[0]}
    monkeypatch.delenv("CAREPOINT_CLERK_DB_PASSWORD")
    office.run("township", "clerk-scope", "wang", "--codes", "321183104", "--db-role", wang)
    assert len(rows_as(pg_server, office.database, wang)) == 3


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
