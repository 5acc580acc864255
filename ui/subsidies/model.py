"""The month's lines, a page at a time (ui.widgets.paged_model): a county's month has 100,000
lines; like the register list, filtering and ordering happen in the core and `data()` reads
precomputed display tuples through module-level role constants.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from carepoint.db import Store
from carepoint.i18n import N_, _
from carepoint.privacy import mask_account, mask_id_number
from carepoint.subsidies.listing import line_ids, line_rows
from carepoint.subsidies.names import item_title
from carepoint.subsidies.reasons import money

from ui.widgets.paged_model import PagedIdModel

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
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_REASON_COLUMN = len(COLUMNS) - 1


class LineModel(PagedIdModel):
    def __init__(self, store: Store, masked: bool, parent=None):
        super().__init__([_(title) for title in COLUMNS], parent)
        self._store = store
        self._masked = masked
        self._query: tuple[int | None, str | None, str | None] = (None, None, None)

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY or (role == _TOOLTIP and index.column() == _REASON_COLUMN):
            return self.row_tuple(index.row())[index.column()]
        if role == _ALIGNMENT:
            column = index.column()
            return _RIGHT if column == AMOUNT_COLUMN else _CENTRED if column == 3 else None
        return None

    def show(self, month: int | None, subsidy_type: str | None = None, search: str | None = None):
        """List `month`'s lines (none when month is None), optionally of one type or person."""
        self._query = (month, subsidy_type, search)
        self.refresh()

    def refresh(self) -> None:
        month, subsidy_type, search = self._query
        self.set_ids([] if month is None else line_ids(self._store, month, subsidy_type, search))

    @property
    def query(self) -> tuple:
        return self._query

    def line_id(self, row: int) -> int | None:
        return self.id_at(row)

    def load_rows(self, ids: list[int]) -> list[tuple]:
        return [self._display(row) for row in line_rows(self._store, ids)]

    def _display(self, row) -> tuple:
        masked = self._masked
        account = row.bank_account
        return (
            row.name,
            mask_id_number(row.id_number) if masked else row.id_number,
            item_title(row.item_name, row.subsidy_type),
            str(row.months),
            money(row.amount_fen),
            mask_account(account) if masked else account,
            row.reason,
        )
