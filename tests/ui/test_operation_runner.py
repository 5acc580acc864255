"""One way to run an operation from the UI (ui.ops) and one owner of worker threads (the main
window's task manager): refusals in the user's language, the views told the typed set of what
changed, long work cancelled from its progress dialog, nothing left running after the window
closes."""

from __future__ import annotations

import datetime as dt
import threading

from builders import id_number
from message_box_fixtures import (  # noqa: F401 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from carepoint.change_areas import Changed, Outcome, changes
from carepoint.errors import UserInputError
from carepoint.i18n import _

from ui.ops import run_op, run_task


def _heard(context) -> list:
    heard: list = []
    context.changes.changed.connect(heard.append)
    return heard


def test_a_quick_operation_tells_the_views_what_it_and_the_core_changed(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    heard = _heard(context)
    saved = []
    done, value = run_op(
        page, context, lambda: Outcome("saved", Changed.RESIDENTS),
        touches=Changed.VISITS, success=lambda result: saved.append((result, list(heard))),
    )  # fmt: skip
    assert (done, value) == (True, "saved")
    assert heard == [Changed.VISITS | Changed.RESIDENTS]
    assert saved == [("saved", [])]  # the form hears of its own write before the views do


def test_a_refusal_goes_to_the_forms_line_and_nothing_is_announced(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    line = QLabel(page)
    heard = _heard(context)

    said = _("The date {date} is in the future").format(date="2027-01-01")

    def refuse():
        raise UserInputError(said)

    done, _value = run_op(page, context, refuse, touches=Changed.VISITS, refused=line.setText)
    assert not done
    assert line.text() == said
    assert heard == []


def test_a_refusal_without_a_line_is_shown_in_a_box(qtbot, context, answer_message_box):  # noqa: F811
    page = QWidget()
    qtbot.addWidget(page)
    seen = answer_message_box()

    def refuse():
        raise UserInputError("不能保存")

    done, _value = run_op(page, context, refuse, touches=Changed.VISITS)
    assert not done and seen == ["不能保存"]


def test_long_work_runs_on_a_worker_and_its_result_comes_back_on_the_gui_thread(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    heard = _heard(context)
    threads, results = [], []

    def job(progress, cancelled):
        threads.append(threading.get_ident())
        progress(1, 2)
        return 42

    def finished(result):
        results.append((result, threading.get_ident()))

    task = run_task(page, context, job, touches=Changed.SUBSIDIES, finished=finished)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [(42, threading.get_ident())]
    assert threads[0] != threading.get_ident()
    assert heard == [Changed.SUBSIDIES] and not task.running and not context.tasks.busy()


def test_the_cancel_button_of_the_progress_dialog_stops_the_job(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    started, outcome = threading.Event(), []

    def job(progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    run_task(
        page, context, job, busy="正在计算…", cancellable=True, finished=outcome.append,
    )  # fmt: skip
    assert started.wait(10)
    dialog = page.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.isVisible())
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome == ["stopped"], timeout=10_000)


def test_a_failure_is_said_in_the_users_language(qtbot, context, answer_message_box):  # noqa: F811
    page = QWidget()
    qtbot.addWidget(page)
    seen = answer_message_box()

    def job(progress, cancelled):
        raise UserInputError("文件打不开")

    run_task(page, context, job)
    qtbot.waitUntil(lambda: seen == ["文件打不开"], timeout=10_000)


def test_a_page_deleted_while_its_job_runs_hears_nothing_but_the_views_do(qtbot, context):
    page = QWidget()
    heard = _heard(context)
    go, called = threading.Event(), []

    def job(progress, cancelled):
        go.wait(10)
        return 1

    task = run_task(page, context, job, touches=Changed.MEALS, finished=called.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not isValid(page), timeout=5_000)
    go.set()
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert called == [] and heard == [Changed.MEALS]


def test_closing_the_main_window_cancels_its_jobs_and_waits_for_them(qtbot, make_window, context):
    window = make_window(context)
    assert context.tasks is window.tasks
    ran, ended = threading.Event(), []

    def job(progress, cancelled):
        ran.set()
        while not cancelled():
            threading.Event().wait(0.01)
        ended.append(threading.get_ident())
        return None

    task = context.tasks.start(job)
    assert ran.wait(10)
    window.close()
    assert ended and task.thread.isFinished() and not window.tasks.busy()


def test_what_the_core_declares_it_changed_reaches_the_views_without_the_page_naming_it(
    qtbot, context
):
    from carepoint.residents import ResidentInput, create_resident

    page = QWidget()
    qtbot.addWidget(page)
    heard = _heard(context)
    store = context.store
    person = ResidentInput(name="李桂兰", id_number=id_number(dt.date(1941, 3, 2), 12))
    done, resident = run_op(page, context, lambda: create_resident(store, person))
    assert done and resident.name == "李桂兰"
    assert heard == [Changed.RESIDENTS]


def test_a_declared_mutation_on_a_worker_is_heard_too(qtbot, context):
    @changes(Changed.LEDGERS | Changed.VISITS)
    def mutate():
        return "kept"

    page = QWidget()
    qtbot.addWidget(page)
    heard, results = _heard(context), []
    run_task(page, context, lambda _p, _c: mutate(), finished=results.append)
    qtbot.waitUntil(lambda: results == ["kept"], timeout=10_000)
    assert heard == [Changed.LEDGERS | Changed.VISITS]


def test_a_mutation_that_fails_announces_nothing(qtbot, context):
    @changes(Changed.MEALS)
    def refuse():
        raise UserInputError("不行")

    page = QWidget()
    qtbot.addWidget(page)
    line = QLabel(page)
    heard = _heard(context)
    done, _value = run_op(page, context, refuse, refused=line.setText)
    assert not done and heard == [] and line.text() == "不行"
