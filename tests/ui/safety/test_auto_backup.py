"""Automatic backups where nobody waits: a change is backed up on a worker once the edits pause,
closing makes no backup, and the day's work is still in a verified backup even when the app is
killed right after a change (the next start backs it up)."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from carepoint.db import open_store
from carepoint.safety import catalog
from carepoint.safety.startup import unchanged_since_backup

from ui.backup.auto import AutoBackup

KILLED_SESSION = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from carepoint.db import open_store
from carepoint.safety.startup import unchanged_since_backup
from ui.backup.auto import AutoBackup

folder = sys.argv[1]
app = QApplication([])
clean = unchanged_since_backup(folder)
store = open_store(folder, actor="admin")
backups = AutoBackup(folder, first_ms=600_000, clean_start=clean)
backups.start()
def change():
    store.set_setting("care_point_name", "改过的名字")  # committed, like any page's change
    backups.changed()
    print("changed", clean, flush=True)
QTimer.singleShot(0, change)
app.exec()
"""


def name_in(backup_file: str) -> str:
    with contextlib.closing(sqlite3.connect(backup_file)) as db:
        return db.execute("SELECT value FROM setting WHERE key = 'care_point_name'").fetchone()[0]


def a_clean_session(qtbot, folder: Path) -> None:
    """A session that backs up (the day's first) and ends with everything in that backup."""
    backups = AutoBackup(folder, first_ms=0)
    backups.start()
    qtbot.waitUntil(
        lambda: catalog.last_good(folder) is not None and not backups.busy, timeout=20_000
    )
    assert backups.at_exit()


def test_a_change_is_backed_up_on_a_worker_once_the_edits_pause_and_closing_makes_none(
    qtbot, village
):
    folder = village.data_dir
    village.close()
    backups = AutoBackup(folder, first_ms=0, quiet_ms=50)
    backups.start()
    qtbot.waitUntil(
        lambda: catalog.last_good(folder) is not None and not backups.busy, timeout=20_000
    )
    store = open_store(folder, actor="admin")
    store.set_setting("care_point_name", "新的名字")

    backups.changed({"settings"})

    qtbot.waitUntil(lambda: name_in(catalog.last_good(folder).file) == "新的名字", timeout=20_000)
    qtbot.waitUntil(lambda: not backups.busy, timeout=20_000)
    made = [r.file for r in catalog.load(folder)]
    store.close()
    assert backups.at_exit()  # nothing changed since that backup began: nothing to do
    assert [r.file for r in catalog.load(folder)] == made
    assert unchanged_since_backup(folder)  # the next start knows it need not back up


def test_closing_right_after_a_change_makes_no_backup_and_the_next_start_makes_it(qtbot, village):
    folder = village.data_dir
    village.close()
    a_clean_session(qtbot, folder)
    made = [r.file for r in catalog.load(folder)]
    clean = unchanged_since_backup(folder)
    backups = AutoBackup(folder, first_ms=600_000, clean_start=clean)
    backups.start()
    store = open_store(folder, actor="admin")
    store.set_setting("care_point_name", "关前改的")
    backups.changed()
    store.close()

    assert backups.at_exit()
    assert clean and [r.file for r in catalog.load(folder)] == made

    assert not unchanged_since_backup(folder)
    following = AutoBackup(folder, first_ms=0)
    following.start()
    qtbot.waitUntil(lambda: name_in(catalog.last_good(folder).file) == "关前改的", timeout=20_000)
    qtbot.waitUntil(lambda: not following.busy, timeout=20_000)
    following.at_exit()


def test_killed_right_after_a_change_the_next_start_backs_the_change_up(qtbot, village):
    folder = village.data_dir
    village.close()
    a_clean_session(qtbot, folder)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    session = subprocess.Popen(
        [sys.executable, "-c", KILLED_SESSION, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert session.stdout.readline().split() == ["changed", "True"]
    finally:
        session.send_signal(signal.SIGKILL)
        session.wait()
    assert name_in(catalog.last_good(folder).file) != "改过的名字"  # killed before any backup

    assert not unchanged_since_backup(folder)
    backups = AutoBackup(folder, first_ms=0)  # the next start, the day's backup already made
    backups.start()

    qtbot.waitUntil(lambda: name_in(catalog.last_good(folder).file) == "改过的名字", timeout=20_000)
    assert catalog.last_good(folder).verified
    qtbot.waitUntil(lambda: not backups.busy, timeout=20_000)
    backups.at_exit()


def test_with_nothing_changed_the_next_start_makes_no_backup(qtbot, village):
    folder = village.data_dir
    village.close()
    a_clean_session(qtbot, folder)
    made = [r.file for r in catalog.load(folder)]
    clean = unchanged_since_backup(folder)  # read before the data is opened, as the app does
    store = open_store(folder, actor="admin")  # opened and read, as signing in does
    store.setting("care_point_name")

    backups = AutoBackup(folder, first_ms=0, clean_start=clean)
    backups.start()
    qtbot.wait(300)

    assert clean and not backups.busy and [r.file for r in catalog.load(folder)] == made
    store.close()
    assert backups.at_exit()
