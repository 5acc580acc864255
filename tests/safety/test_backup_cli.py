"""`carepoint backup` and `carepoint check`: a checked copy, made while others write."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading

from safety.safety_helpers import count, damage, query

from carepoint.db import DB_FILE
from carepoint.safety import catalog


def test_backup_writes_a_checked_copy_into_backups_and_records_it(village_dir, cli):
    code, out, _err = cli("--data-dir", village_dir, "--json", "backup")
    assert code == 0
    record = json.loads(out)
    copy = village_dir / "backups" / record["file"].rsplit("/", 1)[-1]
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        residents = connection.execute("SELECT count(*) FROM resident").fetchone()[0]
    assert residents == count(village_dir, "resident") == record["counts"]["resident"]
    assert [r.file for r in catalog.load(village_dir)] == [record["file"]]
    assert not list(village_dir.glob("backups/*.part"))


def test_backup_to_a_chosen_folder_names_the_village_and_time(village_dir, tmp_path, cli):
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _err = cli("--data-dir", village_dir, "backup", "--out", usb)
    assert code == 0
    (written,) = usb.iterdir()
    assert written.name.startswith("carepoint-321183104201-") and written.suffix == ".sqlite3"
    assert written.name in out


def test_backup_to_a_missing_folder_is_refused_and_writes_nothing(village_dir, tmp_path, cli):
    code, _out, err = cli("--data-dir", village_dir, "backup", "--out", tmp_path / "nowhere")
    assert code == 2
    assert "nowhere" in err and "不存在" in err
    assert not (tmp_path / "nowhere").exists()
    assert catalog.load(village_dir) == []


def test_a_backup_taken_while_another_program_writes_is_one_consistent_moment(village_dir, cli):
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        with contextlib.closing(sqlite3.connect(village_dir / DB_FILE, timeout=10)) as db:
            number = 0
            while not stop.is_set():
                with db:
                    db.execute("INSERT INTO setting VALUES (?, 'x')", [f"probe{number:06d}"])
                written.append(number)
                number += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        codes = [cli("--data-dir", village_dir, "--json", "backup")[0] for _ in range(3)]
    finally:
        stop.set()
        writer.join()
    assert codes == [0, 0, 0]
    for record in catalog.load(village_dir):
        with contextlib.closing(sqlite3.connect(record.file)) as connection:
            probes = [r[0] for r in connection.execute(
                "SELECT key FROM setting WHERE key LIKE 'probe%' ORDER BY key")]
        # every commit before the copy's moment, none after: a gap-free prefix
        assert probes == [f"probe{n:06d}" for n in range(len(probes))]
        assert record.counts["setting"] == len(probes) + count_settings_without_probes(record)


def count_settings_without_probes(record) -> int:
    with contextlib.closing(sqlite3.connect(record.file)) as connection:
        return connection.execute(
            "SELECT count(*) FROM setting WHERE key NOT LIKE 'probe%'").fetchone()[0]


def test_check_finds_no_damage_in_sound_data(village_dir, cli):
    code, out, _err = cli("--data-dir", village_dir, "--lang", "en", "check")
    assert code == 0
    assert "No damage found" in out


def test_check_reports_damaged_pages_with_exit_3(village_dir, cli):
    damage(village_dir / DB_FILE)
    code, out, err = cli("--data-dir", village_dir, "--json", "check")
    assert code == 3
    report = json.loads(out)
    assert report["ok"] is False and report["integrity"]


def test_check_reports_a_record_pointing_at_a_missing_person(village_dir, cli):
    with contextlib.closing(sqlite3.connect(village_dir / DB_FILE)) as db, db:
        db.execute("UPDATE carer SET resident_id = 999999 WHERE id = (SELECT min(id) FROM carer)")
    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "check")
    assert code == 3
    assert "carer" in err and "resident" in err
    assert "Restore the last good backup" in err


def test_check_without_data_says_so(tmp_path, cli):
    code, _out, err = cli("--data-dir", tmp_path / "empty", "--lang", "en", "check")
    assert code == 2 and "No CarePoint data" in err


def test_backup_of_damaged_data_is_refused_and_leaves_no_file(village_dir, cli):
    damage(village_dir / DB_FILE)
    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "backup")
    assert code == 3
    assert "carepoint check" in err
    assert list((village_dir / "backups").iterdir()) == []
    assert query(village_dir, "PRAGMA user_version")  # the data itself was left as it was
