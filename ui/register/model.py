"""The register list: residents matching a filter in an SQL order, a page at a time
(ui.widgets.paged_model). `data()` reads module-level role constants and precomputed display
tuples: attribute lookups per call double the cost of a full pass.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from carepoint import categories, clock
from carepoint.db import Store
from carepoint.i18n import N_, _, current_locale
from carepoint.privacy import mask_id_number, mask_phone
from carepoint.residents import RegisterFilter, resident_ids, rows_by_ids, status_label
from carepoint.residents.fields import GENDER_LABELS

from ui.widgets.paged_model import PagedIdModel

COLUMNS = (
    ("name", N_("Name"), "pinyin"),
    ("gender", N_("Gender"), None),
    ("id_number", N_("ID number"), "id_number"),
    ("birth_date", N_("Birth date"), "birth_date"),
    ("age", N_("Age"), "age"),
    ("group", N_("Villager group"), "group"),
    ("status", N_("Status"), "status"),
    ("categories", N_("Categories"), None),
    ("phone", N_("Phone"), None),
)
COLUMN_KEYS = tuple(key for key, _label, _order in COLUMNS)
COLUMNS_SETTING = "register_columns"
_INACTIVE = len(COLUMNS)  # index of the "not active" flag after the display texts

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_HORIZONTAL = Qt.Orientation.Horizontal
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_AGE_COLUMN = COLUMN_KEYS.index("age")
_GREY = QBrush(QColor(128, 128, 128))


class RegisterModel(PagedIdModel):
    """Residents matching a filter, in an SQL order; rows are loaded only when shown."""

    def __init__(self, store: Store, masked: bool, today: dt.date | None = None, parent=None):
        super().__init__([_(label) for _key, label, _order in COLUMNS], parent)
        self._store = store
        self._masked = masked
        self._today = today or clock.today()
        self._filter = RegisterFilter()
        self._order, self._descending = "pinyin", False
        # i18n.format_date parses the locale on every call (0.45 ms); a page has 200 dates.
        self._locale = Locale.parse(current_locale())

    # Qt interface

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self.row_tuple(index.row())[index.column()]
        if role == _FOREGROUND:
            return _GREY if self.row_tuple(index.row())[_INACTIVE] else None
        if role == _ALIGNMENT and index.column() == _AGE_COLUMN:
            return _CENTRED
        return None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        key = COLUMNS[column][2]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._order, self._descending):
            return
        self._order, self._descending = key, descending
        self.refresh()

    # The register's own interface

    @property
    def sort_column(self) -> int:
        return next(i for i, column in enumerate(COLUMNS) if column[2] == self._order)

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    @property
    def filter(self) -> RegisterFilter:
        return self._filter

    def set_filter(self, filters: RegisterFilter) -> None:
        self._filter = filters
        self.refresh()

    def refresh(self) -> None:
        """Ask the core for the ids again (after a filter, sort or change) and forget the rows."""
        self.set_ids(
            resident_ids(self._store, self._filter, self._today, self._order, self._descending)
        )

    def resident_id(self, row: int) -> int | None:
        return self.id_at(row)

    def load_rows(self, ids: list[int]) -> list[tuple]:
        found = {row.id: row for row in rows_by_ids(self._store, ids, self._today)}
        blank = ("",) * len(COLUMNS) + (True,)
        return [self._display(found[i]) if i in found else blank for i in ids]

    def _display(self, row) -> tuple:
        masked = self._masked
        return (
            row.name,
            _(GENDER_LABELS.get(row.gender, row.gender)),
            mask_id_number(row.id_number) if masked else row.id_number,
            format_date(row.birth_date, "medium", locale=self._locale),
            str(row.age),
            row.group_name,
            status_label(row.status),
            "、".join(categories.label(code) for code in row.categories),
            mask_phone(row.phone) if masked and row.phone else row.phone,
            row.status != "active",
        )


def install_column_chooser(view: QTableView, store: Store) -> None:
    """A header context menu of checkable columns; the choice is kept in the data folder."""
    header = view.horizontalHeader()
    saved = store.setting(COLUMNS_SETTING)
    if saved:
        shown = set(saved.split(","))
        for index, key in enumerate(COLUMN_KEYS):
            view.setColumnHidden(index, key not in shown and key != "name")
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def remember() -> None:
        shown = [key for i, key in enumerate(COLUMN_KEYS) if not view.isColumnHidden(i)]
        store.set_setting(COLUMNS_SETTING, ",".join(shown))

    def toggle(index: int, visible: bool) -> None:
        view.setColumnHidden(index, not visible)
        remember()

    def show_menu(position: QPoint) -> None:
        column_menu(view, toggle).popup(header.mapToGlobal(position))

    header.customContextMenuRequested.connect(show_menu)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def column_menu(view: QTableView, toggle) -> QMenu:
    menu = QMenu(_("Columns"), view)
    model = view.model()
    for index, key in enumerate(COLUMN_KEYS):
        action = QAction(model.headerData(index, _HORIZONTAL), menu)
        action.setCheckable(True)
        action.setChecked(not view.isColumnHidden(index))
        action.setEnabled(key != "name")  # a list with no names is no list
        action.toggled.connect(lambda visible, i=index: toggle(i, visible))
        menu.addAction(action)
    return menu
