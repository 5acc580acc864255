"""Running a core call from the UI: errors shown in the user's language, views told what changed,
long work on a worker thread with progress and cancel."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from carepoint.binding import close_thread_connections
from carepoint.errors import CarePointError, NeedsConfirmation
from carepoint.i18n import _

from ui.context import AppContext


def run_op(
    parent: QWidget,
    context: AppContext,
    call: Callable[..., Any],
    *,
    touches: set[str],
    confirm_retry: Callable[[], Any] | None = None,
) -> tuple[bool, Any]:
    """Run a quick mutation on the GUI thread. Returns (succeeded, result).

    A NeedsConfirmation (a likely duplicate) asks the user, then runs `confirm_retry` if given.
    """
    try:
        result = call()
    except NeedsConfirmation as question:
        if confirm_retry is None:
            QMessageBox.warning(parent, _("Please check"), question.message)
            return False, None
        answer = QMessageBox.question(parent, _("Please check"), question.message)
        if answer != QMessageBox.StandardButton.Yes:
            return False, None
        return run_op(parent, context, confirm_retry, touches=touches)
    except CarePointError as error:
        QMessageBox.warning(parent, _("Not saved"), error.message)
        return False, None
    context.changes.changed.emit(set(touches))
    return True, result


class Worker(QObject):
    """Runs `call(progress, cancelled)` on a thread; emits finished(result) or failed(message)."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Callable[[Callable[[int, int], None], Callable[[], bool]], Any]):
        super().__init__()
        self._call = call
        self._cancelled = False
        # The job sees the store its window works on, whatever thread it runs on.
        self._context = contextvars.copy_context()

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def was_cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> None:
        failure = None
        try:
            result = self._context.run(self._call, self.progress.emit, lambda: self._cancelled)
        except CarePointError as error:
            failure = error.message
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            failure = _("Unexpected error: {error}").format(error=error)
        finally:
            self._context.run(_close_thread_connection)  # before anyone hears the job is over
        if failure is None:
            self.finished.emit(result)
        else:
            self.failed.emit(failure)


def _close_thread_connection() -> None:
    """The database connection a job opened on its thread ends with the job, so that nothing
    holds the data file once the app closes it (a restore replaces the file; Windows refuses to
    replace a file that is still open)."""
    close_thread_connections()


def start_worker(worker: Worker) -> QThread:
    """Move `worker` to a new thread and start it; the caller keeps both alive until finished."""
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # quit() is called on the worker's own thread as the job ends, not queued to the GUI thread:
    # a GUI thread that waits for this thread before its queue is served would wait forever.
    direct = Qt.ConnectionType.DirectConnection
    worker.finished.connect(thread.quit, direct)
    worker.failed.connect(thread.quit, direct)
    thread.start()
    return thread
