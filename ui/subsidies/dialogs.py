"""The month page's small dialogs: mark paid, enter an adjustment, record an amount recovered.

Each collects what the core call needs and runs it through run_op, which shows a refusal in the
user's language and leaves the dialog open to correct it.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.subsidies import months
from carepoint.subsidies.adjustments import add_adjustment
from carepoint.subsidies.money import parse_yuan, yuan_text
from carepoint.subsidies.names import type_titles
from carepoint.subsidies.recovery import settle
from carepoint.subsidies.rule_tables import TYPES
from carepoint.subsidies.workflow import mark_paid

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import DateEdit


def today_edit(parent: QWidget) -> QDateEdit:
    edit = DateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    today = clock.today()
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


def month_edit(parent: QWidget, month: int) -> QDateEdit:
    edit = DateEdit(parent)
    edit.setDisplayFormat("yyyy-MM")
    first = months.first_day(month)
    edit.setDate(QDate(first.year, first.month, 1))
    return edit


def month_of(edit: QDateEdit) -> int:
    return months.of_day(edit.date().toPython())


class _Form(QDialog):
    def __init__(self, context: AppContext, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(intro)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def run(self, call) -> None:
        done, _result = run_op(self, self.context, call, touches=Changed.SUBSIDIES)
        if done:
            self.accept()


class PayDialog(_Form):
    def __init__(self, context: AppContext, month: int, parent=None):
        super().__init__(
            context,
            _("Mark {month} paid").format(month=months.label(month)),
            _("Enter the day the bank paid the approved roster and the bank's batch number."),
            parent,
        )
        self.month = month
        self.paid_on = today_edit(self)
        self.batch = QLineEdit(self)
        self.form.addRow(_("Paid on"), self.paid_on)
        self.form.addRow(_("Batch number"), self.batch)

    def save(self) -> None:
        role = self.context.session.role
        self.run(
            lambda: mark_paid(
                self.context.store,
                self.month,
                self.paid_on.date().toPython(),
                self.batch.text(),
                role=role,
            )
        )


class AdjustmentDialog(_Form):
    def __init__(self, context: AppContext, month: int, parent=None):
        super().__init__(
            context,
            _("Adjustment in {month}").format(month=months.label(month)),
            _(
                "An approved month is never changed. A sum missed or paid wrongly is corrected "
                "here, in this month: a negative amount takes money back."
            ),
            parent,
        )
        self.month = month
        self.id_number = QLineEdit(self)
        self.subsidy_type = QComboBox(self)
        titles = type_titles(context.store, month)
        for code in TYPES:
            self.subsidy_type.addItem(titles[code], code)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(_("yuan, e.g. 100 or -30.50"))
        self.corrects = month_edit(self, month - 1)
        self.reason = QLineEdit(self)
        self.form.addRow(_("ID number"), self.id_number)
        self.form.addRow(_("Subsidy"), self.subsidy_type)
        self.form.addRow(_("Amount (yuan)"), self.amount)
        self.form.addRow(_("Corrects the month"), self.corrects)
        self.form.addRow(_("Reason"), self.reason)

    def save(self) -> None:
        from carepoint.residents import find_by_id_number

        store, role = self.context.store, self.context.session.role

        def add():
            resident = find_by_id_number(self.id_number.text())
            return add_adjustment(
                store,
                self.month,
                resident.id,
                self.subsidy_type.currentData(),
                parse_yuan(self.amount.text()),
                month_of(self.corrects),
                self.reason.text(),
                role=role,
            )

        self.run(add)


class SettleDialog(_Form):
    def __init__(self, context: AppContext, row, parent=None):
        super().__init__(
            context,
            _("Record an amount recovered"),
            _("{name} owes {amount} back: {reason}").format(
                name=row.name, amount=row.outstanding, reason=row.reason
            ),
            parent,
        )
        self.row = row
        self.amount = QLineEdit(yuan_text(row.outstanding_fen), self)
        self.settled_on = today_edit(self)
        self.note = QLineEdit(self)
        self.form.addRow(_("Amount (yuan)"), self.amount)
        self.form.addRow(_("Received on"), self.settled_on)
        self.form.addRow(_("Note"), self.note)

    def save(self) -> None:
        store, role = self.context.store, self.context.session.role
        self.run(
            lambda: settle(
                store,
                self.row.resident_id,
                parse_yuan(self.amount.text()),
                self.settled_on.date().toPython(),
                self.note.text(),
                role=role,
            )
        )
