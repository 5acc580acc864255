"""A new PC does not end the exchange: backups carry the keys, encrypted (the township's under its
passphrase, the village's under the recovery passphrase on its 密钥恢复单), and restoring on an
empty PC brings them back, asking for that passphrase; the key never travels unencrypted."""

from __future__ import annotations

import json
import sqlite3

import pytest
from builders import add
from exchange.exchange_helpers import PASSPHRASE, TAOYUAN, cli, with_store

from carepoint.exchange import keys

RECOVERY = "桃园村-密钥恢复-2026"


def backup_of(capsys, folder, out) -> str:
    printed, _err = cli(capsys, "--json", "--data-dir", folder, "backup", "--out", out)
    return json.loads(printed)["file"]


def carried(backup: str) -> dict:
    with sqlite3.connect(backup) as connection:
        row = connection.execute("SELECT value FROM backup_info WHERE key = 'keys'").fetchone()
    return json.loads(row[0]) if row else {}


def test_a_village_restored_on_a_new_pc_keeps_sending_with_its_own_key(
    office, tmp_path, capsys, monkeypatch
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    office.run("sync", "import", office.export(village))
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", RECOVERY)
    cli(capsys, "--data-dir", village, "keys", "recovery")
    backup = backup_of(capsys, village, tmp_path)
    assert set(carried(backup)) == {keys.RECOVERY}
    assert "PRIVATE KEY" not in json.dumps(carried(backup))

    # The old PC is gone: an empty folder on a new one, and the backup
    new_pc = tmp_path / "new-pc"
    cli(capsys, "--data-dir", new_pc, "restore", backup, "--yes")
    sign = new_pc / "keys" / keys.VILLAGE[0]
    assert sign.read_bytes() == (village / "keys" / keys.VILLAGE[0]).read_bytes()
    assert sign.stat().st_mode & 0o777 == 0o600

    with_store(new_pc, lambda s: add(s, "李四", sequence=2))
    package = office.export(new_pc)  # its signing key opens with the recovery passphrase
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", PASSPHRASE)
    out, _err = office.run("--json", "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "imported"


def test_a_wrong_recovery_passphrase_restores_nothing(office, tmp_path, capsys, monkeypatch):
    village = office.village(*TAOYUAN)
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", RECOVERY)
    cli(capsys, "--data-dir", village, "keys", "recovery")
    backup = backup_of(capsys, village, tmp_path)

    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "not the recovery passphrase")
    new_pc = tmp_path / "new-pc"
    cli(capsys, "--data-dir", new_pc, "restore", backup, "--yes", exit_code=3)

    assert not (new_pc / "carepoint.sqlite3").exists()
    assert not (new_pc / "keys").exists() or list((new_pc / "keys").iterdir()) == []


def test_a_township_restored_on_a_new_pc_opens_its_villages_packages(
    office, tmp_path, capsys
):
    if (office.folder / "database.json").is_file():
        pytest.skip("an office on PostgreSQL keeps its data on the server: a new PC is set up "
                    "with init --database, not from a backup file (carepoint/office)")
    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    backup = backup_of(capsys, office.folder, tmp_path)
    assert set(carried(backup)) == set(keys.TOWNSHIP)

    new_pc = tmp_path / "new-township-pc"
    cli(capsys, "--data-dir", new_pc, "restore", backup, "--yes")
    with_store(village, lambda s: add(s, "王五", sequence=3))
    package = office.export(village)
    out, _err = cli(capsys, "--json", "--data-dir", new_pc, "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "imported"


def test_a_backup_never_carries_an_unencrypted_village_key(office, tmp_path, capsys):
    village = office.village(*TAOYUAN)

    backup = backup_of(capsys, village, tmp_path)

    assert carried(backup) == {}
    assert b"PRIVATE KEY" not in open(backup, "rb").read()
