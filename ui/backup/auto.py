"""Automatic backups while the app runs, made where nobody waits: a few seconds after the data
changed (once it has been quiet), once a day, and at start when the last session did not end
with every change in a backup (it was killed, or the command line wrote since). Each is SQLite's
online backup in steps on a worker thread, verified before it is kept; rotation keeps the newest
of each day, week and month.

Closing the app makes no backup: when nothing was committed since the last good backup began,
the session's end is recorded as clean (carepoint.safety.startup); otherwise the next start
backs up first thing. So every day's work is in a verified backup, and closing never waits for
one. Changes are noticed by `PRAGMA data_version` on a connection of our own, which moves with
every commit by any other connection (GUI thread, workers, a command run meanwhile).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Slot

from carepoint import clock
from carepoint.db import DB_FILE
from carepoint.errors import CarePointError
from carepoint.safety.backup import make_backup
from carepoint.safety.files import REPLACING_DATA
from carepoint.safety.rotation import daily_due, rotate
from carepoint.safety.startup import remember_clean_close

from ui.ops import Worker, start_worker

log = logging.getLogger(__name__)
HOUR_MS = 3_600_000
POLL_MS = 1_000
QUIET_MS = 5_000  # a burst of edits is backed up once, shortly after it ends
RETRY_MS = 600_000  # after a failed backup (a full disk, a restore under way)
STALE_PART_S = 600  # a half-written copy left by a killed process


class AutoBackup(QObject):
    def __init__(
        self,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        first_ms: int = 5_000,
        clean_start: bool = False,
        quiet_ms: int = QUIET_MS,
    ):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.first_ms = first_ms
        self.clean_start = clean_start
        self.monitor: sqlite3.Connection | None = None
        # data_version the newest good backup covers (None: not known to be covered)
        self.covered: int | None = None
        self.seen: int | None = None
        self.running: tuple[QThread, Worker, int] | None = None
        self.failed_at: float | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(HOUR_MS)
        self.timer.timeout.connect(self.daily)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.setInterval(quiet_ms)
        self.quiet.timeout.connect(self.after_change)

    def start(self) -> None:
        self._remove_stale_parts()
        try:
            # never writes; not opened read-only, so that closing it last can fold the -wal
            # back into the file like any other connection
            self.monitor = sqlite3.connect(
                self.data_dir / DB_FILE, isolation_level=None, check_same_thread=False
            )
            self.seen = self._data_version()
        except sqlite3.Error as error:
            log.warning("cannot watch the data for changes: %s", error)
            self.monitor = None
        if self.clean_start:
            self.covered = self.seen
        QTimer.singleShot(self.first_ms, self.daily)
        self.timer.start()
        if self.monitor is not None:
            self.poll_timer.start()

    def _data_version(self) -> int | None:
        if self.monitor is None:
            return None
        try:
            return self.monitor.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None

    @property
    def busy(self) -> bool:
        return self.running is not None and not self.running[0].isFinished()

    @property
    def up_to_date(self) -> bool:
        """Every committed change is in a verified backup."""
        version = self._data_version()
        return version is not None and version == self.covered

    @Slot()
    def poll(self) -> None:
        """Called every second and whenever a page says it changed something."""
        version = self._data_version()
        if version is None or version == self.seen:
            return
        self.seen = version
        if version != self.covered:
            self.quiet.start()  # (re)started: the backup waits for the edits to pause

    def changed(self, _areas=None) -> None:
        self.poll()

    @Slot()
    def after_change(self) -> None:
        if self.up_to_date:
            return
        if self.failed_at is not None and time.monotonic() - self.failed_at < RETRY_MS / 1000:
            return
        self._backup("exit")

    @Slot()
    def daily(self) -> None:
        due = daily_due(self.data_dir, clock.today())
        if due or (self.monitor is not None and not self.up_to_date):
            self._backup("daily" if due else "exit")

    def _backup(self, kind: str) -> None:
        if self.busy:
            self.quiet.start()  # the running one may have begun before the newest change
            return
        version = self._data_version()
        folder = self.data_dir

        def run(_progress, cancelled):
            return automatic_backup(folder, kind, cancelled)

        worker = Worker(run)
        worker.finished.connect(self._done)
        worker.failed.connect(self._failed)
        self.running = (start_worker(worker), worker, version)

    @Slot(object)
    def _done(self, record) -> None:
        thread, _worker, version = self.running
        thread.wait()
        self.running = None
        if record is None:  # a restore was under way: try again after the next pause
            self.quiet.start()
            return
        self.failed_at = None
        if version is not None:
            self.covered = version
        if not self.up_to_date:
            self.quiet.start()

    @Slot(str)
    def _failed(self, message: str) -> None:
        thread, worker, _version = self.running
        thread.wait()
        self.running = None
        if not worker.was_cancelled:
            self.failed_at = time.monotonic()
            log.warning("automatic backup failed: %s", message)

    def at_exit(self, wait_ms: int = 300) -> bool:
        """On leaving the app, once its own connections are closed: nothing to wait for. A backup
        under way is cancelled; returns False when its thread is still finishing (the caller
        ends the process without waiting for it)."""
        for timer in (self.timer, self.poll_timer, self.quiet):
            timer.stop()
        clean = self.up_to_date and not self.busy
        if self.monitor is not None:
            self.monitor.close()
            self.monitor = None
        finished = True
        if self.running is not None:
            self.running[1].cancel()
            finished = self.running[0].wait(wait_ms)
        if clean:
            remember_clean_close(self.data_dir)
        return finished

    def _remove_stale_parts(self) -> None:
        folder = self.data_dir / "backups"
        now = clock.epoch_millis() / 1000
        for part in folder.glob(".carepoint-*.sqlite3-*.part"):
            with contextlib.suppress(OSError):
                if now - part.stat().st_mtime > STALE_PART_S:
                    part.unlink()
                    log.info("removed a half-written backup left by a stopped program")


def automatic_backup(data_dir: Path, kind: str, cancelled) -> object | None:
    """rotation.automatic_backup, cancellable: None while a restore replaces the data."""
    if not REPLACING_DATA.acquire(blocking=False):
        return None
    try:
        record = make_backup(data_dir, kind=kind, cancelled=cancelled)
        try:
            rotate(data_dir)
        except CarePointError as error:  # the backup itself is good and recorded
            log.warning("rotation failed: %s", error.message)
    finally:
        REPLACING_DATA.release()
    return record
