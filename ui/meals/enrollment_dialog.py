"""One diner's enrollment: who, which meal, how it is served, on which days, from when to when,
diet notes and the set meal. New enrollments pick the person by name or initials."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.meals.enrollment import (
    Enrollment,
    EnrollmentInput,
    enroll,
    update_enrollment,
)
from carepoint.meals.labels import MEALS, MODES, WEEKDAY_LABELS, WORKDAYS, meal_label, mode_label
from carepoint.meals.pricing import meal_rules_on
from carepoint.residents import resident_detail

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import DateEdit
from ui.widgets.discard_guard import ConfirmDiscard
from ui.widgets.resident_picker import ResidentPicker


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class EnrollmentDialog(ConfirmDiscard, QDialog):
    def __init__(
        self,
        context: AppContext,
        enrollment: Enrollment | None = None,
        parent: QWidget | None = None,
        *,
        ending: bool = False,
    ):
        super().__init__(parent)
        self.context = context
        self.enrollment = enrollment
        self.resident_id = enrollment.resident_id if enrollment else None
        today = clock.today()
        self.setWindowTitle(_("Edit enrollment") if enrollment else _("New enrollment"))

        self.picker = ResidentPicker(self.context.store, parent=self)
        self.picker.chosen.connect(self._chosen)
        self.person = QLabel(enrollment.name if enrollment else _("Nobody chosen yet"))
        self.meal = QComboBox(self)
        for meal in MEALS:
            self.meal.addItem(meal_label(meal), meal)
        self.mode = QComboBox(self)
        for mode in MODES:
            self.mode.addItem(mode_label(mode), mode)
        self.days = [QCheckBox(_(label), self) for label in WEEKDAY_LABELS]
        day_row = QHBoxLayout()
        for box in self.days:
            day_row.addWidget(box)
        self.start = DateEdit(self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.has_end = QCheckBox(_("Ends on"), self)
        self.end = DateEdit(self)
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        end_row = QHBoxLayout()
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.end, 1)
        self.diet = QLineEdit(self)
        self.diet.setPlaceholderText(_("e.g. 软食, 低盐, 糖尿病"))
        self.set_meal = QComboBox(self)
        for item in meal_rules_on(context.store, today).sets:
            self.set_meal.addItem(item.name, item.key)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)

        form = QFormLayout()
        if enrollment is None:
            form.addRow(_("Resident"), self.picker)
        form.addRow(_("Diner"), self.person)
        form.addRow(_("Meal"), self.meal)
        form.addRow(_("Mode"), self.mode)
        form.addRow(_("Days"), day_row)
        form.addRow(_("From"), self.start)
        form.addRow("", end_row)
        form.addRow(_("Diet notes"), self.diet)
        form.addRow(_("Set meal"), self.set_meal)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._fill(enrollment, today, ending)
        self.has_end.toggled.connect(self.end.setEnabled)

    def _fill(self, enrollment: Enrollment | None, today: dt.date, ending: bool) -> None:
        weekdays = enrollment.weekdays if enrollment else WORKDAYS
        for number, box in enumerate(self.days, start=1):
            box.setChecked(str(number) in weekdays)
        self.start.setDate(_qdate(enrollment.start_date if enrollment else today))
        end = enrollment.end_date if enrollment else None
        self.has_end.setChecked(end is not None or ending)
        self.end.setDate(_qdate(end or today))
        self.end.setEnabled(self.has_end.isChecked())
        if enrollment:
            self.meal.setCurrentIndex(self.meal.findData(enrollment.meal))
            self.meal.setEnabled(False)
            self.mode.setCurrentIndex(self.mode.findData(enrollment.mode))
            self.diet.setText(enrollment.diet_note)
            index = self.set_meal.findData(enrollment.set_key)
            self.set_meal.setCurrentIndex(max(index, 0))

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.person.setText(resident_detail(resident_id).resident.name)
        self.picker.clear()
        self.meal.setFocus()

    def values(self) -> dict:
        weekdays = "".join(str(n) for n, box in enumerate(self.days, start=1) if box.isChecked())
        return {
            "mode": self.mode.currentData(),
            "weekdays": weekdays,
            "start_date": self.start.date().toPython(),
            "end_date": self.end.date().toPython() if self.has_end.isChecked() else None,
            "diet_note": self.diet.text(),
            "set_key": self.set_meal.currentData() or "",
        }

    def save(self) -> None:
        store, values = self.context.store, self.values()
        if self.enrollment is None:
            if self.resident_id is None:
                self.error.setText(_("Choose the diner first"))
                return
            data = EnrollmentInput(self.resident_id, self.meal.currentData(), **values)

            def call():
                return enroll(store, data)
        else:
            enrollment_id = self.enrollment.id

            def call():
                return update_enrollment(store, enrollment_id, **values)

        ok, _result = run_op(self, self.context, call)
        if ok:
            self.accept()
