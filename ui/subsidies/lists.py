"""The month page's short lists: 新增, 停发, the checks before approval, the amounts to recover.

They hold hundreds of rows at most (a county's month of deaths), so plain read-only tables do.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget

from carepoint.i18n import _
from carepoint.privacy import mask_id_number
from carepoint.subsidies.reasons import money

from ui.widgets.lists import fill, read_only_table

BLOCKING = QBrush(QColor("#b42318"))


def change_table() -> QTableWidget:
    return read_only_table(
        [_("Name"), _("ID number"), _("Subsidy and bracket"), _("Why")], "changeTable"
    )


def fill_changes(table: QTableWidget, rows, masked: bool) -> None:
    fill(
        table,
        [
            [r.name, mask_id_number(r.id_number) if masked else r.id_number, r.what, r.reason]
            for r in rows
        ],
    )


def anomaly_table() -> QTableWidget:
    return read_only_table([_("Check"), _("Name"), _("ID number"), _("Problem")], "anomalyTable")


def fill_anomalies(table: QTableWidget, found, masked: bool) -> None:
    fill(
        table,
        [
            [
                a.label,
                a.name,
                mask_id_number(a.id_number) if masked and a.id_number else a.id_number,
                a.message,
            ]
            for a in found
        ],
        [BLOCKING if a.blocking else None for a in found],
    )


def recovery_table() -> QTableWidget:
    return read_only_table(
        [_("Name"), _("ID number"), _("Still owed"), _("Paid after"), _("Outstanding")],
        "recoveryTable",
    )


def fill_recoveries(table: QTableWidget, rows, masked: bool) -> None:
    fill(
        table,
        [
            [
                r.name,
                mask_id_number(r.id_number) if masked else r.id_number,
                money(r.outstanding_fen),
                r.reason,
                r.outstanding,
            ]
            for r in rows
        ],
    )


def unpaid_table() -> QTableWidget:
    return read_only_table(
        [_("Month"), _("Name"), _("ID number"), _("Amount"), _("Bank's reason"),
         _("Carried to")],
        "unpaidTable",
    )  # fmt: skip


def fill_unpaid(table: QTableWidget, rows, masked: bool) -> None:
    """未到账: payments the bank returned, with the month that pays them again."""
    fill(
        table,
        [
            [r.month, r.name, mask_id_number(r.id_number) if masked else r.id_number,
             money(r.amount_fen), r.reason, r.carried_to or _("next month computed")]
            for r in rows
        ],
    )  # fmt: skip


def selected_row(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else (table.currentRow() if table.currentRow() >= 0 else None)
