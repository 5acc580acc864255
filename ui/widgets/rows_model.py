"""A read-only table model over a plain list of display tuples, for lists of a few thousand rows
built by a core query (enrollments, month lines, a passbook). Filtering happens in the core."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], right_aligned: tuple[int, ...] = (), parent=None):
        super().__init__(parent)
        self._headers = headers
        self._right = frozenset(right_aligned)
        self._rows: list[tuple] = []
        self._keys: list[object] = []

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY or role == _TOOLTIP:
            return self._rows[index.row()][index.column()]
        if role == _ALIGNMENT and index.column() in self._right:
            return _RIGHT
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return self._headers[section]
        return None

    def set_rows(self, rows: list[tuple], keys: list[object] | None = None) -> None:
        """Replace every row; `keys` (an id per row) lets the view ask which record a row is."""
        self.beginResetModel()
        self._rows = rows
        self._keys = keys if keys is not None else list(range(len(rows)))
        self.endResetModel()

    def key(self, row: int) -> object | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: object) -> int | None:
        try:
            return self._keys.index(key)
        except ValueError:
            return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]
