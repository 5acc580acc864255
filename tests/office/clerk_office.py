"""A township office on PostgreSQL with two villages imported and three accounts (admin, wang,
li): the clerk-scope tests' office (tests/office/test_rls.py, test_clerk_desk.py)."""

from __future__ import annotations

import pytest
from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, Office, with_store

from carepoint import users

CLERK_PASSWORD = "clerk-only-secret"
OTHER_TOWNSHIP = "321183105"


@pytest.fixture
def scoped_office(tmp_path, capsys, pg_database, pg_server, monkeypatch):
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
