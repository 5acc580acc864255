"""Rotation of automatic backups: the newest of each of the last N days, weeks and months stays;
manual backups and safety copies are never removed."""

from __future__ import annotations

import datetime as dt

from carepoint.safety import catalog
from carepoint.safety.catalog import BackupRecord
from carepoint.safety.rotation import parse_keep, rotate, to_keep


def record(when: dt.datetime, kind: str = "daily", folder=None) -> BackupRecord:
    name = f"carepoint-321183104201-{when:%Y%m%d-%H%M%S}-{kind}.sqlite3"
    return BackupRecord(str(folder / name) if folder else name, when.isoformat(), kind, 1, 8, "")


def test_a_year_of_daily_backups_is_thinned_to_days_weeks_and_months():
    start = dt.datetime(2025, 11, 1, 18, 0)
    records = [record(start + dt.timedelta(days=n, hours=h)) for n in range(388) for h in (0, 3)]
    kept = to_keep(records, (7, 4, 12))
    kept_times = sorted(dt.datetime.fromisoformat(r.made_at) for r in records if r.file in kept)
    newest = max(dt.datetime.fromisoformat(r.made_at) for r in records)
    days = {t.date() for t in kept_times}
    assert all(newest.date() - dt.timedelta(days=n) in days for n in range(7))
    weeks = {t.isocalendar()[:2] for t in kept_times}
    assert len(weeks) >= 4 and len({(t.year, t.month) for t in kept_times}) == 12
    assert len(kept) <= 7 + 4 + 12
    for day in days:  # each kept day keeps its latest backup, not its first
        latest = max(dt.datetime.fromisoformat(r.made_at) for r in records
                     if dt.datetime.fromisoformat(r.made_at).date() == day)
        assert latest in kept_times


def test_rotation_removes_only_automatic_backups_and_their_files(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2026, 1, 1, 9, 0)
    records = [record(start + dt.timedelta(days=n), "daily", folder) for n in range(40)]
    records += [record(start, "manual", folder), record(start, "safety", folder)]
    for item in records:
        open(item.file, "wb").close()
    catalog.save(tmp_path, records)
    removed = rotate(tmp_path, (3, 0, 0))
    left = catalog.load(tmp_path)
    assert len(removed) == 37
    assert sorted(r.kind for r in left) == ["daily", "daily", "daily", "manual", "safety"]
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".sqlite3") == sorted(
        p.rsplit("/", 1)[-1] for p in (r.file for r in left))


def test_a_bad_keep_setting_falls_back_to_the_default():
    assert parse_keep("10,2,6") == (10, 2, 6)
    assert parse_keep("many") == parse_keep("") == (7, 4, 12)


def made(folder, records) -> None:
    for item in records:
        open(item.file, "wb").close()


def test_keeping_no_days_weeks_or_months_still_keeps_the_newest_automatic_backup(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2026, 3, 1, 9, 0)
    records = [record(start + dt.timedelta(days=n), "daily", folder) for n in range(5)]
    records.append(record(start + dt.timedelta(days=4, hours=8), "exit", folder))
    made(folder, records)
    catalog.save(tmp_path, records)
    rotate(tmp_path, (0, 0, 0))
    (left,) = catalog.load(tmp_path)
    assert left.kind == "exit" and left.file == records[-1].file
    assert [p.name for p in folder.glob("*.sqlite3")] == [left.file.rsplit("/", 1)[-1]]


def test_a_backup_whose_file_is_gone_does_not_take_the_place_of_one_on_disk(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    morning = record(dt.datetime(2026, 3, 2, 9, 0), "daily", folder)
    evening = record(dt.datetime(2026, 3, 2, 18, 0), "exit", folder)
    made(folder, [morning])  # the evening's file was deleted by hand
    catalog.save(tmp_path, [morning, evening])
    rotate(tmp_path, (7, 4, 12))
    assert [r.file for r in catalog.load(tmp_path)] == [morning.file]
    assert (folder / morning.file.rsplit("/", 1)[-1]).is_file()


def test_an_automatic_backup_that_comes_due_during_a_restore_waits_for_the_next_round(
    village_dir,
):
    import threading

    from carepoint.safety.files import REPLACING_DATA
    from carepoint.safety.rotation import automatic_backup

    with REPLACING_DATA:  # as apply_restore holds it while the data file is replaced
        made = []
        worker = threading.Thread(
            target=lambda: made.append(automatic_backup(village_dir, "daily"))
        )
        worker.start()
        worker.join(timeout=30)
        assert made == [None]
        assert catalog.load(village_dir) == []
        assert not list((village_dir / "backups").glob("*.sqlite3"))
    assert automatic_backup(village_dir, "daily") is not None  # the next round makes it
    assert len(catalog.load(village_dir)) == 1
