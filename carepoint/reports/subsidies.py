"""补贴发放花名册: the month's payment lines grouped by subsidy type, each recipient with a box to
sign or press a thumbprint, a subtotal per type and the grand total, each also in 大写.

`write_subsidy_roster` takes lines already fetched, so the township can print many villages'
lines in one roster (a village column appears when lines carry a village).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import N_, _, format_month
from carepoint.privacy import mask_account, mask_id_number
from carepoint.reports.common import (
    form_header,
    in_words,
    money,
    require_data,
    several_villages,
    village_column,
)
from carepoint.reports.fitting import LANDSCAPE_MM, fit_columns
from carepoint.reports.template import Column, FormHeader, FormWriter
from carepoint.subsidies import months
from carepoint.subsidies.ledger import month_record
from carepoint.subsidies.names import group_title, item_title
from carepoint.subsidies.rule_tables import TYPES, bracket_label

# across each page of a subsidy or meal form whose month is not approved (locked) yet
DRAFT = N_("DRAFT (not approved)")


@dataclass(frozen=True, slots=True)
class DisbursementLine:
    name: str
    id_number: str
    subsidy_type: str  # a code of rule_tables.TYPES
    standard_fen: int  # per month
    months: int
    amount_fen: int
    bank_account: str
    note: str = ""
    village: str = ""
    item_name: str = ""  # the rules' name of the item (尊老金); the type's label when empty

    @property
    def title(self) -> str:
        return item_title(self.item_name, self.subsidy_type)


def subtotal_title(lines: Sequence[DisbursementLine], code: str) -> str:
    return group_title((line.item_name for line in lines), code)


def columns(with_village: bool) -> list[Column]:
    return [
        Column(_("No."), 8, "center"),
        *([village_column()] if with_village else []),
        Column(_("Name"), 16),
        Column(_("ID number"), 37),
        Column(_("Subsidy"), 28),
        Column(_("Standard (yuan/month)"), 20, "right"),
        Column(_("Months"), 10, "center"),
        Column(_("Amount"), 20, "right"),
        Column(_("Bank account"), 38),
        Column(_("Recipient's signature / thumbprint"), 34),
        Column(_("Notes"), 28),
    ]


def fitted_columns(
    with_village: bool, cells: Sequence[Sequence[object]], total_fen: int
) -> list[Column]:
    """The columns fitted to the lines and the total; the signature column keeps room for a
    thumbprint."""
    found = columns(with_village)
    total = [*[None] * (len(found) - 4), money(total_fen), None, None, None]
    return fit_columns(found, [*cells, total], LANDSCAPE_MM, keep=(len(found) - 2,))


def _type_order(code: str) -> int:
    return TYPES.index(code) if code in TYPES else len(TYPES)


def _total(label: str, fen: int, with_village: bool) -> list[object]:
    """The label across the columns up to the amount; the amount in words across the rest."""
    return [label, *[None] * (6 if with_village else 5), money(fen), in_words(fen), None, None]


def line_cells(
    lines: Sequence[DisbursementLine], start: int, public: bool, with_village: bool
) -> list[list[object]]:
    """The roster's rows for `lines`, numbered on from `start`."""
    show_id = mask_id_number if public else str
    show_account = mask_account if public else str
    return [
        [
            start + index, *([line.village] if with_village else []), line.name,
            show_id(line.id_number), line.title, money(line.standard_fen),
            line.months, money(line.amount_fen), show_account(line.bank_account), "", line.note,
        ]
        for index, line in enumerate(lines, 1)
    ]  # fmt: skip


def write_subsidy_roster(
    lines: Sequence[DisbursementLine],
    header: FormHeader,
    out: Path,
    *,
    public: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Lines in the order given within each type; types in the usual order."""
    with_village = several_villages(lines)
    groups: dict[str, list[DisbursementLine]] = {}
    for line in lines:
        groups.setdefault(line.subsidy_type, []).append(line)
    number, blocks = 0, []
    for code in sorted(groups, key=_type_order):
        blocks.append((code, number, line_cells(groups[code], number, public, with_village)))
        number += len(groups[code])
    every = [row for _c, _n, cells in blocks for row in cells]
    fitted = fitted_columns(with_village, every, sum(line.amount_fen for line in lines))
    with FormWriter(out, header, fitted, wide=True) as writer:
        for code, number, cells in blocks:
            writer.rows(
                cells,
                (lambda d, _t, n=number: progress(n + d, len(lines))) if progress else None,
                cancelled,
                min_lines=2,
            )
            subtotal = sum(line.amount_fen for line in groups[code])
            label = _("Subtotal, {subsidy}: {count} lines").format(
                subsidy=subtotal_title(groups[code], code), count=len(cells)
            )
            writer.total_row(_total(label, subtotal, with_village))
        total = sum(line.amount_fen for line in lines)
        label = _("Total: {count} lines, {people} people").format(
            count=len(lines), people=len({(line.village, line.id_number) for line in lines})
        )
        writer.total_row(_total(label, total, with_village))
        return writer.finish()


@uses_store
def subsidy_lines(store: Store, month: dt.date) -> list[DisbursementLine]:
    """The month's stored lines (computed on the subsidies page), by type, then name."""
    sql = (
        "SELECT r.name, r.id_number, l.subsidy_type, l.standard_fen, l.months, l.amount_fen,"
        " r.bank_account, l.kind, l.bracket, l.note, l.corrects_month, l.item_name"
        " FROM subsidy_line l"
        " JOIN resident r ON r.id = l.resident_id WHERE l.month = ? AND l.deleted_at IS NULL"
        " ORDER BY r.name_pinyin COLLATE NOCASE, r.id, l.period_from, l.id"
    )
    found = []
    for *values, kind, bracket, note, corrects, item_name in store.db.execute_sql(
        sql, [months.text(months.of_day(month))]
    ):
        if kind == "adjustment":
            note = _("adjustment of {month}: {reason}").format(month=corrects, reason=note)
        elif kind == "carryover":
            note = _("not received in {month}").format(month=corrects)
        else:
            note = bracket_label(bracket)
        found.append(DisbursementLine(*values, note=note, item_name=item_name))
    return found


@uses_store
def write_subsidies(
    store: Store, month: dt.date, out: Path, *, public: bool = False, **options
) -> Path:
    lines = subsidy_lines(store, month)
    require_data(
        lines,
        _("No subsidies were computed for {month}; compute the month first.").format(
            month=format_month(month)
        ),
    )
    title = _("Subsidy disbursement roster")
    if public:
        title = _("Subsidy disbursement roster (public notice)")
    header = form_header(store, title, month)
    record = month_record(store, months.of_day(month))
    if record is None or not record.locked:
        header = replace(header, watermark=_(DRAFT))
    return write_subsidy_roster(
        lines,
        header,
        out,
        public=public,
        progress=options.get("progress"),
        cancelled=options.get("cancelled"),
    )
