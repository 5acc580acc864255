"""More desks on one office database (issue 21, item 3): another desk joins with `join --database`
and works with the office's keys, kept encrypted in the database; a clerk's desk connects as the
clerk's own database role, so the command line and the window show only the clerk's villages,
and the accounts and audit entries of others are not there for it."""

from __future__ import annotations

import json

import pytest
from builders import add
from exchange.exchange_helpers import (  # noqa: F401 - passphrase: autouse
    LIYUAN,
    TAOYUAN,
    TOWNSHIP,
    cli,
    passphrase,
    with_store,
)
from office.clerk_office import CLERK_PASSWORD

from carepoint import users
from carepoint.db import open_store
from carepoint.exchange import crypto


def _desk_of(pg_server, office, tmp_path, capsys, monkeypatch, role=None):
    """A new data folder on another desk, joined to the office database (as `role`, a clerk's
    own database role, or as the office's owner)."""
    url = pg_server.url(office.database)
    if role is not None:
        url = url.replace(f"{pg_server.user}@", f"{role}@")
        monkeypatch.setenv("CAREPOINT_DB_PASSWORD", CLERK_PASSWORD)
    desk = tmp_path / f"desk-{role or 'owner'}"
    out, _err = cli(capsys, "--json", "--data-dir", desk, "join", "--database", url)
    return desk, json.loads(out)


def _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch):
    """王 limited to 桃园村 by the administrator, and 王's desk joined as 王's own role."""
    wang = office.roles[0]
    office.run("township", "clerk-scope", "wang", "--codes", TAOYUAN[0], "--db-role", wang)
    return _desk_of(pg_server, office, tmp_path, capsys, monkeypatch, role=wang)[0]


def test_another_desk_joins_and_imports_with_the_keys_kept_in_the_database(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    office = scoped_office
    desk, said = _desk_of(pg_server, office, tmp_path, capsys, monkeypatch)
    assert (said["office_code"], said["role"]) == (TOWNSHIP[0], "township")
    village = office.root / f"village-{TAOYUAN[0]}"
    with_store(village, lambda s: add(s, "赵七", sequence=9))
    package = office.export(village)

    out, _err = cli(capsys, "--json", "--data-dir", desk, "sync", "import", package)

    assert [p["status"] for p in json.loads(out)["packages"]] == ["imported"]
    assert list((desk / "keys").iterdir()) == []  # no key file was copied by hand
    with pg_server.connect(office.database) as conn:
        kept = dict(conn.execute("SELECT name, pem FROM office_key").fetchall())
        count = conn.execute(
            "SELECT count(*) FROM tw_resident WHERE village_code = %s", [TAOYUAN[0]]
        ).fetchone()[0]
    assert count == 3
    assert sorted(kept) == ["township-box.pem", "township-sign.pem"]
    assert all(crypto.is_strongly_encrypted(pem.encode("ascii")) for pem in kept.values())


def test_init_on_an_office_database_already_set_up_says_to_join(
    scoped_office, pg_server, tmp_path, capsys
):
    _out, err = cli(capsys, "--data-dir", tmp_path / "again", "init", "--village-code",
                    TOWNSHIP[0], "--village-name", TOWNSHIP[1], "--role", "township",
                    "--database", pg_server.url(scoped_office.database), exit_code=2)  # fmt: skip
    assert "join --database" in err


def test_joining_a_database_nobody_set_up_is_refused_and_leaves_nothing(
    pg_database, tmp_path, capsys
):
    desk = tmp_path / "desk"
    _out, err = cli(capsys, "--data-dir", desk, "join", "--database", pg_database, exit_code=2)
    assert "not set up for an office yet" in err
    assert not (desk / "database.json").exists()


def test_a_clerks_desk_sees_only_the_clerks_villages_and_is_refused_the_others(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    office = scoped_office
    desk = _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch)
    monkeypatch.setenv("CAREPOINT_USER", "wang")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wang-password")

    out, _err = cli(capsys, "--json", "--data-dir", desk, "township", "status")
    listed = json.loads(out)
    codes = [v["code"] for v in (listed["villages"] if isinstance(listed, dict) else listed)]
    assert codes == [TAOYUAN[0]]

    # A package of a village outside the scope: refused in words, nothing written.
    liyuan = office.root / f"village-{LIYUAN[0]}"
    with_store(liyuan, lambda s: add(s, "钱八", sequence=8))
    package = office.export(liyuan)
    _out, err = cli(capsys, "--data-dir", desk, "sync", "import", package, exit_code=2)
    assert f"village {LIYUAN[0]} is not among the villages wang works on" in err
    with pg_server.connect(office.database) as conn:
        assert conn.execute(
            "SELECT count(*) FROM tw_resident WHERE village_code = %s", [LIYUAN[0]]
        ).fetchone()[0] == 1


def test_a_clerks_desk_reads_only_the_clerks_own_account_and_audit_entries(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    office = scoped_office
    desk = _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch)
    store = open_store(desk, actor="wang")
    try:
        assert [a.username for a in users.list_accounts(store)] == ["wang"]
        assert users.has_accounts(store)  # never the local administrator on a clerk's desk
        assert users.authenticate(store, "admin", "admin-password") is None
        assert users.authenticate(store, "wang", "wang-password") is not None
        actors = {row[0] for row in store.db.execute_sql("SELECT actor FROM audit_entry")}
    finally:
        store.close()
    assert actors <= {"wang"}
    with pg_server.connect(office.database) as conn:  # the owner's desk reads every entry
        assert {"admin"} <= {row[0] for row in conn.execute("SELECT actor FROM audit_entry")}


@pytest.mark.parametrize("who", ["bare"])
def test_a_role_without_a_scope_reads_no_account_and_still_must_sign_in(
    who, scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    office = scoped_office
    bare = office.roles[2]
    with pg_server.connect(office.database) as conn:
        conn.execute(f"CREATE ROLE \"{bare}\" LOGIN PASSWORD '{CLERK_PASSWORD}'")
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{bare}"')
        conn.execute(f'GRANT INSERT, UPDATE ON setting TO "{bare}"')
    desk, _said = _desk_of(pg_server, office, tmp_path, capsys, monkeypatch, role=bare)
    store = open_store(desk, actor=who)
    try:
        assert users.list_accounts(store) == []
        assert users.has_accounts(store)
    finally:
        store.close()


def test_a_clerks_window_shows_only_the_clerks_villages(
    qtbot, scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    office = scoped_office
    desk = _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch)
    store = open_store(desk, actor="wang")
    try:
        session = users.sign_in(store, "wang", "wang-password")
        window = MainWindow(AppContext(store, session))
        qtbot.addWidget(window)
        window.show()
        overview = window.page("overview")
        assert overview.codes == [TAOYUAN[0]]
        assert overview.table.item(0, 2).text() == "2"  # 张三 and 李四, 桃园村's own

        # The office's first desk imports 桃园村's next package; the clerk's window shows it
        # when a page is shown, though the clerk cannot read that desk's audit entries.
        village = office.root / f"village-{TAOYUAN[0]}"
        with_store(village, lambda s: add(s, "赵七", sequence=9))
        monkeypatch.setenv("CAREPOINT_DB_PASSWORD", pg_server.password)  # the owner's desk
        office.run("sync", "import", office.export(village))
        window.page("import")
        window.page("overview")
        assert overview.table.item(0, 2).text() == "3"
        window.close()
    finally:
        store.close()


def test_a_package_held_at_one_desk_is_confirmed_at_another(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    from carepoint.exchange.confirmation import own_digits

    office = scoped_office
    desk, _said = _desk_of(pg_server, office, tmp_path, capsys, monkeypatch)
    code = "321183104203"
    village = office.village(code, "杏园村", confirmed=False)
    with_store(village, lambda s: add(s, "孙九", sequence=1))
    out, _err = office.run("--json", "sync", "import", office.export(village))
    assert json.loads(out)["packages"][0]["status"] == "awaiting confirmation"

    out, _err = cli(capsys, "--json", "--data-dir", desk, "township", "held")
    assert [h["village_code"] for h in json.loads(out)] == [code]
    digits = with_store(village, own_digits)
    cli(capsys, "--data-dir", desk, "township", "confirm", code, "--fingerprint", digits)

    out, _err = office.run("--json", "township", "held")
    assert json.loads(out) == []  # at the first desk too
    with pg_server.connect(office.database) as conn:
        assert conn.execute(
            "SELECT count(*) FROM tw_resident WHERE village_code = %s", [code]
        ).fetchone()[0] == 1
        assert conn.execute("SELECT outcome FROM held_package").fetchall() == [("imported",)]


def test_from_the_sql_console_a_clerk_cannot_raise_forge_or_rewrite_the_office(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    import psycopg

    office = scoped_office
    desk = _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch)
    wang = office.roles[0]

    def as_wang(statement, params=()):
        with psycopg.connect(host=pg_server.host, port=pg_server.port, user=wang,
                             password=CLERK_PASSWORD, dbname=office.database,
                             autocommit=True) as conn:  # fmt: skip
            return conn.execute(statement, params).rowcount

    refused = (psycopg.errors.InsufficientPrivilege,)
    for statement in (
        "UPDATE \"user\" SET role = 'administrator' WHERE username = 'wang'",
        "UPDATE office_key SET pem = 'mine'",
        "UPDATE carepoint_schema SET version = 1",
        "INSERT INTO audit_entry (at, actor, action, entity, entity_uuid, change_id)"
        " VALUES ('2026-11-23', 'admin', 'approve', 'x', 'y', 'z')",
        "INSERT INTO audit_entry (id, at, actor, action, entity, entity_uuid, change_id)"
        " VALUES (9000000000000000000, '2026-11-23', 'wang', 'x', 'x', 'y', 'z')",
        "INSERT INTO setting (key, value) VALUES ('sign_in_failures:admin', '{}')",
    ):
        with pytest.raises(refused):
            as_wang(statement)
    # Rows outside what the clerk may write are not there for the write at all.
    assert as_wang("UPDATE setting SET value = 'x' WHERE key = 'township_box_public'") == 0
    assert as_wang("DELETE FROM setting WHERE key = 'village_code'") == 0
    assert as_wang("UPDATE township_village SET sign_key = 'x' WHERE code = %s", [LIYUAN[0]]) == 0
    # What the clerk's desk does write still goes: its own password, its window, its entries.
    store = open_store(desk, actor="wang")
    try:
        users.change_password(store, "wang", "wang-new-password-2026")
        store.set_setting("window_geometry", "AAAA")
        assert users.authenticate(store, "wang", "wang-new-password-2026") is not None
    finally:
        store.close()
    with pg_server.connect(office.database) as conn:
        kept = dict(conn.execute("SELECT key, value FROM setting").fetchall())
        roles = dict(conn.execute('SELECT username, role FROM "user"').fetchall())
    assert kept["village_code"] == "321183104" and kept["township_box_public"] != "x"
    assert roles["wang"] == "clerk"


def test_a_limited_clerks_import_keeps_the_checks_it_cannot_see_the_other_side_of(
    scoped_office, pg_server, tmp_path, capsys, monkeypatch
):
    office = scoped_office

    def open_flags():
        with pg_server.connect(office.database) as conn:
            return conn.execute(
                "SELECT key FROM township_flag WHERE kind = 'duplicate_id' AND cleared_at IS NULL"
                " ORDER BY key").fetchall()  # fmt: skip

    before = open_flags()
    assert before, "张三 of 桃园村 and 王五 of 梨园村 share an ID number in this office"
    desk = _wangs_desk(office, pg_server, tmp_path, capsys, monkeypatch)
    monkeypatch.setenv("CAREPOINT_USER", "wang")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wang-password")
    village = office.root / f"village-{TAOYUAN[0]}"
    with_store(village, lambda s: add(s, "赵七", sequence=9))
    package = office.export(village)
    cli(capsys, "--data-dir", desk, "sync", "import", package)
    assert open_flags() == before
