"""补贴发放: one month's subsidies — its lines, totals by type, 新增/停发, the checks before
approval, the amounts to recover, and the workflow buttons the signed-in role may use.

Computing and checking run on a worker thread (a county's month takes seconds); the lines list
is the lazy model, so 100,000 lines open as quickly as 300.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies import ledger, meal_link, months
from carepoint.subsidies.names import type_titles
from carepoint.subsidies.reasons import money
from carepoint.subsidies.rule_tables import TYPES
from carepoint.subsidies.workflow import approve_month, may, review_month, state_label

from ui.context import AppContext
from ui.ops import run_op, run_task
from ui.subsidies.bank_actions import BankActions
from ui.subsidies.tabs import MonthTabs
from ui.tasks import Task
from ui.widgets.date_edit import DateEdit
from ui.widgets.empty_state import EmptyState

_SCOPE = Qt.ShortcutContext.WidgetWithChildrenShortcut


class SubsidiesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.role = context.session.role
        self.masked = not context.session.can_see_sensitive
        self.meal_subsidies = meal_link.meal_subsidies  # tests give their own
        self.month = months.of_day(clock.today())
        self.record: ledger.MonthRecord | None = None
        self._tasks: list[Task] = []  # on the window's task manager; closing waits for them
        self._generation = 0
        self.busy = 0
        self._build()
        self._connect()
        self.set_month(self.month)
        context.changes.follow(
            self,
            Changed.SUBSIDIES | Changed.RESIDENTS | Changed.MEALS | Changed.RULES,
            self._on_changed,
        )

    def _build(self) -> None:
        title = QLabel(_("Subsidies"))
        title.setObjectName("pageTitle")
        self.month_edit = DateEdit(self)  # typed months (202612, 2026-12) too
        self.month_edit.setDisplayFormat("yyyy-MM")
        first = months.first_day(self.month)
        self.month_edit.setDate(QDate(first.year, first.month, 1))
        self.state_label = QLabel(self)
        self.compute_button = self._button(_("Compute"), "Ctrl+R")
        self.review_button = self._button(_("Mark reviewed"), "Ctrl+Shift+R")
        self.approve_button = self._button(_("Approve"), "Ctrl+Shift+A")
        self.pay_button = self._button(_("Mark paid…"), "Ctrl+Shift+P")
        self.adjust_button = self._button(_("Adjustment…"), "Ctrl+Shift+J")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Month")))
        top.addWidget(self.month_edit)
        top.addWidget(self.state_label, 1)
        for button in self.workflow_buttons():
            top.addWidget(button)
        self.role_hint = QLabel(
            _(
                "Clerks compute and review; administrators approve and mark paid; viewers only "
                "look. An approved month is locked: a correction goes into a later month as an "
                "adjustment. You are signed in as {role}."
            ).format(role=self.context.session.role_label)
        )
        self.role_hint.setWordWrap(True)
        self.totals_label = QLabel(self)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bank = BankActions(self.context, self)
        self.tabs = MonthTabs(self.context.store, self.masked, may(self.role, "settle"), self)
        self.empty_state = EmptyState(
            self.tabs.table,
            _("This month is not computed yet"),
            _("Compute works out each person's subsidy for the month from the register and the "
              "rules, with the reason for each line; then a second person reviews the list and "
              "an administrator approves it."),
            [(_("Compute"), self.compute)] if may(self.role, "compute") else [],
            when=lambda: self.record is None or self.record.state == "open",
            filtered_words=_("No line matches the search and filter."),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.role_hint)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.bank)
        layout.addWidget(self.tabs, 1)

    def _button(self, text: str, keys: str) -> QPushButton:
        button = QPushButton(text, self)
        sequence = QKeySequence(keys)
        button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        QShortcut(sequence, self, context=_SCOPE).activated.connect(
            lambda: button.click() if button.isVisible() else None
        )
        return button

    def workflow_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.compute_button,
            self.review_button,
            self.approve_button,
            self.pay_button,
            self.adjust_button,
        )

    def _connect(self) -> None:
        self.month_edit.dateChanged.connect(
            lambda day: self.set_month(months.of_day(day.toPython()))
        )
        self.compute_button.clicked.connect(self.compute)
        self.review_button.clicked.connect(self.review)
        self.approve_button.clicked.connect(self.approve)
        self.pay_button.clicked.connect(lambda: self._open_dialog("PayDialog", self.month))
        self.adjust_button.clicked.connect(
            lambda: self._open_dialog("AdjustmentDialog", self.month)
        )
        self.tabs.settle_button.clicked.connect(self.settle_selected)
        QShortcut(QKeySequence("Ctrl+F"), self, context=_SCOPE).activated.connect(
            self.tabs.focus_search
        )

    # Showing a month

    @property
    def idle(self) -> bool:
        return self.busy == 0

    def set_month(self, month: int) -> None:
        self.month = month
        self.reload()

    def reload(self) -> None:
        """Show the stored month again and check it on a worker thread."""
        self.record = ledger.month_record(self.context.store, self.month)
        self._show_state()
        self.tabs.show_month(self.month)
        self._check()

    def _show_state(self) -> None:
        record, role = self.record, self.role
        state = record.state if record else "open"
        text = state_label(state)
        if record and record.state == "paid":
            text = _("{state} on {date}, batch {batch}").format(
                state=text, date=record.paid_on, batch=record.batch
            )
        self.state_label.setText(_("State: {state}").format(state=text))
        totals = record.totals if record else {}
        titles = type_titles(self.context.store, self.month) if self.month is not None else {}
        parts = [f"{titles.get(t, t)} {money(totals[t])}" for t in TYPES if totals.get(t)]
        parts.append(_("total {amount}").format(amount=money(sum(totals.values()))))
        self.totals_label.setText("　".join(parts))
        for button, step in zip(
            self.workflow_buttons(), ("compute", "review", "approve", "pay", "adjust"), strict=True
        ):
            button.setVisible(may(role, step))
        self.compute_button.setEnabled(not (record and record.locked) and self.idle)
        self.review_button.setEnabled(state == "computed")
        self.approve_button.setEnabled(state == "reviewed")
        self.pay_button.setEnabled(state == "approved")
        self.adjust_button.setEnabled(state in ("computed", "reviewed"))
        self.bank.show_month(self.month, state)

    # Work on a thread

    def _start(self, call, finished, **options) -> Task:
        """`call(cancelled)` on the window's task manager; the page is busy until it ends."""

        def done(result) -> None:
            finished(result)
            self._work_done()

        def failed(message: str) -> None:
            QMessageBox.warning(self, _("Not done"), message)
            self._work_done()

        self.busy += 1
        task = run_task(
            self, self.context, lambda _progress, cancelled: call(cancelled),
            finished=done, failed=failed, **options,
        )  # fmt: skip
        self._tasks = [known for known in self._tasks if known.running] + [task]
        self._show_state()
        return task

    def _work_done(self) -> None:
        self.busy -= 1
        self._show_state()

    def compute(self) -> None:
        if not may(self.role, "compute") or not self.idle:
            return
        from carepoint.subsidies.workflow import compute_month

        store, month, role, meals = self.context.store, self.month, self.role, self.meal_subsidies

        def call(cancelled):
            result = compute_month(
                store, month, role=role, meal_subsidies=meals, cancelled=cancelled
            )
            return result.lines_changed

        self.compute_task = self._start(
            call, lambda _changed: None, touches=Changed.SUBSIDIES,
            busy=_("Computing the subsidies…"), cancellable=True,
        )  # fmt: skip

    def _check(self) -> None:
        """新增/停发, the checks and the recoveries for the month shown, off the GUI thread."""
        from carepoint.subsidies.anomalies import find_anomalies
        from carepoint.subsidies.listing import change_rows, recovery_rows
        from carepoint.subsidies.payments import unpaid
        from carepoint.subsidies.recovery import recoveries

        self._generation += 1
        generation, store, month = self._generation, self.context.store, self.month
        meals = self.meal_subsidies

        def call(cancelled):
            try:
                found = find_anomalies(store, month, meals)
            except UserInputError as error:
                found = error.message
            changes = change_rows(store, ledger.stored_changes(store, month))
            return generation, changes, found, recovery_rows(recoveries(store)), unpaid(store)

        self._start(call, self._checked)

    def _checked(self, result) -> None:
        generation, changes, found, owed, not_received = result
        if generation == self._generation:  # else a later month was chosen meanwhile
            self.tabs.show_checks(changes, found, owed, not_received)

    # Workflow steps

    def review(self) -> None:
        store, month, role = self.context.store, self.month, self.role
        run_op(
            self,
            self.context,
            lambda: review_month(store, month, role=role),
            touches=Changed.SUBSIDIES,
        )

    def approve(self) -> None:
        store, month, role, meals = self.context.store, self.month, self.role, self.meal_subsidies
        run_op(
            self,
            self.context,
            lambda: approve_month(store, month, role=role, meal_subsidies=meals),
            touches=Changed.SUBSIDIES,
            confirm_retry=lambda: approve_month(
                store, month, role=role, meal_subsidies=meals, accept_warnings=True
            ),
        )

    def _open_dialog(self, name: str, *args) -> None:
        from ui.subsidies import dialogs

        self.dialog = getattr(dialogs, name)(self.context, *args, self)
        self.dialog.open()

    def settle_selected(self) -> None:
        row = self.tabs.selected_recovery()
        if row is not None:
            self._open_dialog("SettleDialog", row)

    def _on_changed(self, _changed: Changed) -> None:
        self.reload()

    def wait_for_threads(self) -> None:
        for task in self._tasks:
            task.wait()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.wait_for_threads()
        super().closeEvent(event)
