"""A long list as ordered ids from SQL, its rows fetched a page at a time and kept in a small cache.

Filtering and ordering happen in the core (a new id query); no proxy model, which is unusable
over 300,000 rows (design.md, pitfalls). A subclass turns a page of ids into display tuples
(`load_rows`); `data()` reads them through `row_tuple`, which serves the last page without a
dictionary lookup (a view asks for every cell of a page in turn).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

PAGE_SIZE = 200
CACHED_PAGES = 12
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_HORIZONTAL = Qt.Orientation.Horizontal


class PagedIdModel(QAbstractTableModel):
    cached_pages = CACHED_PAGES

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self._headers = list(headers)
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._last_page_no, self._last_page = -1, []
        self.pages_fetched: list[int] = []  # every page load, for tests and benchmarks

    # Qt interface

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return self._headers[section]
        return None

    # ids and rows

    def load_rows(self, ids: list[int]) -> list[tuple]:
        """The display tuples of `ids`, in their order (a blank tuple for one no longer found)."""
        raise NotImplementedError

    def set_ids(self, ids: list[int]) -> None:
        """A new list (after a filter, sort or change): the rows are fetched again when shown."""
        self.beginResetModel()
        self._ids = ids
        self.forget_rows()
        self.endResetModel()

    def forget_rows(self) -> None:
        self._pages.clear()
        self._last_page_no, self._last_page = -1, []

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, key: int) -> int | None:
        try:
            return self._ids.index(key)
        except ValueError:
            return None

    def row_tuple(self, row: int) -> tuple:
        page_no = row // PAGE_SIZE
        page = self._last_page if page_no == self._last_page_no else self._page(page_no)
        return page[row - page_no * PAGE_SIZE]

    def replace_row(self, row: int, display: tuple) -> None:
        """One row shown anew (its page, when cached, keeps the fresh tuple)."""
        page = self._pages.get(row // PAGE_SIZE)
        if page is not None:
            page[row % PAGE_SIZE] = display
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self.forget_rows()
        self.endRemoveRows()

    def _page(self, page_no: int) -> list[tuple]:
        page = self._pages.get(page_no)
        if page is None:
            self.pages_fetched.append(page_no)
            page = self.load_rows(self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE])
            self._pages[page_no] = page
            if len(self._pages) > self.cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        self._last_page_no, self._last_page = page_no, page
        return page
