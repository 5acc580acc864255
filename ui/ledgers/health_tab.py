"""健康检查: choose a person, enter what the village doctor measured, see their readings and the
trend. A reading out of range says that a follow-up visit is now due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.ledgers import health

from ui.context import AppContext
from ui.ledgers.common import date_box, fill, from_qdate, table
from ui.ledgers.health_chart import TrendChart
from ui.ops import run_op
from ui.widgets.resident_picker import ResidentPicker


def _pressure(text: str) -> tuple[int | None, int | None]:
    text = text.strip().replace("／", "/")
    if not text:
        return None, None
    parts = [p.strip() for p in text.split("/")]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise UserInputError(_("Write blood pressure as two numbers, e.g. 135/85"))
    return int(parts[0]), int(parts[1])


class HealthTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id: int | None = None
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.person_label = QLabel(_("Choose a person"), self)
        self.date_edit = date_box(self)
        self.by_edit = QLineEdit(self)
        self.by_edit.setPlaceholderText(_("the village doctor"))
        self.bp_edit = QLineEdit(self)
        self.bp_edit.setPlaceholderText("135/85")
        self.glucose_edit = QLineEdit(self)
        self.glucose_edit.setPlaceholderText("6.1")
        self.fasting_box = QCheckBox(_("fasting"), self)
        self.fasting_box.setChecked(True)
        self.weight_edit = QLineEdit(self)
        self.weight_edit.setPlaceholderText("52.5")
        self.note_edit = QLineEdit(self)
        self.save_button = QPushButton(_("Save reading"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.view = table(self, [_("Date"), _("Blood pressure"), _("Blood sugar"), _("Weight"),
                                 _("Measured by"), _("Out of range")])  # fmt: skip
        self.chart = TrendChart(self)

        sugar = QHBoxLayout()
        sugar.addWidget(self.glucose_edit)
        sugar.addWidget(self.fasting_box)
        form = QFormLayout()
        form.addRow(_("Resident"), self.picker)
        form.addRow("", self.person_label)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Measured by"), self.by_edit)
        form.addRow(_("Blood pressure (mmHg)"), self.bp_edit)
        form.addRow(_("Blood sugar (mmol/L)"), sugar)
        form.addRow(_("Weight (kg)"), self.weight_edit)
        form.addRow(_("Notes"), self.note_edit)
        form.addRow(self.save_button)
        form.addRow(self.message)
        right = QVBoxLayout()
        right.addWidget(self.view, 1)
        right.addWidget(self.chart, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(form, 2)
        layout.addLayout(right, 3)
        self.picker.chosen.connect(self.choose)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)

    def choose(self, resident_id: int) -> None:
        self.resident_id = resident_id
        item = self.picker.matches.currentItem()
        self.person_label.setText(item.text() if item else "")
        self.save_button.setEnabled(self.context.session.can_edit)
        self.refresh()
        self.bp_edit.setFocus()

    def refresh(self) -> None:
        if self.resident_id is None:
            return
        readings = health.readings_of(self.context.store, self.resident_id)
        rows = [[format_date(r.measured_on), r.blood_pressure, r.glucose, r.weight, r.measured_by,
                 health.flags_text(r)] for r in readings]  # fmt: skip
        fill(self.view, rows, [r.id for r in readings])
        self.chart.show_readings(readings)

    def _input(self) -> health.ReadingInput:
        systolic, diastolic = _pressure(self.bp_edit.text())
        return health.ReadingInput(
            from_qdate(self.date_edit.date()), self.by_edit.text(), systolic, diastolic,
            health.tenths(self.glucose_edit.text(), _("Blood sugar")),
            self.fasting_box.isChecked(), health.tenths(self.weight_edit.text(), _("Weight")),
            self.note_edit.text(),
        )  # fmt: skip

    def save(self) -> None:
        if self.resident_id is None:
            return
        resident_id = self.resident_id
        ok, reading = run_op(
            self, self.context,
            lambda: health.record_reading(self.context.store, resident_id, self._input()),
            touches=Changed.LEDGERS | Changed.VISITS,
        )  # fmt: skip
        if not ok:
            return
        text = _("Saved.")
        if reading.flags:
            due = reading.measured_on + dt.timedelta(days=1)
            text = _("Saved. {findings}: a follow-up visit is due on {date}.").format(
                findings=health.flags_text(reading), date=format_date(due)
            )
        self.message.setText(text)
        for edit in (self.bp_edit, self.glucose_edit, self.weight_edit, self.note_edit):
            edit.clear()
        self.refresh()
