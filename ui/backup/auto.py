"""Automatic backups while the app runs: one a day (checked at start and every hour) on a worker
thread, and one when the app closes; rotation keeps the newest of each day, week and month."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer

from carepoint import clock
from carepoint.errors import CarePointError
from carepoint.safety.rotation import automatic_backup, daily_due

from ui.ops import Worker, start_worker

log = logging.getLogger(__name__)
HOUR_MS = 3_600_000


class AutoBackup(QObject):
    def __init__(self, data_dir: Path, parent: QObject | None = None, *, first_ms: int = 5_000):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.first_ms = first_ms
        self.timer = QTimer(self)
        self.timer.setInterval(HOUR_MS)
        self.timer.timeout.connect(self.daily)
        self.running: tuple[QThread, Worker] | None = None

    def start(self) -> None:
        QTimer.singleShot(self.first_ms, self.daily)
        self.timer.start()

    def daily(self) -> None:
        if self.busy or not daily_due(self.data_dir, clock.today()):
            return
        folder = self.data_dir
        worker = Worker(lambda _progress, _cancelled: automatic_backup(folder, "daily"))
        worker.failed.connect(self._failed)
        self.running = (start_worker(worker), worker)

    @property
    def busy(self) -> bool:
        return self.running is not None and not self.running[0].isFinished()

    def _failed(self, message: str) -> None:
        log.warning("daily backup failed: %s", message)

    def at_exit(self) -> None:
        """The backup on leaving the app; the data must be closed by now."""
        self.timer.stop()
        if self.running is not None:
            self.running[0].wait()
        try:
            automatic_backup(self.data_dir, "exit")
        except CarePointError as error:
            log.warning("backup on exit failed: %s", error.message)
