"""One visit record: date and time, visitor, method, the five findings areas, carers, problems,
needs, referral, a follow-up date. Made for the keyboard: Tab moves on, a digit picks an entry
in a list (1 home visit, 2 phone call …), Enter saves, Esc cancels."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _, format_date
from carepoint.residents import resident_detail
from carepoint.visits.labels import (
    AREA_LABELS,
    AREAS,
    CARER_DUTY,
    CARER_DUTY_LABELS,
    FINDING_LABELS,
    FINDING_STATUSES,
    METHOD_LABELS,
    METHODS,
    NEED_LABELS,
    NEEDS,
    TASK_LABELS,
)
from carepoint.visits.records import VisitInput, known_visitors, record_visit
from carepoint.visits.schedule import tier_of
from carepoint.visits.tasks import open_tasks

from ui.context import AppContext
from ui.ops import run_op
from ui.visits.common import date_edit, error_label
from ui.widgets.discard_guard import ConfirmDiscard


def numbered_combo(parent: QWidget, codes, labels: dict, first: int = 1) -> QComboBox:
    """A list whose entries start with a digit, so typing the digit picks the entry."""
    box = QComboBox(parent)
    for number, code in enumerate(codes, start=first):
        box.addItem(f"{number} {_(labels[code])}", code)
    return box


class VisitDialog(ConfirmDiscard, QDialog):
    saved = Signal(int)  # the resident's id

    def __init__(self, context: AppContext, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id = resident_id
        self.today = clock.today()
        resident = resident_detail(resident_id).resident
        self.setWindowTitle(_("Visit to {name}").format(name=resident.name))
        tier = tier_of(context.store, resident_id, self.today)
        heading = QLabel(f"<b>{resident.name}</b>　{tier.explanation()}", self)
        heading.setWordWrap(True)
        self.error_label = error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self._when_and_who())
        layout.addWidget(self._findings())
        layout.addLayout(self._outcome())
        self.closing = self._open_tasks()
        if self.closing:
            layout.addWidget(self._closing_box())
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._tab_order()
        self.method.setFocus()
        self.setMinimumWidth(760)

    def _tab_order(self) -> None:
        chain = [self.date_edit, self.time_edit, self.method, self.visitor]
        for area in AREAS:
            chain += [self.statuses[area], self.notes[area]]
        chain += [self.carers, self.problems, *self.needs.values(), self.referral]
        chain += [self.follow_up, self.follow_up_date, self.other_notes]
        chain += [box for box, _task in self.closing]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def _when_and_who(self) -> QGridLayout:
        self.date_edit = date_edit(self.today, self, maximum=self.today)
        now = clock.local_now()
        self.time_edit = QTimeEdit(QTime(now.hour, now.minute), self)
        self.time_edit.setDisplayFormat("HH:mm")
        self.visitor = QComboBox(self)
        self.visitor.setEditable(True)
        self.visitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter saves the visit
        self._kinds = dict(known_visitors(self.context.store))
        self.visitor.addItems(list(self._kinds))
        self.visitor.setCurrentText(self.context.session.username)
        self.visitor.setToolTip(_("A name that is no account here is recorded as a volunteer"))
        self.method = numbered_combo(self, METHODS, METHOD_LABELS)
        grid = QGridLayout()
        for column, (label, widget) in enumerate(
            (
                (_("Date"), self.date_edit),
                (_("Time"), self.time_edit),
                (_("Method"), self.method),
                (_("Visitor"), self.visitor),
            )
        ):
            grid.addWidget(QLabel(label, self), 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        grid.setColumnStretch(7, 1)
        return grid

    def _findings(self) -> QGroupBox:
        box = QGroupBox(_("Findings"), self)
        grid = QGridLayout(box)
        self.statuses: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        for row, area in enumerate(AREAS):
            self.statuses[area] = numbered_combo(box, FINDING_STATUSES, FINDING_LABELS, first=0)
            self.notes[area] = QLineEdit(box)
            self.notes[area].setPlaceholderText(_("what was seen or said"))
            grid.addWidget(QLabel(_(AREA_LABELS[area]), box), row, 0)
            grid.addWidget(self.statuses[area], row, 1)
            grid.addWidget(self.notes[area], row, 2)
        grid.setColumnStretch(2, 1)
        return box

    def _outcome(self) -> QFormLayout:
        self.carers = numbered_combo(self, CARER_DUTY, CARER_DUTY_LABELS, first=0)
        self.problems = QLineEdit(self)
        self.needs: dict[str, QCheckBox] = {
            code: QCheckBox(_(NEED_LABELS[code]), self) for code in NEEDS
        }
        needs_row = QHBoxLayout()
        for checkbox in self.needs.values():
            needs_row.addWidget(checkbox)
        needs_row.addStretch()
        self.referral = QLineEdit(self)
        self.referral.setPlaceholderText(_("e.g. village doctor, township health centre"))
        self.follow_up = QCheckBox(_("Follow up on"), self)
        self.follow_up_date = date_edit(self.today + dt.timedelta(days=7), self)
        self.follow_up_date.setEnabled(False)
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_date)
        follow_row.addStretch()
        self.other_notes = QLineEdit(self)
        form = QFormLayout()
        form.addRow(_("Carers fulfil their duty"), self.carers)
        form.addRow(_("Problems found"), self.problems)
        form.addRow(_("Needs"), needs_row)
        form.addRow(_("Referred to"), self.referral)
        form.addRow(_("Follow-up"), follow_row)
        form.addRow(_("Notes"), self.other_notes)
        return form

    def _open_tasks(self) -> list[tuple[QCheckBox, int]]:
        found = []
        for task in open_tasks(self.context.store, self.resident_id):
            text = _("{kind} due {date}: {reason}").format(
                kind=_(TASK_LABELS[task.kind]), date=format_date(task.due_date), reason=task.reason
            )
            checkbox = QCheckBox(text, self)
            checkbox.setChecked(True)
            found.append((checkbox, task.id))
        return found

    def _closing_box(self) -> QGroupBox:
        box = QGroupBox(_("This visit closes"), self)
        column = QVBoxLayout(box)
        for checkbox, _task in self.closing:
            column.addWidget(checkbox)
        return box

    # Saving

    def visit_input(self) -> VisitInput:
        visitor = self.visitor.currentText().strip()
        return VisitInput(
            visit_date=self.date_edit.date().toPython(),
            visitor=visitor,
            method=self.method.currentData(),
            visit_time=self.time_edit.time().toString("HH:mm"),
            visitor_kind="user" if self._kinds.get(visitor) == "user" else "volunteer",
            findings={a: (self.statuses[a].currentData(), self.notes[a].text()) for a in AREAS},
            carers_fulfil=self.carers.currentData(),
            problems=self.problems.text(),
            needs=tuple(code for code, box in self.needs.items() if box.isChecked()),
            referral=self.referral.text(),
            follow_up_date=self.follow_up_date.date().toPython()
            if self.follow_up.isChecked()
            else None,
            notes=self.other_notes.text(),
        )

    def save(self) -> None:
        """Write the visit; a refused one keeps the dialog open with the reason."""
        closes = [task for box, task in self.closing if box.isChecked()]
        store, data = self.context.store, self.visit_input()
        done, _visit = run_op(
            self, self.context, lambda: record_visit(store, self.resident_id, data, closes=closes),
            refused=self.error_label.setText,
            success=lambda _visit: self.saved.emit(self.resident_id),
        )  # fmt: skip
        if done:
            self.accept()
