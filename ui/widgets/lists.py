"""Lists set up one way: read-only rows, chosen whole, no row numbers, fixed row heights (a view
asks no model for per-row size hints, which costs seconds over 100,000 rows), the last column
taking the spare width. `set_up_list` prepares a QTableView over a model; `read_only_table` and
`fill` serve the short lists kept in a QTableWidget."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

SINGLE = QAbstractItemView.SelectionMode.SingleSelection
EXTENDED = QAbstractItemView.SelectionMode.ExtendedSelection
NO_SELECTION = QAbstractItemView.SelectionMode.NoSelection
FIT = QHeaderView.ResizeMode.ResizeToContents
INTERACTIVE = QHeaderView.ResizeMode.Interactive


def set_up_list(
    view: QTableView,
    model: QAbstractItemModel | None = None,
    *,
    selection: QAbstractItemView.SelectionMode | None = SINGLE,
    alternating: bool = False,
    row_height: QWidget | None = None,
    widths: Sequence[int] = (),
    columns: QHeaderView.ResizeMode | None = None,
    stretch_last: bool = True,
) -> QTableView:
    """`row_height`: a widget whose font sets a fixed row height (its text and a margin);
    `widths`: the first columns' widths; `columns`: how the columns are sized; `stretch_last`:
    the last column takes the spare width (else the caller chooses which does)."""
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if selection is not None:
        view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if alternating:
        view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size hints
    if row_height is not None:
        rows.setDefaultSectionSize(row_height.fontMetrics().height() + 10)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if columns is not None:
        view.horizontalHeader().setSectionResizeMode(columns)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view


def read_only_table(
    headers: Sequence[str],
    object_name: str = "",
    parent: QWidget | None = None,
    *,
    columns: QHeaderView.ResizeMode = INTERACTIVE,
    selection: QAbstractItemView.SelectionMode = SINGLE,
) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    if object_name:
        table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    set_up_list(table, selection=selection, alternating=True, row_height=table, columns=columns)
    if selection == NO_SELECTION:
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def fill(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    brushes: Sequence[QBrush | None] | None = None,
    *,
    keys: Sequence[object] | None = None,
    fit: bool = True,
) -> None:
    """Put `rows` in `table`; `keys` (ids) are kept on each row's first cell, `brushes` colour
    whole rows."""
    table.setUpdatesEnabled(False)
    table.clearContents()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        brush = brushes[r] if brushes else None
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if brush is not None:
                item.setForeground(brush)
            if c == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    if fit:
        table.resizeColumnsToContents()
    table.setUpdatesEnabled(True)


def key_of_current(table: QTableWidget) -> object | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None
