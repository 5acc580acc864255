"""Corrections after approval: an approved month is never edited; a sum missed or paid wrongly
is an adjusting line in a later, open month, naming the month it corrects and why (audited)."""

from __future__ import annotations

from carepoint import audit, synced
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies import ledger, months
from carepoint.subsidies.entitlement import Line
from carepoint.subsidies.ledger import LOCKED, month_record
from carepoint.subsidies.rule_tables import TYPES
from carepoint.subsidies.workflow import require, store_totals


@uses_store
def add_adjustment(
    store: Store,
    month: int,
    resident_id: int,
    subsidy_type: str,
    amount_fen: int,
    corrects_month: int,
    reason: str,
    *,
    role: str | None = None,
) -> Line:
    """A correction of a locked month, entered as a line of `month` (which must be open)."""
    require(role, "adjust", store)
    record = month_record(store, month)
    if record is None:
        raise UserInputError(_("Compute the month before entering adjustments"))
    if record.state in LOCKED:
        raise UserInputError(
            _("{month} is locked; enter the correction in a later month").format(
                month=months.text(month)
            )
        )
    corrected = month_record(store, corrects_month)
    if corrects_month >= month or corrected is None or corrected.state not in LOCKED:
        raise UserInputError(
            _("An adjustment corrects an earlier, approved month; {month} is not one").format(
                month=months.text(corrects_month)
            )
        )
    if subsidy_type not in TYPES:
        raise UserInputError(_("Unknown subsidy type {value}").format(value=subsidy_type))
    if not amount_fen or abs(amount_fen) > 10_000_000:
        raise UserInputError(_("The adjustment must be a non-zero amount up to ¥100,000"))
    if not reason.strip():
        raise UserInputError(_("An adjustment needs a reason"))
    row = store.db.execute_sql(
        "SELECT id_number FROM resident WHERE id = ? AND deleted_at IS NULL", [resident_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such resident"))
    label = months.text(corrects_month)
    line = Line(
        resident_id,
        row[0],
        "adjustment",
        "adjustment",
        "",
        subsidy_type,
        "monthly",
        "",
        label,
        label,
        1,
        amount_fen,
        amount_fen,
        note=reason.strip(),
        corrects_month=label,
    )
    with store.db.writing():
        row = dict(zip(ledger.LINE_COLUMNS, ledger.as_row(line), strict=True))
        line_id, uuid = synced.insert(store, "subsidy_line", {"month": months.text(month), **row})
        line = line._replace(id=line_id)
        audit.record(
            store,
            "adjust",
            "subsidy_line",
            uuid,
            {
                "month": (None, months.text(month)),
                "resident_id": (None, resident_id),
                "subsidy_type": (None, subsidy_type),
                "amount_fen": (None, amount_fen),
                "corrects_month": (None, label),
                "note": (None, reason.strip()),
            },
        )
        state = "computed" if record.state == "reviewed" else record.state
        store_totals(store, month, record, "adjust", state)
    return line
