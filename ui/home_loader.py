"""Home figures counted off the GUI thread: a card shows its placeholder at once, asks for its
figures, and paints them when the worker has counted them (at county scale a card's counts take
up to a second, and the main window must not wait for them).

One job per card at a time; a request while one runs asks for one more run after it, so the
card ends up showing the newest figures and never counts twice at once. The jobs run on the
window's task manager; closing the window interrupts a count (its query stops within moments).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.context import AppContext
from ui.tasks import Task

CHECK_EVERY = 10_000  # SQLite steps between looks at `cancelled`


def _interruptible(store, count: Callable[[], Any]) -> Callable[..., Any]:
    def job(_progress, cancelled):
        connection = store.db.connection()  # this worker thread's own
        connection.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_EVERY)
        try:
            return count()
        finally:
            connection.set_progress_handler(None, 0)

    return job


class FigureLoader(QObject):
    def __init__(
        self,
        parent: QObject,
        context: AppContext,
        count: Callable[[], Any],
        show: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self._tasks = context.tasks
        self._count = _interruptible(context.store, count)
        self._show = show
        self._fail = failed
        self.running: Task | None = None
        self.again = False

    @property
    def loading(self) -> bool:
        return self.running is not None or self.again

    def request(self) -> None:
        if self.running is not None:
            self.again = True
            return
        self.running = self._tasks.start(
            self._count, finished=self._finished, failed=self._failed, owner=self
        )

    def _end(self) -> bool:
        """Forget the finished job; True when a newer request is waiting (and now started)."""
        self.running = None
        if self.again:
            self.again = False
            self.request()
            return True
        return False

    def _finished(self, result: Any) -> None:
        if not self._end():
            self._show(result)

    def _failed(self, message: str) -> None:
        if not self._end() and self._fail is not None:
            self._fail(message)
