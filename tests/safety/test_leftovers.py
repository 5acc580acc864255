"""Half-written copies that killed backups and restores leave behind (hidden .part files, tens of
megabytes each) are removed the next time the data is opened; a fresh one, which may belong to a
backup still running in another window, is left alone."""

from __future__ import annotations

import os

from carepoint import clock


def aged(path, seconds: int) -> None:
    moment = clock.epoch_millis() / 1000 - seconds
    os.utime(path, (moment, moment))


def test_stale_part_files_are_removed_when_the_data_is_next_opened(village_dir, cli):
    staged = village_dir / ".carepoint.sqlite3-k1ll3d.part"
    journal = village_dir / ".carepoint.sqlite3-k1ll3d.part-journal"
    copying = village_dir / "backups" / ".carepoint-321183104201-20261123-101010.sqlite3-x1.part"
    fresh = village_dir / "backups" / ".carepoint-321183104201-20261123-111111.sqlite3-y2.part"
    unrelated = village_dir / "backups" / "notes.part"
    for path in (staged, journal, copying, fresh, unrelated):
        path.write_bytes(b"\0" * 4096)
    for path in (staged, journal, copying, unrelated):
        aged(path, 3600)

    code, _out, _err = cli("--data-dir", village_dir, "residents", "list", "--json")

    assert code == 0
    assert not staged.exists() and not journal.exists() and not copying.exists()
    assert fresh.exists()  # may be a backup under way
    assert unrelated.exists()  # not ours: not hidden
