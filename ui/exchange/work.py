"""Exchange work off the GUI thread: the core call runs on a worker with its own database
connection, a progress bar shows it is busy, and the page hears the result on the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint.i18n import _

from ui.exchange.folder_chooser import FolderChooser
from ui.tasks import Worker, tasks_for
from ui.widgets.times import format_when


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
        self._outcome: tuple[Callable[[object], None], Callable[[str], None]] | None = None
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.running

    def start(
        self,
        call: Callable[[Callable[[int, int], None], Callable[[], bool]], object],
        finished: Callable[[object], None],
        failed: Callable[[str], None],
        text: str,
    ) -> None:
        self.wait()  # the previous job's thread is only quitting; let it go before replacing it
        self.bar.setFormat(text)
        self.bar.setRange(0, 0)
        self._outcome = (finished, failed)
        self.running = True
        self.cancel_button.setEnabled(True)
        self.show()
        # The job runs on its window's task manager; the outcome comes back to this bar's own
        # methods, which go idle first so the page can enable its buttons when it hears it.
        task = tasks_for(self).start(
            call, finished=self._finished, failed=self._failed, progress=self._progress, owner=self
        )
        self.worker, self.thread = task.worker, task.thread

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _finished(self, result) -> None:
        self.running = False
        self.hide()
        self._outcome[0](result)

    def _failed(self, message: str) -> None:
        self.running = False
        self.hide()
        self._outcome[1](message)

    def wait(self) -> None:
        """Tests and closing: let a running job end."""
        if self.thread is not None:
            self.thread.wait()


class WriteToBox(QGroupBox):
    """"Write to [drive or folder] [button]", the job's progress and its outcome in words: how the
    village sends its package and the township its return packages."""

    def __init__(self, title: str, button_text: str, message_name: str, parent=None):
        super().__init__(title, parent)
        self.destination = FolderChooser()
        self.button = QPushButton(button_text)
        self.work = WorkBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName(message_name)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Write to")))
        row.addWidget(self.destination, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.work)
        column.addWidget(self.message)
