"""Backups of an office database: pg_dump, checked by a restore elsewhere; restore; check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exchange.exchange_helpers import LIYUAN, TAOYUAN, Office


@pytest.fixture
def office(tmp_path, capsys, pg_database, monkeypatch):
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "白兔镇-民政办-2026")
    office = Office(tmp_path, capsys, database=pg_database)
    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    return office


def _counts(pg_server, url):
    with pg_server.connect(url.rsplit("/", 1)[1]) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_backup_is_a_checked_pg_dump_and_restores_what_it_held(office, pg_server,
                                                                pg_database):  # fmt: skip
    before = _counts(pg_server, pg_database)
    out, _err = office.run("--json", "backup")
    record = json.loads(out)
    dump = Path(record["file"])
    assert dump.suffix == ".pgdump" and dump.read_bytes()[:5] == b"PGDMP"  # custom format
    info = json.loads(Path(f"{dump}.json").read_text(encoding="utf-8"))
    assert info["counts"] == before == record["counts"]
    assert info["counts"]["township_village"] == 1 and info["counts"]["exchange_package"] == 1
    # a later change, then the backup put back
    office.enroll(*LIYUAN)
    assert _counts(pg_server, pg_database)["township_village"] == 2
    out, _err = office.run("--json", "restore", dump, "--yes")
    restored = {**before, "audit_entry": before["audit_entry"] + 1}  # + the restore's entry
    assert _counts(pg_server, pg_database) == restored
    safety = Path(json.loads(out)["safety_copy"])
    assert json.loads(Path(f"{safety}.json").read_text())["counts"]["township_village"] == 2
    # and the office works on after the restore
    office.run("township", "status")
    out, _err = office.run("--json", "check")
    assert json.loads(out)["ok"] and json.loads(out)["tables"] == restored


def test_check_finds_a_table_carepoint_did_not_create(office, pg_server, pg_database):
    with pg_server.connect(pg_database.rsplit("/", 1)[1]) as conn:
        conn.execute("CREATE TABLE intruder (x text)")
    _out, err = office.run("check", exit_code=3)
    assert "intruder" in err


def test_a_damaged_or_foreign_backup_changes_nothing(office, pg_server, pg_database, tmp_path,
                                                   capsys):  # fmt: skip
    out, _err = office.run("--json", "backup")
    dump = Path(json.loads(out)["file"])
    before = _counts(pg_server, pg_database)
    damaged = tmp_path / "damaged.pgdump"
    damaged.write_bytes(dump.read_bytes()[: len(dump.read_bytes()) // 2])
    Path(f"{damaged}.json").write_bytes(Path(f"{dump}.json").read_bytes())
    _out, err = office.run("restore", damaged, "--yes", exit_code=3)
    assert "Traceback" not in err
    foreign = tmp_path / "foreign.pgdump"
    foreign.write_bytes(dump.read_bytes())
    info = json.loads(Path(f"{dump}.json").read_text())
    Path(f"{foreign}.json").write_text(json.dumps({**info, "office_code": "321183105"}))
    _out, err = office.run("restore", foreign, "--yes", exit_code=3)
    assert "another office" in err
    assert _counts(pg_server, pg_database) == before
