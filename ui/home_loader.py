"""Home figures counted off the GUI thread: a card shows its placeholder at once, asks for its
figures, and paints them when the worker has counted them (at county scale a card's counts take
up to a second, and the main window must not wait for them).

One job per card at a time; a request while one runs asks for one more run after it, so the
card ends up showing the newest figures and never counts twice at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Slot

from ui.ops import Worker, start_worker

_RUNNING: dict[QThread, Worker] = {}  # every loader's job until its thread has ended
CHECK_EVERY = 10_000  # SQLite steps between looks at `cancelled`


def stop_all() -> None:
    """The app is closing: every count still running gives up within moments (its query is
    interrupted) and nothing is shown."""
    for thread, worker in list(_RUNNING.items()):
        worker.cancel()
        thread.wait()
    _RUNNING.clear()


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
        store,
        count: Callable[[], Any],
        show: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self._count = _interruptible(store, count)
        self._show = show
        self._fail = failed
        self.running: tuple[QThread, Worker] | None = None
        self.again = False

    @property
    def loading(self) -> bool:
        return self.running is not None or self.again

    def request(self) -> None:
        if self.running is not None:
            self.again = True
            return
        worker = Worker(self._count)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        thread = start_worker(worker)
        _RUNNING[thread] = worker
        self.running = (thread, worker)

    def _end(self) -> bool:
        """Forget the finished job; True when a newer request is waiting (and now started)."""
        thread, _worker = self.running
        thread.wait()  # it has only its event loop left to leave
        _RUNNING.pop(thread, None)
        self.running = None
        if self.again:
            self.again = False
            self.request()
            return True
        return False

    @Slot(object)
    def _finished(self, result: Any) -> None:
        if not self._end():
            self._show(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        if not self._end() and self._fail is not None:
            self._fail(message)
