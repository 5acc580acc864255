"""Worker threads, owned in one place: the main window's task manager starts every job off the GUI
thread, hands its result, failure and progress to the GUI thread, and when the window closes
cancels what can stop and waits for the rest.

Pages never keep threads of their own: a page deleted while its job runs (another user signs in)
leaves the job to the manager, which keeps thread and worker alive until the job has ended
(dropping the last reference to a running QThread would abort the program).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from shiboken6 import isValid

from carepoint.binding import close_thread_connections
from carepoint.errors import CarePointError
from carepoint.i18n import _

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class Worker(QObject):
    """Runs `call(progress, cancelled)` on a thread; emits finished(result) or failed(message)."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Job):
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


# Every job until its thread has ended, whichever manager started it.
_ALIVE: set[Task] = set()


class Task(QObject):
    """One job: its worker, its thread, and what to do on the GUI thread when it ends."""

    def __init__(
        self,
        call: Job,
        finished: Callable[[Any], None] | None,
        failed: Callable[[str], None] | None,
        progress: Callable[[int, int], None] | None,
        owner: QObject | None = None,
    ):
        super().__init__()  # no parent: it lives until its thread has ended, not with a page
        self._then, self._else, self._progress = finished, failed, progress
        self._owner = owner
        self.worker = Worker(call)
        # Slots of this object, which lives on the GUI thread: Qt queues the calls to it.
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.progress.connect(self._progressed)
        self.thread: QThread | None = None
        self.done = False

    def start(self) -> None:
        _ALIVE.add(self)
        self.thread = start_worker(self.worker)

    def cancel(self) -> None:
        # A direct call: the worker's own thread is busy with the job and would queue a signal.
        self.worker.cancel()

    @property
    def cancelled(self) -> bool:
        return self.worker.was_cancelled

    @property
    def running(self) -> bool:
        return not self.done

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.wait()

    def _end(self) -> None:
        self.wait()  # the thread has only its event loop left to leave
        self.done = True
        _ALIVE.discard(self)

    def _heard(self) -> bool:
        """Whether anyone still listens: a page deleted while its job ran hears nothing."""
        return self._owner is None or isValid(self._owner)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self._end()
        if self._then is not None and self._heard():
            self._then(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end()
        if self._else is not None and self._heard():
            self._else(message)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self._progress is not None and not self.done and self._heard():
            self._progress(done, total)


class TaskManager(QObject):
    """Starts jobs on worker threads and, when its window closes, stops and waits for them."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tasks: list[Task] = []
        self.closed = False

    def start(
        self,
        call: Job,
        *,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Run `call(progress, cancelled)` on a worker thread; the callbacks run on the GUI
        thread, and only while `owner` (when given) is not deleted. The job's own database
        connection is closed when it ends."""
        task = Task(call, finished, failed, progress, owner)
        self.tasks = [known for known in self.tasks if known.running]
        self.tasks.append(task)
        task.start()
        return task

    def busy(self) -> bool:
        return any(task.running for task in self.tasks)

    def close(self) -> None:
        """The window closes: every job is asked to stop and waited for; none reports after."""
        self.closed = True
        for task in self.tasks:
            task._then = task._else = task._progress = None
            task.cancel()
        for task in self.tasks:
            task.wait()
            task.done = True
            _ALIVE.discard(task)
        self.tasks = []


def tasks_for(widget: QObject | None) -> TaskManager:
    """The task manager of the window a widget is in: the nearest widget up its parents that
    holds the app's context (every page and its dialogs do). A widget outside any page (a test's
    bare widget) gets one manager of its own."""
    while widget is not None:
        context = getattr(widget, "context", None)
        tasks = getattr(context, "tasks", None)
        if isinstance(tasks, TaskManager):
            return tasks
        widget = widget.parent()
    global _LOOSE
    if _LOOSE is None:
        _LOOSE = TaskManager()
    return _LOOSE


_LOOSE: TaskManager | None = None


def stop_all() -> None:
    """The app ends: every job still running is cancelled and waited for."""
    for task in list(_ALIVE):
        task._then = task._else = task._progress = None
        task.cancel()
        task.wait()
    _ALIVE.clear()
