"""The due list: ordered ids from SQL, rows fetched a page at a time (as the register's model).

After a visit is recorded only that person's row is fetched again (or leaves the list when no
longer due in the view): recording stays quick with 300,000 residents, where asking SQL for
the whole view again takes a good part of a second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from carepoint import clock
from carepoint.db import Store
from carepoint.i18n import N_, _, format_date
from carepoint.privacy import mask_id_number, mask_phone
from carepoint.visits.due import DueFilter, DueRow, due_ids, due_rows, in_view
from carepoint.visits.labels import DUE_KIND_LABELS, tier_label
from carepoint.visits.schedule import tier_of

from ui.visits.common import OVERDUE_COLOUR, due_words
from ui.widgets.paged_model import PagedIdModel

COLUMNS = (
    N_("Name"),
    N_("ID number"),
    N_("Villager group"),
    N_("Tier"),
    N_("Last visit"),
    N_("Due"),
    N_("When"),
    N_("For"),
    N_("Phone"),
)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_TIER_COLUMN = 3
_WHEN_COLUMN = 6
_OVERDUE = len(COLUMNS)  # index of the "overdue" flag after the texts
_RED = QBrush(QColor(OVERDUE_COLOUR))


class DueModel(PagedIdModel):
    cached_pages = 8

    def __init__(self, store: Store, masked: bool, parent=None):
        super().__init__([_(title) for title in COLUMNS], parent)
        self.store = store
        self.masked = masked
        self.today = clock.today()
        self.filter = DueFilter()

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self.row_tuple(index.row())[index.column()]
        if role == _FOREGROUND and index.column() == _WHEN_COLUMN:
            return _RED if self.row_tuple(index.row())[_OVERDUE] else None
        if role == _TOOLTIP and index.column() == _TIER_COLUMN:
            # why this tier ("aged 80 and over and living alone → high risk, weekly")
            resident_id = self.resident_id(index.row())
            return (
                tier_of(self.store, resident_id, self.today).explanation() if resident_id else None
            )
        return None

    # The list's own interface

    def set_filter(self, filters: DueFilter) -> None:
        self.filter = filters
        self.refresh()

    def refresh(self) -> None:
        self.today = clock.today()
        self.set_ids(due_ids(self.store, self.filter, self.today))

    def resident_id(self, row: int) -> int | None:
        return self.id_at(row)

    def resident_ids(self) -> list[int]:
        return self.ids()

    def update_resident(self, resident_id: int) -> None:
        """Show one resident's new state: the row changes, or leaves a view it no longer fits."""
        row = self.row_of(resident_id)
        if row is None:
            if in_view(self.store, self.filter, resident_id, self.today):
                self.refresh()  # someone new belongs here; find their place in the order
            return
        if not in_view(self.store, self.filter, resident_id, self.today):
            self.remove_row(row)
            return
        (fresh,) = due_rows(self.store, [resident_id], self.today)
        self.replace_row(row, self._display(fresh))

    def load_rows(self, ids: list[int]) -> list[tuple]:
        found = {r.resident_id: r for r in due_rows(self.store, ids, self.today)}
        blank = ("",) * len(COLUMNS) + (False,)
        return [self._display(found[i]) if i in found else blank for i in ids]

    def _display(self, row: DueRow) -> tuple:
        masked = self.masked
        return (
            row.name,
            mask_id_number(row.id_number) if masked else row.id_number,
            row.group_name,
            tier_label(row.tier) if row.tier else "—",
            format_date(row.last_visit) if row.last_visit else _("never"),
            format_date(row.due_date),
            due_words(row.due_date, self.today),
            _(DUE_KIND_LABELS.get(row.due_kind, row.due_kind)) if row.due_kind else "",
            mask_phone(row.phone) if masked and row.phone else row.phone,
            row.overdue_days > 0,
        )
