"""Give a resident an emergency-call device; enter a call by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLabel, QLineEdit, QWidget

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.ledgers import calls

from ui.context import AppContext
from ui.ledgers.common import FormDialog, ResidentFormDialog, date_box, from_qdate, to_qdate


class DeviceDialog(ResidentFormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New emergency-call device"), parent)
        self.number_edit = QLineEdit(self)
        self.installed_edit = date_box(self)
        self.provider_edit = QLineEdit(self)
        self.lay_out(
            (_("Device"), self.number_edit),
            (_("Installed"), self.installed_edit),
            (_("Provider"), self.provider_edit),
        )

    def first_field(self) -> QWidget:
        return self.number_edit

    def save_for(self, resident_id: int) -> None:
        installed = from_qdate(self.installed_edit.date())
        self.submit(
            lambda: calls.add_device(self.context.store, resident_id, self.number_edit.text(),
                                     installed, self.provider_edit.text()),
        )  # fmt: skip


class CallDialog(FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New call"), parent)
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
        self.lay_out(
            (_("Device"), self.device_box),
            (_("Time"), self.time_edit),
            (_("Kind"), self.kind_box),
            ("", self.unanswered_box),
            (_("Help given"), self.response_edit),
            (_("Follow-up"), self.follow_up_edit),
        )

    def _save(self) -> None:
        moment = self.time_edit.dateTime()
        day, time = moment.date(), moment.time()
        called_at = dt.datetime.combine(from_qdate(day), dt.time(time.hour(), time.minute()))
        data = calls.CallInput(
            called_at, self.device_box.currentData() or "", self.kind_box.currentData(),
            not self.unanswered_box.isChecked(), self.response_edit.text(),
            self.follow_up_edit.text(),
        )  # fmt: skip
        self.submit(lambda: calls.record_call(self.context.store, data),
                    touches=Changed.LEDGERS | Changed.VISITS)  # fmt: skip


class RemoveDeviceDialog(FormDialog):
    """A device was taken back (the person died, moved, or no longer wants it)."""

    def __init__(self, context: AppContext, device: calls.Device, parent: QWidget | None = None):
        super().__init__(context, _("Device taken back"), parent)
        self.device = device
        self.date_edit = date_box(self)
        self.lay_out(
            (_("Device"), QLabel(f"{device.device_number}  {device.name}", self)),
            (_("Taken back"), self.date_edit),
        )

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        self.submit(lambda: calls.remove_device(self.context.store, self.device.device_number, day))
