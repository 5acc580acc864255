"""A job on a worker thread lets go of the data when it ends: a restore replaces the data file
once the app has closed it, and Windows refuses to replace a file that is still open."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from carepoint.models import Resident

import ui.tasks
from ui.tasks import Worker, start_worker


def _run(qtbot, job, fails: bool) -> None:
    worker = Worker(job)
    with qtbot.waitSignal(worker.failed if fails else worker.finished, timeout=10_000):
        thread = start_worker(worker)
    thread.wait()


@pytest.mark.parametrize("fails", [False, True])
def test_the_job_thread_closes_its_own_connection_before_it_reports(
    qtbot, context, monkeypatch, fails
):
    events = []
    real_close = ui.tasks._close_thread_connection

    def close():
        real_close()
        events.append(("closed", threading.get_ident(), context.store.db.is_closed()))

    monkeypatch.setattr(ui.tasks, "_close_thread_connection", close)

    def job(_progress, _cancelled):
        events.append(("ran", threading.get_ident(), Resident.select().count()))
        if fails:
            raise ValueError("the job stops half-way")
        return 0

    _run(qtbot, job, fails)
    job_thread = next(thread for what, thread, _ in events if what == "ran")
    # this job's own thread only: another test's worker may be closing its connection meanwhile
    mine = [event for event in events if event[1] == job_thread]
    (ran, _job, _count), (closed, close_thread, now_closed) = mine
    assert (ran, closed) == ("ran", "closed")
    assert close_thread == job_thread != threading.get_ident()
    assert now_closed
    assert Resident.select().count() >= 0  # the GUI thread's own connection is untouched


def test_closing_the_thread_connection_really_closes_it(qtbot, context):
    seen = []

    def job(_progress, _cancelled):
        Resident.select().count()
        connection = context.store.db.connection()
        ui.tasks._close_thread_connection()
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")
        seen.append(context.store.db.is_closed())
        ui.tasks._close_thread_connection()  # twice is harmless
        return 0

    _run(qtbot, job, fails=False)
    assert seen == [True]
