"""Running an operation from the UI, one way: the view says *what* to run and what it touches;
`run_op` runs a quick call on the GUI thread, `run_task` long work on the window's task manager.
Both show a refusal in the user's language and tell the views the typed set of areas that
changed: what the core's mutations declared (`carepoint.change_areas.changes`), what its result
says (an `Outcome`) and what the view names besides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from carepoint.change_areas import Changed, Outcome, recording, split
from carepoint.errors import CarePointError, NeedsConfirmation
from carepoint.i18n import _

from ui.context import AppContext
from ui.tasks import Task, Worker, start_worker

Areas = Changed | set[str] | frozenset[str]


def run_op(
    parent: QWidget,
    context: AppContext,
    call: Callable[[], Any],
    *,
    touches: Areas = Changed.NOTHING,
    confirm_retry: Callable[[], Any] | None = None,
    refused: Callable[[str], None] | None = None,
    success: Callable[[Any], None] | None = None,
) -> tuple[bool, Any]:
    """Run a quick mutation on the GUI thread. Returns (succeeded, result).

    A NeedsConfirmation (a likely duplicate) asks the user, then runs `confirm_retry` if given.
    A refusal goes to `refused(message)` (a form's own error line), else to a message box.
    `success(result)` runs before the views hear of the change (a view that shows its own
    write row by row knows the change is its own).
    """
    try:
        result, declared = recording(call)
    except NeedsConfirmation as question:
        if confirm_retry is None:
            if refused is not None:
                refused(question.message)
            else:
                QMessageBox.warning(parent, _("Please check"), question.message)
            return False, None
        answer = QMessageBox.question(parent, _("Please check"), question.message)
        if answer != QMessageBox.StandardButton.Yes:
            return False, None
        return run_op(
            parent, context, confirm_retry, touches=touches, refused=refused, success=success
        )
    except CarePointError as error:
        if refused is not None:
            refused(error.message)
        else:
            QMessageBox.warning(parent, _("Not saved"), error.message)
        return False, None
    value, said = split(result)
    if success is not None:
        success(value)
    context.changes.announce(Changed.of(touches) | said | declared)
    return True, value


def run_task(
    parent: QWidget,
    context: AppContext,
    call: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
    *,
    touches: Areas = Changed.NOTHING,
    finished: Callable[[Any], None] | None = None,
    failed: Callable[[str], None] | None = None,
    busy: str | None = None,
    cancellable: bool = False,
) -> Task:
    """Run `call(progress, cancelled)` on a worker thread of the window's task manager.

    `busy` shows a progress dialog with that text (with a Cancel button when `cancellable`;
    the job sees it through `cancelled()`). On success the views hear what changed, then
    `finished(result)` runs; a failure goes to `failed(message)`, or a box in the user's language.
    """
    dialog = None
    if busy is not None:
        dialog = QProgressDialog(busy, _("Cancel") if cancellable else "", 0, 0, parent)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

    def done(result: Any) -> None:
        value, said = split(result)
        context.changes.announce(Changed.of(touches) | said)
        # A page deleted while its job ran (another user signed in) hears nothing of it.
        if isValid(parent):
            if dialog is not None:
                dialog.reset()
            if finished is not None:
                finished(value)

    def refused(message: str) -> None:
        if not isValid(parent):
            return
        if dialog is not None:
            dialog.reset()
        if failed is not None:
            failed(message)
        else:
            QMessageBox.warning(parent, _("Not done"), message)

    def progressed(step: int, total: int) -> None:
        if dialog is not None and total > 0 and isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(min(step, total))

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Outcome:
        result, declared = recording(lambda: call(progress, cancelled))
        value, said = split(result)
        return Outcome(value, said | declared)

    task = context.tasks.start(job, finished=done, failed=refused, progress=progressed)
    # The views hear of a change even when the page that asked is gone; its callbacks do not.
    if dialog is not None:
        dialog.canceled.connect(task.cancel)
    return task


__all__ = ["Areas", "Worker", "run_op", "run_task", "start_worker"]
