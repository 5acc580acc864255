"""A morning of phone calls: one row per person due, the method and a short finding; Enter saves
the row and moves to the next, Up and Down move without saving. Saved rows turn grey."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _, format_date, ngettext
from carepoint.visits.due import DueRow, due_rows
from carepoint.visits.labels import METHOD_LABELS, METHODS, tier_label
from carepoint.visits.records import VisitInput, record_visit

from ui.context import AppContext
from ui.ops import run_op
from ui.visits.common import due_words, error_label
from ui.visits.visit_dialog import numbered_combo

MAX_ROWS = 200  # a morning's calls; the list is the page's current view, most overdue first
NAME, DUE, METHOD, FINDING, RESULT = range(5)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class BatchEntryDialog(QDialog):
    saved = Signal(int)  # each resident whose visit was saved

    def __init__(self, context: AppContext, resident_ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.today = clock.today()
        self.rows: list[DueRow] = due_rows(context.store, resident_ids[:MAX_ROWS], self.today)
        self.saved_rows: set[int] = set()
        self.setWindowTitle(_("Quick entry of phone calls"))
        hint = QLabel(
            _(
                "One row per person: pick the method (type its digit), write what you heard, "
                "press Enter to save and go to the next. Up and Down move without saving."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 5, self)
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Due"), _("Method"), _("What was found"), _("Saved")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FINDING, QHeaderView.ResizeMode.Stretch)
        self.methods: list[QComboBox] = []
        self.findings: list[QLineEdit] = []
        for index, row in enumerate(self.rows):
            self._fill_row(index, row)
        self.error_label = error_label(self)
        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self._count()
        self.resize(900, 560)
        if self.findings:
            self.findings[0].setFocus()

    def _fill_row(self, index: int, row: DueRow) -> None:
        shown = _("{name} ({tier})").format(name=row.name, tier=tier_label(row.tier))
        name = QTableWidgetItem(shown if row.tier else row.name)
        self.table.setItem(index, NAME, name)
        due = f"{format_date(row.due_date)} · {due_words(row.due_date, self.today)}"
        self.table.setItem(index, DUE, QTableWidgetItem(due))
        method = numbered_combo(self.table, METHODS, METHOD_LABELS)
        method.setCurrentIndex(METHODS.index("phone"))
        finding = QLineEdit(self.table)
        finding.setPlaceholderText(_("e.g. well, blood pressure normal"))
        for widget in (method, finding):
            widget.installEventFilter(self)
        self.table.setCellWidget(index, METHOD, method)
        self.table.setCellWidget(index, FINDING, finding)
        self.table.setItem(index, RESULT, QTableWidgetItem(""))
        self.methods.append(method)
        self.findings.append(finding)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and watched in (*self.findings, *self.methods):
            index = self._index_of(watched)
            if event.key() in _ENTER:
                self.save_row(index)
                return True
            if event.key() == Qt.Key.Key_Down and watched in self.findings:
                self.go_to(index + 1)
                return True
            if event.key() == Qt.Key.Key_Up and watched in self.findings:
                self.go_to(index - 1)
                return True
        return super().eventFilter(watched, event)

    def _index_of(self, widget: QObject) -> int:
        return (
            self.findings.index(widget) if widget in self.findings else self.methods.index(widget)
        )

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.findings[index].setFocus()
            self.table.scrollToItem(self.table.item(index, NAME))

    def save_row(self, index: int) -> None:
        if index in self.saved_rows:
            self.go_to(self._next_unsaved(index))
            return
        row = self.rows[index]
        finding = self.findings[index].text().strip()
        data = VisitInput(
            visit_date=self.today,
            visitor=self.context.session.username,
            method=self.methods[index].currentData(),
            notes=finding,
        )
        store, today = self.context.store, self.today
        done, _visit = run_op(
            self, self.context, lambda: record_visit(store, row.resident_id, data, today=today),
            success=lambda _visit: self._row_saved(index),
            refused=lambda message: self.error_label.setText(f"{row.name}: {message}"),
        )  # fmt: skip
        if done:
            self.go_to(self._next_unsaved(index))

    def _row_saved(self, index: int) -> None:
        self.error_label.clear()
        self.saved_rows.add(index)
        self.table.item(index, RESULT).setText(_("saved"))
        for widget in (self.methods[index], self.findings[index]):
            widget.setEnabled(False)
        self._count()
        self.saved.emit(self.rows[index].resident_id)

    def _next_unsaved(self, index: int) -> int:
        for candidate in range(index + 1, len(self.rows)):
            if candidate not in self.saved_rows:
                return candidate
        return index

    def _count(self) -> None:
        done = len(self.saved_rows)
        self.count_label.setText(
            ngettext(
                "{done} of {count} call saved", "{done} of {count} calls saved", len(self.rows)
            ).format(done=done, count=len(self.rows))
        )
