"""The rows of the daily sign-in sheet: one per expected diner, walk-in or call-off.

Display texts are built once per row; a sign-in replaces that one row and tells the view only
that row changed, so a keypress never rebuilds the list (target: keypress to shown ≤ 50 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from carepoint.i18n import N_, _, format_fen
from carepoint.meals.labels import mode_label
from carepoint.meals.sheet import SheetRow

COLUMNS = (
    N_("Signed in"),
    N_("Name"),
    N_("Group"),
    N_("Age"),
    N_("Mode"),
    N_("Diet"),
    N_("Subsidy"),
    N_("Co-pay"),
    N_("Note"),
)
STATUS_COLUMN, NAME_COLUMN, DIET_COLUMN = 0, 1, 5
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_HORIZONTAL = Qt.Orientation.Horizontal
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SERVED = QBrush(QColor("#e3f4e1"))
_DIET = QBrush(QColor("#b3261e"))
_GREY = QBrush(QColor(128, 128, 128))


class SheetModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[SheetRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._headers = [_(title) for title in COLUMNS]

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == _BACKGROUND:
            return _SERVED if self._rows[index.row()].status == "served" else None
        if role == _FOREGROUND:
            status = self._rows[index.row()].status
            if status == "cancelled":
                return _GREY
            return _DIET if index.column() == DIET_COLUMN else None
        if role == _ALIGNMENT:
            column = index.column()
            if column in (STATUS_COLUMN, 3):
                return _CENTRED
            return _RIGHT if column in (6, 7) else None
        if role == _TOOLTIP and index.column() in (DIET_COLUMN, 8):
            return self._texts[index.row()][index.column()] or None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return self._headers[section]
        return None

    def set_rows(self, rows: list[SheetRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [self._display(row) for row in rows]
        self.endResetModel()

    def replace_row(self, row: int, value: SheetRow) -> None:
        self._rows[row] = value
        self._texts[row] = self._display(value)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def sheet_row(self, row: int) -> SheetRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, resident_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.resident_id == resident_id:
                return number
        return None

    @property
    def rows(self) -> list[SheetRow]:
        return list(self._rows)

    @staticmethod
    def _display(row: SheetRow) -> tuple[str, ...]:
        served = row.status == "served"
        status = "✓" if served else _("called off") if row.status == "cancelled" else ""
        if row.status == "cancelled":
            note = row.cancel_reason
        elif row.walk_in and served:
            note = _("walk-in")
        else:
            note = ""
        return (
            status,
            row.name,
            row.group_name,
            str(row.age),
            mode_label(row.mode),
            row.diet_note,
            format_fen(row.subsidy_fen) if served else "",
            format_fen(row.copay_fen) if served else "",
            note,
        )
