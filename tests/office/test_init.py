"""`init --role township --database postgresql://…`: the folder keeps the address, never the
password; a server that cannot be reached or refuses the password is exit 2; another office's
database is exit 3 (issue 21)."""

from __future__ import annotations

import json
import socket

import pytest

from carepoint.cli import main
from carepoint.office import postgres

TOWNSHIP = ("321183104", "白兔镇")
OTHER = ("321183105", "黄梅镇")


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "白兔镇-民政办-2026")


def run(capsys, *args, exit_code=0):
    capsys.readouterr()
    code = main(["--lang", "en", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == exit_code, out + err
    assert "Traceback" not in err
    return out, err


def init(capsys, folder, url, office=TOWNSHIP, exit_code=0):
    return run(capsys, "--data-dir", folder, "init", "--village-code", office[0],
               "--village-name", office[1], "--role", "township", "--database", url,
               exit_code=exit_code)  # fmt: skip


def test_the_folder_keeps_the_address_and_never_the_password(pg_database, pg_server, tmp_path,
                                                            capsys):  # fmt: skip
    folder = tmp_path / "office"
    init(capsys, folder, pg_database)
    kept = (folder / "database.json").read_text(encoding="utf-8")
    assert json.loads(kept)["url"] == pg_database
    assert pg_server.password not in kept
    assert not (folder / "carepoint.sqlite3").exists()
    assert (folder / "database.json").stat().st_mode & 0o077 == 0
    run(capsys, "--data-dir", folder, "township", "enroll", "--village-code", "321183104201",
        "--village-name", "桃园村", "--out", tmp_path / "e.json")  # fmt: skip
    assert (tmp_path / "e.json").is_file()
    with pg_server.connect(pg_database.rsplit("/", 1)[1]) as conn:
        assert conn.execute("SELECT name FROM township_village").fetchall() == [("桃园村",)]
        settings = dict(conn.execute("SELECT key, value FROM setting").fetchall())
    assert (settings["role"], settings["village_code"]) == ("township", TOWNSHIP[0])


def test_a_password_in_the_address_is_not_kept(pg_database, pg_server, tmp_path, capsys,
                                              monkeypatch):  # fmt: skip
    monkeypatch.delenv("CAREPOINT_DB_PASSWORD")
    with_password = pg_database.replace("@", f":{pg_server.password}@")
    init(capsys, tmp_path / "office", with_password)
    assert pg_server.password not in (tmp_path / "office" / "database.json").read_text()


def test_a_wrong_password_is_a_clear_message(pg_database, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CAREPOINT_DB_PASSWORD", "not-the-password")
    _out, err = init(capsys, tmp_path / "office", pg_database, exit_code=2)
    assert "refused the password" in err
    assert not (tmp_path / "office" / "database.json").exists()


def test_a_server_that_is_not_there_is_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CAREPOINT_DB_PASSWORD", "x")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    _out, err = init(capsys, tmp_path / "office", f"postgresql://u@127.0.0.1:{port}/db",
                     exit_code=2)  # fmt: skip
    assert "Cannot reach the office database db on 127.0.0.1" in err


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@h", "postgresql:///db"])
def test_a_malformed_address_is_bad_input(url, tmp_path, capsys):
    _out, err = init(capsys, tmp_path / "office", url, exit_code=2)
    assert "postgresql://USER@HOST:PORT/DATABASE" in err


def test_another_offices_database_is_refused(pg_database, tmp_path, capsys):
    init(capsys, tmp_path / "baitu", pg_database)
    _out, err = init(capsys, tmp_path / "huangmei", pg_database, OTHER, exit_code=3)
    assert "another office" in err
    assert not (tmp_path / "huangmei" / "database.json").exists()
    # A folder whose record was changed to another office is refused too, before any command.
    record = tmp_path / "baitu" / "database.json"
    record.write_text(record.read_text().replace(TOWNSHIP[0], OTHER[0]))
    _out, err = run(capsys, "--data-dir", tmp_path / "baitu", "township", "status",
                    exit_code=3)  # fmt: skip
    assert "another office" in err


def test_a_village_keeps_its_own_file(pg_database, tmp_path, capsys):
    _out, err = run(capsys, "--data-dir", tmp_path / "v", "init", "--village-code",
                    "321183104201", "--village-name", "桃园村", "--database", pg_database,
                    exit_code=2)  # fmt: skip
    assert "only an office" in err


def test_the_password_may_come_from_a_pgpass_file(pg_database, pg_server, tmp_path, capsys,
                                                  monkeypatch):  # fmt: skip
    monkeypatch.delenv("CAREPOINT_DB_PASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:{pg_server.user}:{pg_server.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    init(capsys, tmp_path / "office", pg_database)
    run(capsys, "--data-dir", tmp_path / "office", "township", "status")


def test_a_pgpass_line_for_the_office_database_alone_serves_backup_and_check(
    pg_database, pg_server, tmp_path, capsys, monkeypatch
):
    """The guide's ~/.pgpass names the office's database; a backup's and a check's scratch
    databases have other names, so the password libpq read for the office is used for them."""
    monkeypatch.delenv("CAREPOINT_DB_PASSWORD")
    name = pg_database.rsplit("/", 1)[1]
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:{name}:{pg_server.user}:{pg_server.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    office = tmp_path / "office"
    init(capsys, office, pg_database)
    (tmp_path / "backups").mkdir()
    for command in (["backup", "--out", tmp_path / "backups"], ["check"]):
        postgres._remembered.clear()  # each command a new process, as from cron
        run(capsys, "--data-dir", office, *command)
    assert list((tmp_path / "backups").glob("*.pgdump"))
