"""`carepoint restore FILE [--yes]`: shows the backup first, keeps the current data, refuses
damaged, foreign-version and non-CarePoint files with nothing changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3

import pytest
from builders import add
from safety.safety_helpers import count, damage, query

from carepoint import migrations
from carepoint.db import DB_FILE, open_store
from carepoint.safety import catalog


@pytest.fixture
def backup_file(village_dir, cli):
    code, out, _err = cli("--data-dir", village_dir, "--json", "backup")
    assert code == 0
    return json.loads(out)["file"]


def add_resident_later(folder, name="后来人"):
    store = open_store(folder, actor="tester")
    try:
        add(store, name, birth=dt.date(1944, 2, 2), sequence=901)
    finally:
        store.close()


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", "-journal")))


def test_restore_shows_the_backup_then_puts_it_back_and_keeps_the_current_data(
    village_dir, backup_file, cli
):
    before = count(village_dir, "resident")
    add_resident_later(village_dir)
    code, out, _err = cli("--data-dir", village_dir, "--lang", "en", "restore", backup_file,
                          "--yes")
    assert code == 0
    assert "Village: 桃园村 (321183104201)" in out and f"Residents: {before}" in out
    assert count(village_dir, "resident") == before
    safety = [r for r in catalog.load(village_dir) if r.kind == "safety"]
    assert len(safety) == 1 and safety[0].file in out
    with contextlib.closing(sqlite3.connect(safety[0].file)) as kept:
        found = kept.execute("SELECT count(*) FROM resident WHERE name = '后来人'").fetchone()
    assert found == (1,)
    assert query(village_dir, "SELECT new_value FROM audit_entry WHERE action = 'restore'") == [
        (backup_file.rsplit("/", 1)[-1],)
    ]
    assert leftovers(village_dir) == []


def test_restore_without_a_terminal_needs_yes_and_changes_nothing(village_dir, backup_file, cli):
    add_resident_later(village_dir)
    before = count(village_dir, "resident")
    code, out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", backup_file)
    assert code == 2
    assert "--yes" in err and "Residents:" in out
    assert count(village_dir, "resident") == before
    assert [r.kind for r in catalog.load(village_dir)] == ["manual"]
    assert leftovers(village_dir) == []


@pytest.mark.parametrize(("answer", "restored"), [("n", False), ("y", True)])
def test_restore_on_a_terminal_asks_first(village_dir, backup_file, cli, monkeypatch, answer,
                                          restored):
    add_resident_later(village_dir)
    before = count(village_dir, "resident")
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    code, _out, _err = cli("--data-dir", village_dir, "restore", backup_file)
    assert code == 0 and len(asked) == 1
    assert count(village_dir, "resident") == (before - 1 if restored else before)


def test_a_damaged_backup_is_refused_with_exit_3_and_nothing_changes(
    village_dir, backup_file, cli
):
    damage(backup_file)
    add_resident_later(village_dir)
    before = count(village_dir, "resident")
    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", backup_file,
                          "--yes")
    assert code == 3
    assert "damaged" in err and "nothing was changed" in err
    assert count(village_dir, "resident") == before
    assert leftovers(village_dir) == []


def test_a_file_that_is_not_a_backup_is_refused(village_dir, tmp_path, cli):
    other = tmp_path / "notes.sqlite3"
    with contextlib.closing(sqlite3.connect(other)) as db, db:
        db.execute("CREATE TABLE note (text TEXT)")
    text = tmp_path / "花名册.csv"
    text.write_text("姓名,身份证号\n", encoding="utf-8")
    for path in (other, text):
        code, _out, err = cli("--data-dir", village_dir, "restore", path, "--yes")
        assert code == 3 and path.name in err
    assert leftovers(village_dir) == []


def test_a_backup_from_a_newer_version_is_refused(village_dir, backup_file, cli):
    with contextlib.closing(sqlite3.connect(backup_file)) as db:
        db.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", backup_file,
                          "--yes")
    assert code == 3 and "newer version" in err
    assert query(village_dir, "PRAGMA user_version") == [(migrations.latest_version(),)]


def test_an_older_backup_is_brought_up_to_date(tmp_path, cli):
    old = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(old)) as raw:
        raw.execute("PRAGMA journal_mode = delete")
    from peewee import SqliteDatabase

    db = SqliteDatabase(str(old))
    migrations.upgrade(db, migrations.STEPS[:2])
    db.execute_sql("INSERT INTO setting VALUES ('village_code', '321183104201'),"
                   " ('village_name', '桃园村'), ('role', 'village')")
    db.close()
    target = tmp_path / "new-pc"
    code, out, _err = cli("--data-dir", target, "--json", "restore", old, "--yes")
    assert code == 0
    result = json.loads(out)
    assert result["upgraded_from"] == 2 and result["safety_copy"] is None
    assert query(target, "PRAGMA user_version") == [(migrations.latest_version(),)]
    code, out, _err = cli("--data-dir", target, "--json", "residents", "list")
    assert code == 0 and json.loads(out) == []


def test_restoring_another_villages_backup_warns(village_dir, backup_file, tmp_path, cli):
    other = tmp_path / "other"
    shutil.copytree(village_dir, other)
    with contextlib.closing(sqlite3.connect(other / DB_FILE)) as db, db:
        db.execute("UPDATE setting SET value = '321183104299' WHERE key = 'village_code'")
        db.execute("UPDATE setting SET value = '李庄村' WHERE key = 'village_name'")
    code, out, _err = cli("--data-dir", other, "--lang", "en", "restore", backup_file)
    assert code == 2
    assert "Warning: This backup is of 桃园村 (321183104201), not of 李庄村 (321183104299)" in out


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_no_room_for_the_safety_copy_stops_the_restore_before_anything_is_replaced(
    village_dir, backup_file, cli, monkeypatch
):
    from safety.faults import fill_disk

    add_resident_later(village_dir)
    before = count(village_dir, "resident")
    fill_disk(monkeypatch, village_dir / "backups")
    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", backup_file,
                          "--yes")
    monkeypatch.undo()
    assert code == 2 and "not enough space" in err, err
    assert count(village_dir, "resident") == before
    assert query(village_dir, "SELECT count(*) FROM audit_entry WHERE action = 'restore'") == [
        (0,)
    ]
    assert [r.kind for r in catalog.load(village_dir)] == ["manual"]
    assert [p.name for p in (village_dir / "backups").glob("*.sqlite3")] == [
        backup_file.rsplit("/", 1)[-1]
    ]
    assert leftovers(village_dir) == [] and leftovers(village_dir / "backups") == []
