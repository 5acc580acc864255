"""The time bank's small forms: a new volunteer, a service, a withdrawal, a correction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.residents import resident_detail
from carepoint.timebank import ledger
from carepoint.timebank.caps import hours_text, timebank_rules_on, to_minutes
from carepoint.timebank.passbook import describe
from carepoint.timebank.volunteers import Volunteer, VolunteerInput, add_volunteer

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import DateEdit
from ui.widgets.discard_guard import ConfirmDiscard
from ui.widgets.resident_picker import ResidentPicker


def date_edit(parent: QWidget, day: dt.date | None = None) -> QDateEdit:
    day = day or clock.today()
    edit = DateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def hours_box(parent: QWidget, minimum: float = 0.5) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(1)
    box.setRange(minimum, 24)
    box.setSingleStep(0.5)
    box.setValue(1)
    box.setSuffix(_(" hours"))
    return box


def minutes_of(box: QDoubleSpinBox) -> int:
    # Via a fixed-decimal string: hours are counted in whole minutes, never kept as a float.
    return to_minutes(f"{box.value():.1f}")


class _Form(ConfirmDiscard, QDialog):
    """A dialog with a form, an error line and Save / Cancel; subclasses implement `call`."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.result_value = None

    def save(self) -> None:
        ok, result = run_op(self, self.context, self.call)
        if ok:
            self.result_value = result
            self.accept()


class VolunteerDialog(_Form):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New volunteer"), parent)
        self.resident_id: int | None = None
        self.picker = ResidentPicker(
            self.context.store, _("From the register: name, pinyin or initials"), self
        )
        self.picker.chosen.connect(self._chosen)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("or the name of someone not in the register"))
        self.phone = QLineEdit(self)
        self.group = QLineEdit(self)
        self.joined = date_edit(self)
        self.note = QLineEdit(self)
        self.form.addRow(_("Resident"), self.picker)
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Phone"), self.phone)
        self.form.addRow(_("Group"), self.group)
        self.form.addRow(_("Joined on"), self.joined)
        self.form.addRow(_("Note"), self.note)
        self.name.textEdited.connect(lambda _text: setattr(self, "resident_id", None))

    def _chosen(self, resident_id: int) -> None:
        resident = resident_detail(resident_id).resident
        self.resident_id = resident_id
        self.name.setText(resident.name)
        self.phone.setText(resident.phone)
        self.group.setText(resident.group_name)
        self.picker.clear()

    def call(self) -> Volunteer:
        data = VolunteerInput(
            name=self.name.text(),
            resident_id=self.resident_id,
            phone=self.phone.text(),
            group_name=self.group.text(),
            joined_on=self.joined.date().toPython(),
            note=self.note.text(),
        )
        return add_volunteer(self.context.store, data)


class ServiceDialog(_Form):
    def __init__(self, context: AppContext, volunteer: Volunteer, parent: QWidget | None = None):
        super().__init__(
            context, _("Record a service by {name}").format(name=volunteer.name), parent
        )
        self.volunteer = volunteer
        self.recipient_id: int | None = None
        self.day = date_edit(self)
        self.hours = hours_box(self)
        self.kind = QComboBox(self)
        self.kind.setEditable(True)
        self.kind.addItems(timebank_rules_on(context.store, clock.today()).service_types)
        self.picker = ResidentPicker(
            self.context.store, _("Who received it: name, pinyin or initials"), self
        )
        self.picker.chosen.connect(self._chosen)
        self.recipient = QLabel(_("Nobody chosen"), self)
        self.description = QLineEdit(self)
        self.form.addRow(_("Date"), self.day)
        self.form.addRow(_("Hours"), self.hours)
        self.form.addRow(_("Service"), self.kind)
        self.form.addRow(_("Recipient"), self.picker)
        self.form.addRow("", self.recipient)
        self.form.addRow(_("What was done"), self.description)

    def _chosen(self, resident_id: int) -> None:
        self.recipient_id = resident_id
        self.recipient.setText(resident_detail(resident_id).resident.name)
        self.picker.clear()

    def call(self) -> ledger.Entry:
        return ledger.record_service(
            self.context.store,
            self.volunteer.id,
            self.day.date().toPython(),
            minutes_of(self.hours),
            self.kind.currentText(),
            recipient_resident_id=self.recipient_id,
            description=self.description.text(),
        )


class WithdrawDialog(_Form):
    def __init__(self, context: AppContext, volunteer: Volunteer, parent: QWidget | None = None):
        super().__init__(
            context, _("Withdraw hours for {name}").format(name=volunteer.name), parent
        )
        self.volunteer = volunteer
        self.day = date_edit(self)
        self.hours = hours_box(self)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(_("the service received for the hours"))
        self.form.addRow(_("Balance"), QLabel(_("{hours} hours").format(
            hours=hours_text(volunteer.balance_minutes))))  # fmt: skip
        self.form.addRow(_("Date"), self.day)
        self.form.addRow(_("Hours"), self.hours)
        self.form.addRow(_("Spent on"), self.description)

    def call(self) -> ledger.Entry:
        return ledger.withdraw(
            self.context.store,
            self.volunteer.id,
            self.day.date().toPython(),
            minutes_of(self.hours),
            self.description.text(),
        )


class CorrectionDialog(_Form):
    def __init__(self, context: AppContext, entry: ledger.Entry, parent: QWidget | None = None):
        super().__init__(context, _("Correct an entry"), parent)
        self.entry = entry
        now = ledger.current_minutes(context.store, entry)
        self.hours = hours_box(self, minimum=0)
        self.hours.setValue(now / 60)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(_("why the entry was wrong"))
        self.form.addRow(_("Entry"), QLabel(f"{entry.entry_date.isoformat()}  {describe(entry)}"))
        self.form.addRow(_("Recorded"), QLabel(_("{hours} hours").format(hours=hours_text(now))))
        self.form.addRow(_("Should be"), self.hours)
        self.form.addRow(_("Reason"), self.reason)

    def call(self) -> ledger.Entry:
        return ledger.correct(
            self.context.store, self.entry.id, minutes_of(self.hours), self.reason.text()
        )
