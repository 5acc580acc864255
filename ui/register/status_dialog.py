"""Recording a death, a move, a stay in an institution, lost contact or a return, with its date."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _, format_date
from carepoint.residents import STATUSES, resident_detail, set_status, status_label

from ui.context import AppContext
from ui.ops import run_op
from ui.register.editor_fields import error_label
from ui.widgets.date_edit import DateEdit
from ui.widgets.discard_guard import ConfirmDiscard


class StatusDialog(ConfirmDiscard, QDialog):
    def __init__(self, context: AppContext, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id = resident_id
        resident = resident_detail(resident_id).resident
        self.setWindowTitle(_("Change the status of {name}").format(name=resident.name))
        since = (
            _(" since {date}").format(date=format_date(resident.status_date))
            if resident.status_date
            else ""
        )
        current = QLabel(
            _("Now: {status}{since}").format(status=status_label(resident.status), since=since),
            self,
        )
        self.status_combo = QComboBox(self)
        for status in STATUSES:
            if status != resident.status:
                self.status_combo.addItem(self._choice_label(status, resident.status), status)
        today = clock.today()
        self.date_edit = DateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(
            _("e.g. where they moved, the institution, who reported it")
        )
        self.error_label = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.record_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setText(_("Record"))
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("New status"), self.status_combo)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Reason"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    @staticmethod
    def _choice_label(status: str, current: str) -> str:
        if status == "active" and current != "active":
            return _("registered again (returned, found, or a correction)")
        return status_label(status)

    def choose(self, status: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def record(self) -> None:
        """Write the status change; a refused one keeps the dialog open with the core's reason."""
        store, status = self.context.store, self.status_combo.currentData()
        day, reason = self.date_edit.date().toPython(), self.reason_edit.text()
        done, _resident = run_op(
            self, self.context, lambda: set_status(store, self.resident_id, status, day, reason),
            refused=self.error_label.setText,
        )  # fmt: skip
        if done:
            self.accept()
