"""Changing the people selected in the register at once: their group, or a category added or
ended from a date. One audited step in the core; the dialog only gathers the choice."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories, clock
from carepoint.i18n import _
from carepoint.residents import groups
from carepoint.residents.bulk_edit import add_category_for, end_category_for, set_group_for

from ui.context import AppContext
from ui.ops import run_op
from ui.register.editor_fields import error_label


class BulkChangeDialog(QDialog):
    def __init__(self, context: AppContext, resident_ids: list[int],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.resident_ids = context, list(resident_ids)
        count = len(self.resident_ids)
        self.setWindowTitle(_("Change the selected people"))
        heading = QLabel(_("People selected: {count}").format(count=count), self)
        self.set_group = QRadioButton(_("Put them in the group"), self)
        self.add_category = QRadioButton(_("Add the category"), self)
        self.end_category = QRadioButton(_("End the category"), self)
        self.set_group.setChecked(True)
        self.group_combo = QComboBox(self)
        self.group_combo.setEditable(True)
        self.group_combo.addItems(groups(context.store))
        self.category_combo = QComboBox(self)
        for code in categories.STORED_CODES:
            self.category_combo.addItem(categories.label(code), code)
        today = clock.today()
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.error_label = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(_("Change them"))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.set_group, self.group_combo)
        form.addRow(self.add_category, QLabel(""))
        form.addRow(self.end_category, QLabel(""))
        form.addRow(_("Category"), self.category_combo)
        form.addRow(_("From / on"), self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.outcome = None

    def apply(self) -> None:
        store, ids, day = self.context.store, self.resident_ids, self.date_edit.date().toPython()
        group, code = self.group_combo.currentText(), self.category_combo.currentData()
        if self.set_group.isChecked():
            call = partial(set_group_for, store, ids, group)
        elif self.add_category.isChecked():
            call = partial(add_category_for, store, ids, code, day)
        else:
            call = partial(end_category_for, store, ids, code, day)
        done, outcome = run_op(
            self, self.context, call, refused=self.error_label.setText
        )
        if done:
            self.outcome = outcome
            self.accept()
