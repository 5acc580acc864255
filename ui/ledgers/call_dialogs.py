"""Give a resident an emergency-call device; enter a call by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.ledgers import calls

from ui.context import AppContext
from ui.ledgers.common import date_box, from_qdate, to_qdate
from ui.meals.resident_picker import ResidentPicker
from ui.ops import run_op


def _buttons(dialog: QDialog, save) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class DeviceDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id: int | None = None
        self.setWindowTitle(_("New emergency-call device"))
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.chosen_label = QLabel(_("No resident chosen yet"), self)
        self.number_edit = QLineEdit(self)
        self.installed_edit = date_box(self)
        self.provider_edit = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(_("Resident"), self.picker)
        form.addRow("", self.chosen_label)
        form.addRow(_("Device"), self.number_edit)
        form.addRow(_("Installed"), self.installed_edit)
        form.addRow(_("Provider"), self.provider_edit)
        form.addRow(_buttons(self, self._save))
        self.picker.chosen.connect(self._chosen)

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.chosen_label.setText(self.picker.matches.currentItem().text())
        self.number_edit.setFocus()

    def _save(self) -> None:
        if self.resident_id is None:
            self.chosen_label.setText(_("Choose the resident first"))
            return
        resident_id, installed = self.resident_id, from_qdate(self.installed_edit.date())
        ok, _device = run_op(
            self, self.context,
            lambda: calls.add_device(self.context.store, resident_id, self.number_edit.text(),
                                     installed, self.provider_edit.text()),
            touches={"ledgers"},
        )  # fmt: skip
        if ok:
            self.accept()


class CallDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("New call"))
        self.device_box = QComboBox(self)
        for device in calls.list_devices(context.store):
            self.device_box.addItem(f"{device.device_number}  {device.name}", device.device_number)
        self.time_edit = QDateTimeEdit(self)
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        now = clock.local_now()
        self.time_edit.setDateTime(QDateTime(to_qdate(now.date()), QTime(now.hour, now.minute)))
        self.kind_box = QComboBox(self)
        for kind in calls.KINDS:
            self.kind_box.addItem(calls.kind_label(kind), kind)
        self.unanswered_box = QCheckBox(_("Nobody answered"), self)
        self.response_edit = QLineEdit(self)
        self.follow_up_edit = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(_("Device"), self.device_box)
        form.addRow(_("Time"), self.time_edit)
        form.addRow(_("Kind"), self.kind_box)
        form.addRow("", self.unanswered_box)
        form.addRow(_("Help given"), self.response_edit)
        form.addRow(_("Follow-up"), self.follow_up_edit)
        form.addRow(_buttons(self, self._save))

    def _save(self) -> None:
        moment = self.time_edit.dateTime()
        day, time = moment.date(), moment.time()
        called_at = dt.datetime.combine(from_qdate(day), dt.time(time.hour(), time.minute()))
        data = calls.CallInput(
            called_at, self.device_box.currentData() or "", self.kind_box.currentData(),
            not self.unanswered_box.isChecked(), self.response_edit.text(),
            self.follow_up_edit.text(),
        )  # fmt: skip
        ok, _call = run_op(
            self, self.context, lambda: calls.record_call(self.context.store, data),
            touches={"ledgers", "visits"},
        )  # fmt: skip
        if ok:
            self.accept()


class RemoveDeviceDialog(QDialog):
    """A device was taken back (the person died, moved, or no longer wants it)."""

    def __init__(self, context: AppContext, device: calls.Device, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.device = device
        self.setWindowTitle(_("Device taken back"))
        self.date_edit = date_box(self)
        form = QFormLayout(self)
        form.addRow(_("Device"), QLabel(f"{device.device_number}  {device.name}", self))
        form.addRow(_("Taken back"), self.date_edit)
        form.addRow(_buttons(self, self._save))

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        ok, _device = run_op(
            self, self.context,
            lambda: calls.remove_device(self.context.store, self.device.device_number, day),
            touches={"ledgers"},
        )  # fmt: skip
        if ok:
            self.accept()
