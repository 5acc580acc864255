"""What a restore shows of a backup (when, which village, how much) comes from inside the backup,
never from its file name: a village code such as 410223100201 reads like a date."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3

import pytest

from carepoint.db import open_store
from carepoint.permissions import local_administrator
from carepoint.safety.backup import make_backup
from carepoint.safety.restore import prepare_restore

CODE = "410223100201"


@pytest.fixture
def village_410(village_dir):
    store = open_store(village_dir, actor="tester")
    store.set_setting("village_code", CODE)
    store.set_setting("village_name", "城关村")
    store.close()
    return village_dir


def backup_of(folder, when: dt.datetime) -> str:
    return make_backup(folder, actor=local_administrator("tester"), now=when).file


def test_the_restore_shows_the_time_written_inside_the_backup_and_warns_of_later_work(
    village_410, cli, tmp_path
):
    made = backup_of(village_410, dt.datetime(2026, 11, 20, 9, 30, 5))
    assert CODE in made  # the name holds the code, whose digits look like 2310-02-01
    renamed = tmp_path / f"carepoint-{CODE}-19990101-000000.sqlite3"
    shutil.copyfile(made, renamed)

    code, out, _err = cli("--data-dir", village_410, "--lang", "en", "restore", renamed, "--yes")

    assert code == 0
    assert "Made: 2026-11-20 09:30" in out
    assert "Made: 2310" not in out and "Made: 1999" not in out
    assert f"Village: 城关村 ({CODE})" in out
    assert "Everything recorded after 2026-11-20 09:30 will be replaced" in out


def test_the_backup_holds_its_own_facts_and_the_restored_data_does_not_keep_them(
    village_410, tmp_path
):
    made = backup_of(village_410, dt.datetime(2026, 11, 20, 9, 30))
    with contextlib.closing(sqlite3.connect(made)) as connection:
        info = dict(connection.execute("SELECT key, value FROM backup_info"))
        residents = connection.execute(
            "SELECT count(*) FROM resident WHERE deleted_at IS NULL"
        ).fetchone()[0]
    assert info["made_at"] == "2026-11-20T09:30:00"
    assert info["village_code"] == CODE and info["kind"] == "manual"
    assert info["made_by"] == "tester"
    assert int(info["count_residents"]) == residents

    plan = prepare_restore(tmp_path / "elsewhere", made)
    try:
        assert plan.backup.made_at == dt.datetime(2026, 11, 20, 9, 30)
        assert plan.backup.village_code == CODE
        assert plan.backup.counts["residents"] == residents
    finally:
        plan.discard()


def test_an_old_backup_without_facts_takes_its_time_from_its_last_audit_entry(
    village_410, tmp_path
):
    made = backup_of(village_410, dt.datetime(2026, 11, 20, 9, 30))
    old = tmp_path / f"carepoint-{CODE}-20300101-000000.sqlite3"
    shutil.copyfile(made, old)
    with contextlib.closing(sqlite3.connect(old)) as connection:
        connection.execute("DROP TABLE backup_info")
        connection.execute("UPDATE audit_entry SET at = '2026-11-19 01:15:00'"
                           " WHERE id = (SELECT max(id) FROM audit_entry)")
        last = connection.execute("SELECT max(at) FROM audit_entry").fetchone()[0]
        connection.commit()

    plan = prepare_restore(tmp_path / "elsewhere", old)
    plan.discard()

    expected = dt.datetime.fromisoformat(last) + dt.timedelta(hours=8)  # Beijing time
    assert plan.backup.made_at == expected
