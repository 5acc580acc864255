"""The month's lines: ordered ids from SQL, rows fetched a page at a time and kept in a small cache.

A county's month has 100,000 lines; like the register list, filtering and ordering happen in the
core and `data()` reads precomputed display tuples through module-level role constants.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from carepoint.db import Store
from carepoint.i18n import N_, _
from carepoint.privacy import mask_account, mask_id_number
from carepoint.subsidies.listing import line_ids, line_rows
from carepoint.subsidies.reasons import money
from carepoint.subsidies.rule_tables import type_label

PAGE_SIZE = 200
CACHED_PAGES = 12
COLUMNS = (
    N_("Name"),
    N_("ID number"),
    N_("Subsidy"),
    N_("Months"),
    N_("Amount"),
    N_("Bank account"),
    N_("Reason"),
)
AMOUNT_COLUMN = 4
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_REASON_COLUMN = len(COLUMNS) - 1


class LineModel(QAbstractTableModel):
    def __init__(self, store: Store, masked: bool, parent=None):
        super().__init__(parent)
        self._store = store
        self._masked = masked
        self._query: tuple[int | None, str | None, str | None] = (None, None, None)
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self.pages_fetched: list[int] = []
        self._headers = [_(title) for title in COLUMNS]

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY or (role == _TOOLTIP and index.column() == _REASON_COLUMN):
            row = index.row()
            page = self._page(row // PAGE_SIZE)
            return page[row % PAGE_SIZE][index.column()]
        if role == _ALIGNMENT:
            column = index.column()
            return _RIGHT if column == AMOUNT_COLUMN else _CENTRED if column == 3 else None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return self._headers[section]
        return None

    def show(self, month: int | None, subsidy_type: str | None = None, search: str | None = None):
        """List `month`'s lines (none when month is None), optionally of one type or person."""
        self._query = (month, subsidy_type, search)
        self.refresh()

    def refresh(self) -> None:
        month, subsidy_type, search = self._query
        ids = [] if month is None else line_ids(self._store, month, subsidy_type, search)
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    @property
    def query(self) -> tuple:
        return self._query

    def line_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _page(self, page_no: int) -> list[tuple]:
        page = self._pages.get(page_no)
        if page is None:
            self.pages_fetched.append(page_no)
            ids = self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
            page = [self._display(row) for row in line_rows(self._store, ids)]
            self._pages[page_no] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page

    def _display(self, row) -> tuple:
        masked = self._masked
        account = row.bank_account
        return (
            row.name,
            mask_id_number(row.id_number) if masked else row.id_number,
            type_label(row.subsidy_type),
            str(row.months),
            money(row.amount_fen),
            mask_account(account) if masked else account,
            row.reason,
        )
