"""A resident's categories with their start and end dates; additions and ends apply on Save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories
from carepoint.i18n import N_, _, format_date
from carepoint.residents import CategoryInput

from ui.register.editor_fields import error_label
from ui.widgets.date_edit import DateEdit

HEADERS = (N_("Category"), N_("From"), N_("Until"))


@dataclass
class CategoryEntry:
    membership_id: int | None  # None: added in this dialog, not saved yet
    code: str
    start: dt.date
    end: dt.date | None
    saved_end: dt.date | None = None
    note: str = ""  # "自花名册（2026-10-08）" for a category read from a roster

    @property
    def end_is_new(self) -> bool:
        return self.membership_id is not None and self.end != self.saved_end


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CategoriesPanel(QWidget):
    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[CategoryEntry] = []
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(text) for text in HEADERS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.code_combo = QComboBox(self)
        for code in categories.STORED_CODES:
            self.code_combo.addItem(categories.label(code), code)
        self.start_edit = self._date_edit(today)
        self.end_edit = self._date_edit(today)
        self.add_button = QPushButton(_("Add category"), self)
        self.end_button = QPushButton(_("End the selected category"), self)
        self.undo_button = QPushButton(_("Undo"), self)
        self.add_button.clicked.connect(self.add_chosen)
        self.end_button.clicked.connect(self.end_selected)
        self.undo_button.clicked.connect(self.undo_selected)
        self.error_label = error_label(self)
        controls = QGridLayout()
        controls.addWidget(self.code_combo, 0, 0)
        controls.addWidget(QLabel(_("from"), self), 0, 1)
        controls.addWidget(self.start_edit, 0, 2)
        controls.addWidget(self.add_button, 0, 3)
        controls.addWidget(QLabel(_("until"), self), 1, 1)
        controls.addWidget(self.end_edit, 1, 2)
        controls.addWidget(self.end_button, 1, 3)
        controls.addWidget(self.undo_button, 1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(controls)
        note = QLabel(_("Aged 80 and over follows from the birth date."), self)
        note.setEnabled(False)
        layout.addWidget(note)

    def _date_edit(self, day: dt.date) -> QDateEdit:
        edit = DateEdit(to_qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def load(self, memberships) -> None:
        self.entries = [
            CategoryEntry(m.id, m.code, m.start_date, m.end_date, m.end_date, m.note or "")
            for m in memberships
        ]
        self._show()

    def _show(self) -> None:
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            label = categories.label(entry.code)
            if entry.membership_id is None:
                label = _("{category} (new)").format(category=label)
            until = format_date(entry.end) if entry.end else ""
            if entry.end_is_new:
                until = _("{date} (new)").format(date=until) if entry.end else ""
            # 自花名册（2026-10-08）: a category read from a roster says so where its start is
            from_roster = entry.note and entry.start.isoformat() in entry.note
            since = entry.note if from_roster else format_date(entry.start)
            for column, text in enumerate((label, since, until)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def add_chosen(self) -> None:
        code = self.code_combo.currentData()
        start = self.start_edit.date().toPython()
        if any(e.code == code and e.end is None for e in self.entries):
            self.error_label.setText(
                _("Already in the category {label}").format(label=categories.label(code))
            )
            return
        self.error_label.clear()
        self.entries.append(CategoryEntry(None, code, start, None))
        self._show()
        self.table.selectRow(len(self.entries) - 1)
        self.changed.emit()

    def end_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.error_label.setText(_("Choose a category in the list first"))
            return
        self.error_label.clear()
        self.entries[row].end = self.end_edit.date().toPython()
        self._show()
        self.changed.emit()

    def undo_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        entry = self.entries[row]
        if entry.membership_id is None:
            del self.entries[row]
        else:
            entry.end = entry.saved_end
        self._show()
        self.changed.emit()

    def additions(self) -> list[CategoryInput]:
        return [
            CategoryInput(e.code, e.start, e.end) for e in self.entries if e.membership_id is None
        ]

    def ends(self) -> list[tuple[int, dt.date]]:
        return [(e.membership_id, e.end) for e in self.entries if e.end_is_new and e.end]

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)

    def set_read_only(self) -> None:
        for widget in (self.code_combo, self.start_edit, self.end_edit):
            widget.setEnabled(False)
        for button in (self.add_button, self.end_button, self.undo_button):
            button.hide()
