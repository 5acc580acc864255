"""The whole-file check of the data (quick_check and foreign keys) without making anyone wait:
it reads every page of the file, seconds at county scale and more from a cold disk, so it runs
behind the first window and interrupts only when it finds damage.

It runs on a daemon thread, not a Worker's QThread: SQLite's quick_check cannot be stopped
halfway (only between its steps), and a QThread still running when the app ends aborts the
process, while a daemon thread that only reads is simply left behind when the app closes.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from carepoint.safety.startup import find_damage

log = logging.getLogger(__name__)


class BackgroundCheck(QObject):
    """`damaged(problems)` when the check finds something; `done` either way."""

    damaged = Signal(list)
    done = Signal()
    _result = Signal(list)  # from the checking thread to this object's (the GUI) thread

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.problems: list[str] | None = None  # None until the check has finished
        self._cancelled = threading.Event()
        self._thread: threading.Thread | None = None
        self._result.connect(self._settle)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="start-up check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            problems = find_damage(self.data_dir, self._cancelled.is_set)
        except Exception as error:  # noqa: BLE001 - logged; the app goes on as if sound
            log.warning("start-up check could not run: %s", error)
            problems = []
        if self._cancelled.is_set():
            return
        try:
            self._result.emit(list(problems))
        except RuntimeError:  # the app has closed meanwhile
            pass

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def deliver_if_finished(self) -> None:
        """A check that has already ended reports now (before the main window is built), so
        damage found while the user signed in is dealt with before any page opens."""
        if self._thread is not None and not self._thread.is_alive() and self.problems is None:
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def stop(self) -> None:
        """The app is closing: the check gives up at its next step and reports nothing; nobody
        waits for it."""
        self._cancelled.set()

    @Slot(list)
    def _settle(self, problems: list[str]) -> None:
        if self._cancelled.is_set():
            return
        self.problems = problems
        if problems:
            self.damaged.emit(problems)
        self.done.emit()

