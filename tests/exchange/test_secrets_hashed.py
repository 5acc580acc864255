"""The township keeps only a digest of each village's enrollment secret: neither its database nor
its backups hold a secret that could vouch for a stranger's key, and an office upgraded from a
version that kept them in clear has them replaced."""

from __future__ import annotations

import json

from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store
from peewee import SqliteDatabase

from carepoint import migrations
from carepoint.exchange import schema as exchange_schema


def _secret(enrollment_file) -> str:
    return json.loads(enrollment_file.read_text(encoding="utf-8"))["secret"]


def _holds(folder, secret: str) -> list[str]:
    """Files under `folder` whose bytes hold the secret, as hex text or as raw bytes."""
    needles = (secret.encode("ascii"), secret.upper().encode("ascii"), bytes.fromhex(secret))
    return [str(path) for path in folder.rglob("*") if path.is_file()
            and any(needle in path.read_bytes() for needle in needles)]  # fmt: skip


def test_neither_the_township_database_nor_its_backup_holds_a_clear_secret(office, tmp_path):
    village = office.village(*TAOYUAN)
    secrets = [_secret(office.enrollment_file(TAOYUAN[0])), _secret(office.enroll(*LIYUAN))]
    office.run("sync", "import", office.export(village))
    (tmp_path / "backups").mkdir()
    office.run("backup", "--out", tmp_path / "backups")

    for secret in secrets:
        assert _holds(office.folder, secret) == []
        assert _holds(tmp_path / "backups", secret) == []
    stored = with_store(office.folder, lambda store: store.db.execute_sql(
        "SELECT secret FROM township_village ORDER BY code").fetchall())  # fmt: skip
    assert all(value.startswith("sha256:") and len(value) == 7 + 64 for (value,) in stored)


def test_an_upgrade_replaces_secrets_kept_in_clear(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = SqliteDatabase(str(path))
    step = migrations.STEPS.index(exchange_schema.hash_secrets_and_confirm_keys)
    migrations.upgrade(db, migrations.STEPS[:step])  # the version that kept secrets in clear
    secret = "5e" * 32
    db.execute_sql(
        "INSERT INTO township_village (code, name, enrolled_at, secret) VALUES (?, ?, ?, ?)",
        ["321183104201", "桃园村", "2026-11-01 08:00:00", secret],
    )
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _holds(tmp_path, secret)

    migrations.upgrade(db)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    (stored,) = db.execute_sql("SELECT secret FROM township_village").fetchone()
    db.close()
    assert stored.startswith("sha256:") and secret not in stored
    assert _holds(tmp_path, secret) == []
