"""What the ledger tabs share: dates between Qt and Python, a date box, a read-only table."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QHeaderView, QTableWidget, QWidget

from carepoint import clock

from ui.widgets.date_edit import DateEdit


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_box(parent: QWidget, day: dt.date | None = None, month_only: bool = False) -> QDateEdit:
    """A date box that cannot go past the care point's today."""
    box = DateEdit(parent)
    box.setCalendarPopup(not month_only)
    box.setDisplayFormat("yyyy-MM" if month_only else "yyyy-MM-dd")
    today = clock.today()
    box.setMaximumDate(to_qdate(today))
    box.setDate(to_qdate(day or today))
    return box


def table(parent: QWidget, titles: list[str]) -> QTableWidget:
    """A read-only, whole-row table: the ledgers hold tens of rows a month, not thousands."""
    view = QTableWidget(0, len(titles), parent)
    view.setHorizontalHeaderLabels(titles)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fill(view: QTableWidget, rows: list[list[object]], keys: list[int]) -> None:
    """Replace the rows; each row's key (a record id) rides on its first cell."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidgetItem

    view.setRowCount(len(rows))
    for r, (cells, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(cells):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            view.setItem(r, c, item)


def current_key(view: QTableWidget) -> int | None:
    from PySide6.QtCore import Qt

    row = view.currentRow()
    item = view.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def choose_photo_files(parent: QWidget) -> list:
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from carepoint.i18n import _

    names, _filter = QFileDialog.getOpenFileNames(
        parent, _("Photos"), "", _("Photos (*.jpg *.jpeg *.png *.heic *.webp *.bmp *.gif)")
    )
    return [Path(name) for name in names]
