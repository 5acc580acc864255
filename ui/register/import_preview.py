"""The import wizard's dry run: the rows as they will be stored (the cell as written on hover),
the problems in full, what a re-import would change, and the village's own category words."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem, QWidget

from carepoint import categories
from carepoint.category_words import IGNORED
from carepoint.i18n import _
from carepoint.roster_import import MAX_LISTED, ImportResult
from carepoint.spreadsheet.headers import FIELDS

PREVIEW_FIELDS = ("name", "id_number", "gender", "birth_date", "group", "categories", "status")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ERROR_BRUSH = QBrush(QColor(250, 210, 210))
WARNING_BRUSH = QBrush(QColor(255, 243, 205))


def problem_text(problem) -> str:
    where = " ".join(part for part in (problem.column, problem.header) if part)
    return f"{where}: {problem.message}" if where else problem.message


def place_text(problem, several_sheets: bool) -> str:
    if several_sheets and problem.sheet:
        return _("Sheet “{sheet}”, row {row}, {problem}").format(
            sheet=problem.sheet, row=problem.row, problem=problem_text(problem))
    return _("Row {row}, {problem}").format(row=problem.row, problem=problem_text(problem))


def listed(problems: list, several_sheets: bool) -> list[str]:
    """At most MAX_LISTED lines; the problems workbook holds every one."""
    lines = [place_text(p, several_sheets) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(_("… and {count} more: save the list of problems to see them all")
                     .format(count=len(problems) - MAX_LISTED))
    return lines


class PreviewModel(QAbstractTableModel):
    """Rows as they will be stored; rows with errors red with the reasons, warnings yellow."""

    def __init__(self, result: ImportResult, only_problems: bool, parent=None):
        super().__init__(parent)
        self.several = len(result.sheets) > 1
        rows = result.previews or []
        self.rows = [r for r in rows if not only_problems or r.bad]
        self.fields = list(PREVIEW_FIELDS)
        sheet = [_("Sheet")] if self.several else []
        self.headers = [*sheet, _("Row"), *(FIELDS[f][0] for f in self.fields), _("Problems")]
        self.offset = len(sheet)

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=_DISPLAY):
        row = self.rows[index.row()]
        column = index.column() - self.offset
        if role == _DISPLAY:
            if column < 0:
                return row.sheet
            if column == 0:
                return str(row.row)
            if column <= len(self.fields):
                return row.shown.get(self.fields[column - 1], "")
            return "；".join(row.problems)
        if role == _TOOLTIP:
            if 0 < column <= len(self.fields):
                raw = row.raw.get(self.fields[column - 1], "")
                return _("In the sheet: {value}").format(value=raw) if raw else None
            if column > len(self.fields):
                return "\n".join(row.problems) or None
            return None
        if role == _BACKGROUND:
            if row.bad:
                return ERROR_BRUSH
            return WARNING_BRUSH if row.problems else None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class WordMapping(QTableWidget):
    """Each category word the file uses that CarePoint does not know, and what it means here."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([_("Word in the file"), _("Means")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.combos: dict[str, QComboBox] = {}

    def show_words(self, words: list[str]) -> None:
        self.setRowCount(0)
        self.combos = {}
        for word in words:
            combo = QComboBox(self)
            combo.addItem(_("(choose)"), None)
            for code in categories.STORED_CODES:
                combo.addItem(categories.label(code), code)
            combo.addItem(_("(not a category: leave it out)"), IGNORED)
            row = self.rowCount()
            self.insertRow(row)
            self.setItem(row, 0, QTableWidgetItem(word))
            self.setCellWidget(row, 1, combo)
            self.combos[word] = combo
        self.setVisible(bool(words))

    def choose(self, word: str, code: str) -> None:
        combo = self.combos[word]
        combo.setCurrentIndex(combo.findData(code))

    def chosen(self) -> dict[str, str]:
        return {word: combo.currentData() for word, combo in self.combos.items()
                if combo.currentData() is not None}
