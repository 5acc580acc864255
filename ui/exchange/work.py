"""Exchange work off the GUI thread: the core call runs on a worker with its own database
connection, a progress bar shows it is busy, and the page hears the result on the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from carepoint.db import Store
from carepoint.i18n import _

from ui.home_page import format_when
from ui.ops import Worker, start_worker


def when(utc_text: str | None) -> str:
    """A time the exchange tables keep as UTC text, in local time and the user's language."""
    if not utc_text:
        return ""
    return format_when(dt.datetime.fromisoformat(utc_text).replace(tzinfo=None))


class WorkBar(QWidget):
    """A busy bar with a cancel button, hidden while idle; runs one job at a time."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(_("Cancel"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.worker: Worker | None = None
        self.thread = None
        self.running = False
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.running

    def start(
        self,
        store: Store,
        call: Callable[[Callable[[int, int], None], Callable[[], bool]], object],
        finished: Callable[[object], None],
        failed: Callable[[str], None],
        text: str,
    ) -> None:
        def run(progress, cancelled):
            try:
                return call(progress, cancelled)
            finally:
                store.db.close()  # this thread's own connection

        self.bar.setFormat(text)
        self.bar.setRange(0, 0)
        self.worker = Worker(run)
        self.worker.progress.connect(self._progress)
        # Idle again before the page hears the outcome, so it can enable its buttons.
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._done)
        self.worker.finished.connect(finished)
        self.worker.failed.connect(failed)
        self.running = True
        self.cancel_button.setEnabled(True)
        self.show()
        self.thread = start_worker(self.worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _done(self, *_args) -> None:
        self.running = False
        self.hide()

    def wait(self) -> None:
        """Tests and closing: let a running job end."""
        if self.thread is not None:
            self.thread.wait()
