"""The whole-file check of the data (quick_check and foreign keys) without making anyone wait:
it reads every page of the file, seconds at county scale and more from a cold disk, so it runs on
a worker while the first window is already up, and interrupts only when it finds damage."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from carepoint.safety.startup import find_damage

from ui.ops import Worker, start_worker

log = logging.getLogger(__name__)


class BackgroundCheck(QObject):
    """`damaged(problems)` when the check finds something; `done` either way."""

    damaged = Signal(list)
    done = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.problems: list[str] | None = None  # None until the check has finished
        self.running: tuple[QThread, Worker] | None = None

    def start(self) -> None:
        folder = self.data_dir
        worker = Worker(lambda _progress, cancelled: find_damage(folder, cancelled))
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        self.running = (start_worker(worker), worker)

    @property
    def finished(self) -> bool:
        return self.problems is not None

    def wait(self) -> None:
        """Block until the check is over and its result delivered (tests, a failed open)."""
        if self.running is not None:
            self.running[0].wait()
            from PySide6.QtCore import QCoreApplication

            while self.problems is None:
                QCoreApplication.processEvents()

    @Slot(object)
    def _finished(self, problems: list[str]) -> None:
        self._settle(list(problems))

    @Slot(str)
    def _failed(self, message: str) -> None:
        log.warning("start-up check could not run: %s", message)
        self._settle([])

    def _settle(self, problems: list[str]) -> None:
        if self.running is not None:
            self.running[0].wait()
            self.running = None
        self.problems = problems
        if problems:
            self.damaged.emit(problems)
        self.done.emit()

    def deliver_if_finished(self) -> None:
        """A check that has already ended reports now (before the main window is built), so
        damage found while the user signed in is dealt with before any page opens."""
        if self.running is not None and self.running[0].isFinished():
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def stop(self) -> None:
        """The app is closing: the check gives up (within moments) and reports nothing."""
        if self.running is None:
            return
        thread, worker = self.running
        worker.cancel()
        thread.wait()
        self.running = None
