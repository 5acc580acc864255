"""Small pieces the visit widgets share: words for "overdue", date edits, read-only tables."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QTableWidget,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _, ngettext
from carepoint.visits import schedule

from ui.context import AppContext
from ui.widgets import lists
from ui.widgets.date_edit import DateEdit
from ui.widgets.date_edit import date_edit as typed_date_edit

ERROR_STYLE = "color: #c0392b;"
OVERDUE_COLOUR = "#c0392b"
# Areas of the app the visit widgets refresh on (ui.context.Changes).
WATCHED = Changed.VISITS | Changed.RESIDENTS | Changed.RULES | Changed.SETTINGS
# Computing more schedule rows than this (a first open after a big import, a new rule version at
# county scale: seconds) happens on a worker thread so the window never freezes.
BACKGROUND_ROWS = 5_000


def due_words(due: dt.date, today: dt.date) -> str:
    """'overdue 12 days', 'due today', 'in 3 days'."""
    days = (today - due).days
    if days > 0:
        return ngettext("overdue {n} day", "overdue {n} days", days).format(n=days)
    if days == 0:
        return _("due today")
    return ngettext("in {n} day", "in {n} days", -days).format(n=-days)


def date_edit(day: dt.date, parent: QWidget, *, maximum: dt.date | None = None) -> DateEdit:
    """Typed digits (20261201, 2026年12月1日) work as well as the calendar."""
    return typed_date_edit(day, parent, maximum=maximum)


def combo(parent: QWidget, choices: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox(parent)
    for label, value in choices:
        box.addItem(label, value)
    return box


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def read_only_table(headers: list[str], parent: QWidget) -> QTableWidget:
    return lists.read_only_table(headers, parent=parent, columns=lists.FIT)


def fill(table: QTableWidget, rows: list[list[str]], keys: list[object] | None = None) -> None:
    """Put `rows` in `table`; `keys` (ids) are kept on the first cell of each row."""
    lists.fill(table, rows, keys=keys, fit=False)


class ScheduleReady(QObject):
    """Runs callbacks once the visit schedule is up to date: at once when little is to be
    computed, otherwise after one worker thread has computed it (callers show `busy`).
    One per data folder, shared by the page and the home card, so they never build twice."""

    def __init__(self, context: AppContext):
        super().__init__()
        self.store = context.store
        self.tasks = context.tasks
        self.waiting: list = []
        self.task = None

    def building(self) -> bool:
        return self.task is not None and self.task.running

    def run(self, then, busy=None) -> bool:
        """True when `then` ran at once; False when it runs after the worker."""
        today = clock.today()
        if not self.building() and schedule.pending(self.store, today) <= BACKGROUND_ROWS:
            then()
            return True
        if busy:
            busy()
        self.waiting.append(then)
        if not self.building():
            store = self.store
            self.task = self.tasks.start(
                lambda _progress, _cancelled: schedule.refresh(store, today),
                finished=self._done,
                failed=self._done,
            )
        return False

    def _done(self, _result) -> None:
        waiting, self.waiting = self.waiting, []
        for then in waiting:
            then()


_READY: dict[int, ScheduleReady] = {}


def schedule_ready(context: AppContext) -> ScheduleReady:
    store = context.store
    ready = _READY.get(id(store))
    if ready is None or ready.store is not store or ready.tasks is not context.tasks:
        ready = _READY[id(store)] = ScheduleReady(context)
    return ready
