"""The township's 花名册 and 补贴发放花名册 over its villages: every village's lines under a
village column, a subtotal per village (and per subsidy type), the township's total in figures
and 大写, and a summary of the villages side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_month
from carepoint.reports import roster, subsidies
from carepoint.reports.common import (
    in_register_on,
    in_words,
    money,
    month_end,
    require_data,
    village_column,
)
from carepoint.reports.fitting import LANDSCAPE_MM, fit_columns
from carepoint.reports.template import Column, FormWriter
from carepoint.reports.township.common import per_village, township_header, unless_approved
from carepoint.reports.township.lens import Village
from carepoint.residents import rows_by_ids

Progress = Callable[[int, int], None] | None


def _with_village(cells: list[list[object]], village: str, start: int) -> list[list[object]]:
    """A village form's rows, numbered on through the township, with the village beside each."""
    return [[start + index, village, *row[1:]] for index, row in enumerate(cells, 1)]


@uses_store
def write_township_roster(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    village: str | None = None,
    public: bool = False,
    notice_for: str | None = None,
    today: dt.date | None = None,
    progress: Progress = None,
    cancelled: Callable[[], bool] | None = None,
    **_options,
) -> Path:
    last = month_end(month)

    def read(place: Village):
        rows = rows_by_ids(store, in_register_on(store, last), last)
        oldest = sum("oldest_old" in row.categories for row in rows)
        return roster._lines(rows, public, notice_for), oldest

    found = [(v, lines, oldest) for v, (lines, oldest) in per_village(store, village, read)]
    title = _("Roster of older residents")
    if public:
        title = _("Roster of older residents (public notice)")
    header = township_header(store, title, month, [v for v, _lines, _o in found])
    if public:
        header = replace(header, facts=[*header.facts, roster.left_out(notice_for)])
    columns = roster.columns(public)
    summary = _("{count} residents, of whom {oldest} aged 80 and over")
    blocks, number = [], 0
    for place, lines, oldest in found:
        blocks.append((place, _with_village(lines, place.name, number), oldest))
        number += len(lines)
    every = [row for _p, rows, _o in blocks for row in rows]
    fitted = fit_columns([columns[0], village_column(), *columns[1:]], every, LANDSCAPE_MM)
    with FormWriter(out, header, fitted, wide=True) as writer:
        number = 0
        for place, lines, oldest in blocks:
            writer.rows(lines, progress, cancelled)
            number += len(lines)
            label = _("Subtotal, {village}").format(village=place.name)
            count = summary.format(count=len(lines), oldest=oldest)
            writer.total_row([label, None, None, count, None, None, None, None, *[""] * 5])
        count = summary.format(count=number, oldest=sum(oldest for _v, _l, oldest in found))
        writer.total_row([_("Total"), None, None, count, None, None, None, None, *[""] * 5])
        if public:
            township = store.setting("township") or store.setting("village_name")
            roster.write_notice(writer, store, today or clock.today(), township)
        return writer.finish()


def _by_type(lines: Sequence[subsidies.DisbursementLine]) -> dict[str, list]:
    groups: dict[str, list] = {}
    for line in sorted(lines, key=lambda line: subsidies._type_order(line.subsidy_type)):
        groups.setdefault(line.subsidy_type, []).append(line)
    return groups


@uses_store
def write_township_subsidies(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    village: str | None = None,
    public: bool = False,
    progress: Progress = None,
    cancelled: Callable[[], bool] | None = None,
    **_options,
) -> Path:
    def read(place: Village):
        return [replace(line, village=place.name) for line in subsidies.subsidy_lines(store, month)]

    found = [(place, lines) for place, lines in per_village(store, village, read) if lines]
    require_data(
        found,
        _("No village has sent subsidies computed for {month}.").format(month=format_month(month)),
    )
    title = _("Subsidy disbursement roster")
    if public:
        title = _("Subsidy disbursement roster (public notice)")
    places = [place for place, _lines in found]
    header = unless_approved(store, township_header(store, title, month, places), month, places)
    every = [line for _place, lines in found for line in lines]
    cells = subsidies.line_cells(every, 0, public, True)  # measured for the widths only
    fitted = subsidies.fitted_columns(True, cells, _sum(every))
    with FormWriter(out, header, fitted, wide=True) as writer:
        number = 0
        for place, lines in found:
            for code, group in _by_type(lines).items():
                writer.rows(
                    subsidies.line_cells(group, number, public, True),
                    (lambda d, _t, n=number: progress(n + d, len(every))) if progress else None,
                    cancelled,
                    min_lines=2,
                )
                number += len(group)
                label = _("Subtotal, {village}, {subsidy}: {count} lines").format(
                    village=place.name,
                    subsidy=subsidies.subtotal_title(group, code),
                    count=len(group),
                )
                writer.total_row(subsidies._total(label, _sum(group), True))
            label = _("Subtotal, {village}: {count} lines").format(
                village=place.name, count=len(lines)
            )
            writer.total_row(subsidies._total(label, _sum(lines), True))
        label = _("Total: {count} lines, {people} people").format(
            count=len(every), people=len({(line.village, line.id_number) for line in every})
        )
        writer.total_row(subsidies._total(label, _sum(every), True))
        _village_totals(writer, found)
        return writer.finish()


def _sum(lines) -> int:
    return sum(line.amount_fen for line in lines)


def _village_totals(writer: FormWriter, found) -> None:
    """The villages side by side: one row each, a column per subsidy type paid anywhere."""
    by_type = _by_type([line for _place, lines in found for line in lines])
    codes = list(by_type)
    writer.heading(_("Totals by village and subsidy"))
    writer.table([
        Column(_("Village"), 24), Column(_("People"), 12, "center"),
        *[Column(subsidies.subtotal_title(by_type[code], code), 24, "right") for code in codes],
        Column(_("Total"), 26, "right"),
    ])  # fmt: skip
    rows = []
    for place, lines in found:
        groups = _by_type(lines)
        people = len({line.id_number for line in lines})
        rows.append([place.name, people, *[money(_sum(groups.get(c, []))) for c in codes],
                     money(_sum(lines))])  # fmt: skip
    writer.rows(rows)
    every = [line for _place, lines in found for line in lines]
    everyone = sum(row[1] for row in rows)
    by_code = _by_type(every)
    writer.total_row([_("Total"), everyone, *[money(_sum(by_code[c])) for c in codes],
                      money(_sum(every))])  # fmt: skip
    writer.note(_("Total paid by the township: {words}").format(words=in_words(_sum(every))))
