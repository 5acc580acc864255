"""Office backups under attack: accounts kept on the command line, a dump's code, other desks
during a restore, a lying .json, file modes, addresses with passwords (review of issue 21)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import psycopg
import pytest
from exchange.exchange_helpers import LIYUAN, TAOYUAN, Office, cli, with_store
from pg_server import office_template

ADMIN, ADMIN_PW = "boss", "Admin-pass-2026!"
VIEWER, VIEWER_PW = "looker", "Viewer-pass-2026!"


@pytest.fixture
def office(tmp_path, capsys, pg_database, monkeypatch):
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "白兔镇-民政办-2026")
    office = Office(tmp_path, capsys, database=pg_database)
    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    return office


def _db(pg_database):
    return pg_database.rsplit("/", 1)[1]


def _counts(pg_server, pg_database):
    with pg_server.connect(_db(pg_database)) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _sql(pg_server, pg_database, *statements):
    with pg_server.connect(_db(pg_database)) as conn:
        return [conn.execute(s).fetchall() if s.lstrip().upper().startswith("SELECT") else
                conn.execute(s) and None for s in statements]  # fmt: skip


def _backup(office) -> Path:
    out, _err = office.run("--json", "backup")
    return Path(json.loads(out)["file"])


def _accounts(folder):
    from carepoint import users
    from carepoint.binding import bound

    def add(store):
        with bound(store.db):
            users.create_account(store, ADMIN, ADMIN_PW, "administrator")
            users.create_account(store, VIEWER, VIEWER_PW, "viewer")

    with_store(folder, add)


def test_an_office_with_accounts_backs_up_and_restores_only_as_a_permitted_account(
    office, pg_server, pg_database, monkeypatch
):
    _accounts(office.folder)
    monkeypatch.delenv("CAREPOINT_USER", raising=False)
    _out, err = office.run("backup", exit_code=2)
    assert "--user" in err
    monkeypatch.setenv("CAREPOINT_USER", VIEWER)
    monkeypatch.setenv("CAREPOINT_PASSWORD", VIEWER_PW)
    office.run("backup", exit_code=2)
    monkeypatch.setenv("CAREPOINT_USER", ADMIN)
    monkeypatch.setenv("CAREPOINT_PASSWORD", ADMIN_PW)
    dump = _backup(office)
    before = _counts(pg_server, pg_database)
    monkeypatch.setenv("CAREPOINT_USER", VIEWER)
    monkeypatch.setenv("CAREPOINT_PASSWORD", VIEWER_PW)
    _out, err = office.run("restore", dump, "--yes", exit_code=2)
    assert "administrator" in err
    assert _counts(pg_server, pg_database) == before
    monkeypatch.setenv("CAREPOINT_USER", ADMIN)
    monkeypatch.setenv("CAREPOINT_PASSWORD", ADMIN_PW)
    office.run("restore", dump, "--yes")
    [rows] = _sql(pg_server, pg_database,
                  "SELECT actor, new_value FROM audit_entry WHERE action = 'restore'")  # fmt: skip
    assert rows == [(ADMIN, dump.name)]
    # a wrong password on an office is refused as on a village PC (sign_in_throttle: exit 3),
    # not with a crash report
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wrong-password-1")
    _out, err = office.run("restore", dump, "--yes", exit_code=3)
    assert "unexpected" not in err


def test_the_core_refuses_an_office_backup_or_restore_without_a_permitted_actor(office):
    from carepoint.errors import UserInputError
    from carepoint.office.backup import make_office_backup, restore_office_backup
    from carepoint.session import Session

    dump = _backup(office)
    with pytest.raises(UserInputError):
        restore_office_backup(office.folder, dump, actor=None)
    with pytest.raises(UserInputError):
        restore_office_backup(office.folder, dump, actor=Session("clerk1", "clerk"))
    with pytest.raises(UserInputError):
        make_office_backup(office.folder, None, kind="manual", actor=None)
    with pytest.raises(UserInputError):
        make_office_backup(office.folder, None, kind="manual", actor=Session("v", "viewer"))


RULE = "CREATE RULE swallow_audit AS ON INSERT TO audit_entry DO INSTEAD NOTHING"


def _trigger_function(pg_server, pg_database) -> str:
    [rows] = _sql(pg_server, pg_database,
                  "SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                  " WHERE NOT t.tgisinternal ORDER BY 1 LIMIT 1")  # fmt: skip
    assert rows, "CarePoint's schema has triggers on PostgreSQL"
    return rows[0][0]


@pytest.mark.parametrize("tamper", ["rule", "function"])
def test_a_dump_carrying_foreign_code_is_refused_and_check_finds_it(
    office, pg_server, pg_database, tamper
):
    name = _trigger_function(pg_server, pg_database)
    [source] = _sql(pg_server, pg_database,
                    f"SELECT pg_get_functiondef('{name}'::regproc)")  # fmt: skip
    evil = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
        " $t$ BEGIN DELETE FROM audit_entry; RETURN NULL; END $t$"
    )
    _sql(pg_server, pg_database, RULE if tamper == "rule" else evil)
    _out, err = office.run("check", exit_code=3)
    assert ("swallow_audit" if tamper == "rule" else name) in err
    dump = _backup(office)
    # the office itself is clean again; the dump still carries the code
    _sql(
        pg_server,
        pg_database,
        "DROP RULE swallow_audit ON audit_entry" if tamper == "rule" else source[0][0],
    )
    office.run("check")
    office.enroll(*LIYUAN)
    before = _counts(pg_server, pg_database)
    _out, err = office.run("restore", dump, "--yes", exit_code=3)
    assert ("swallow_audit" if tamper == "rule" else name) in err and "Traceback" not in err
    assert _counts(pg_server, pg_database) == before
    [rules] = _sql(pg_server, pg_database,
                   "SELECT rulename FROM pg_rules WHERE schemaname = 'public'")  # fmt: skip
    assert rules == []
    office.run("check")


def test_a_restore_is_refused_while_another_desk_is_connected(office, pg_server, pg_database):
    dump = _backup(office)
    office.enroll(*LIYUAN)
    before = _counts(pg_server, pg_database)
    with pg_server.connect(_db(pg_database), application_name="desk-2") as other:
        other.execute("SELECT 1")
        _out, err = office.run("restore", dump, "--yes", exit_code=2)
        assert "desk-2" in err and "Traceback" not in err
        assert _counts(pg_server, pg_database) == before
    # a desk signed in to the server as another database role (its session shows less)
    role = f"desk_{os.getpid()}"
    _sql(pg_server, pg_database, f"CREATE ROLE {role} LOGIN PASSWORD 'desk-pw-1'")
    try:
        with psycopg.connect(host=pg_server.host, port=pg_server.port, user=role,
                             password="desk-pw-1", dbname=_db(pg_database)):  # fmt: skip
            office.run("restore", dump, "--yes", exit_code=2)
            assert _counts(pg_server, pg_database) == before
    finally:
        _sql(pg_server, pg_database, f"DROP ROLE {role}")
    office.run("restore", dump, "--yes")
    assert _counts(pg_server, pg_database)["township_village"] == 1


def test_a_dump_of_another_office_is_refused_whatever_its_json_says(
    office, pg_server, pg_database, tmp_path, capsys
):
    other_db = pg_server.create_database(template=office_template(pg_server))
    try:
        other = Office(tmp_path / "other", capsys, code="321183105", name="红星镇",
                       database=pg_server.url(other_db))  # fmt: skip
        foreign = _backup(other)
    finally:
        pg_server.drop_database(other_db)
    mine = json.loads(Path(f"{_backup(office)}.json").read_text(encoding="utf-8"))
    info = json.loads(Path(f"{foreign}.json").read_text(encoding="utf-8"))
    claimed = {**info, "office_code": mine["office_code"], "role": mine["role"],
               "village_name": mine["village_name"]}  # fmt: skip
    Path(f"{foreign}.json").write_text(json.dumps(claimed), encoding="utf-8")
    before = _counts(pg_server, pg_database)
    _out, err = office.run("restore", foreign, "--yes", exit_code=3)
    assert "321183105" in err
    assert _counts(pg_server, pg_database) == before


def test_dumps_and_key_folders_are_private(office):
    dump = _backup(office)
    for path in (dump, Path(f"{dump}.json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for sub in ("backups", "keys"):
        assert stat.S_IMODE((office.folder / sub).stat().st_mode) == 0o700, sub


@pytest.mark.parametrize(
    "address, shown",
    [
        ("postgresql://clerk:Secret-pw-77@127.0.0.1:notaport/office", "port"),
        ("postgresql://clerk:Secret-pw-77@127.0.0.1:5432/", "postgresql://USER@HOST"),
    ],
)
def test_a_bad_address_is_refused_without_showing_its_password(tmp_path, capsys, address, shown):
    _out, err = cli(capsys, "--data-dir", tmp_path / "tw", "init", "--village-code", "410223100",
                    "--village-name", "白兔镇", "--role", "township", "--database", address,
                    exit_code=2)  # fmt: skip
    assert shown in err and "Secret-pw-77" not in err and "Traceback" not in err


def test_a_desk_that_writes_and_leaves_during_the_safety_copy_stops_the_restore(
    office, pg_server, pg_database, monkeypatch
):
    from carepoint.office import backup

    dump = _backup(office)
    office.enroll(*LIYUAN)
    real = backup.make_office_backup

    def safety_copy_then_a_desk_writes(*args, **kwargs):
        record = real(*args, **kwargs)
        # connects after the look for other desks, writes, and is gone before the swap
        _sql(pg_server, pg_database, "INSERT INTO setting (key, value)"
             " VALUES ('desk-2-note', 'written meanwhile')")  # fmt: skip
        return record

    monkeypatch.setattr(backup, "make_office_backup", safety_copy_then_a_desk_writes)
    _out, err = office.run("restore", dump, "--yes", exit_code=2)
    assert "changed the data" in err
    [rows] = _sql(pg_server, pg_database, "SELECT value FROM setting WHERE key = 'desk-2-note'")
    assert rows == [("written meanwhile",)]
    assert _counts(pg_server, pg_database)["township_village"] == 2
