"""探访情况汇总表: the month's visit rate (by tier), each person's visits owed and made with the
latest findings, and the overdue list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date, format_month
from carepoint.reports.common import (
    form_header,
    month_end,
    require_data,
    several_villages,
    village_column,
    village_of,
)
from carepoint.reports.fitting import fitted_table
from carepoint.reports.template import Column, FormHeader, FormWriter
from carepoint.reports.visit_data import PersonVisits, month_visits
from carepoint.visits.due import DueRow, due_list
from carepoint.visits.labels import TIERS, method_label, tier_label
from carepoint.visits.summary import VisitRate, visit_rate


def rate_text(rate: VisitRate) -> str:
    if rate.rate is None:
        return _("Visit rate: nobody was due a visit")
    text = _("Visit rate: {rate} ({visited} of {due} due were visited); {visits} visits in all")
    return text.format(
        rate=f"{rate.rate:.1%}", visited=rate.visited, due=rate.due, visits=rate.visits
    )


def columns(with_village: bool) -> list[Column]:
    return [
        Column(_("No."), 8, "center"),
        *([village_column()] if with_village else []),
        Column(_("Name"), 16),
        Column(_("Group"), 16),
        Column(_("Tier"), 14),
        Column(_("Visits owed"), 12, "center"),
        Column(_("Visits made"), 12, "center"),
        Column(_("Latest visit"), 22),
        Column(_("Method"), 16),
        Column(_("Problems found"), 50),
        Column(_("Action and follow-up"), 40),
    ]


def write_visit_summary_of(
    people: Sequence[PersonVisits],
    rate: VisitRate,
    overdue: Sequence[DueRow],
    header: FormHeader,
    out: Path,
    *,
    overdue_on: dt.date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    with_village = several_villages(people)
    with FormWriter(out, header, wide=True) as writer:
        writer.note(rate_text(rate), size=11)
        writer.table(
            [Column(_("Tier"), 30), Column(_("Owed a visit"), 20, "center"),
             Column(_("Visited"), 20, "center"), Column(_("Rate"), 20, "center")]
        )  # fmt: skip
        for tier in TIERS:
            due, visited = rate.by_tier.get(tier, (0, 0))
            writer.rows([[tier_label(tier), due, visited, f"{visited / due:.1%}" if due else "—"]])
        writer.total_row(
            [_("Total"), rate.due, rate.visited, f"{rate.rate:.1%}" if rate.due else "—"]
        )
        writer.heading(_("Visits by person"))
        cells = [
            [
                number, *([village_of(p)] if with_village else []), p.name, p.group_name,
                tier_label(p.tier) if p.tier else "—", p.owed, p.made,
                format_date(p.last_visit), method_label(p.method) if p.method else "",
                p.problems, p.follow_up,
            ]
            for number, p in enumerate(people, 1)
        ]  # fmt: skip
        fitted_table(writer, columns(with_village), cells)
        writer.rows(cells, progress, cancelled)
        writer.total_row([
            _("Total: {people} people").format(people=len(people)), None, None, None,
            *([None] if with_village else []),
            sum(p.owed for p in people), sum(p.made for p in people), "", "", "", "",
        ])  # fmt: skip
        _overdue(writer, overdue, overdue_on)
        return writer.finish()


def _overdue(writer: FormWriter, overdue: Sequence[DueRow], day: dt.date) -> None:
    writer.heading(
        _("Overdue visits on {date}: {count}").format(date=format_date(day), count=len(overdue))
    )
    if not overdue:
        return
    overdue_columns = [
        Column(_("No."), 8, "center"),
        Column(_("Name"), 18),
        Column(_("Group"), 18),
        Column(_("Tier"), 16),
        Column(_("Phone"), 28),
        Column(_("Latest visit"), 26),
        Column(_("Due on"), 26),
        Column(_("Days overdue"), 16, "center"),
    ]
    cells = [
        [
            number,
            row.name,
            row.group_name,
            tier_label(row.tier),
            row.phone,
            format_date(row.last_visit),
            format_date(row.due_date),
            row.overdue_days,
        ]
        for number, row in enumerate(overdue, 1)
    ]  # fmt: skip
    fitted_table(writer, overdue_columns, cells)
    writer.rows(cells)


@uses_store
def write_visit_summary(store: Store, month: dt.date, out: Path, **options) -> Path:
    today = options.get("today") or clock.today()
    last = month_end(month)
    if month > today:
        raise UserInputError(
            _("{month} has not begun; no visits to sum up.").format(month=format_month(month))
        )
    people = month_visits(store, month, last)
    require_data(
        people,
        _("Nobody is in a visit tier and nobody was visited in {month}.").format(
            month=format_month(month)
        ),
    )
    on = min(last, today)
    overdue = [row for row in due_list(store, on) if row.overdue_days > 0]
    return write_visit_summary_of(
        people,
        visit_rate(store, month.year, month.month, today),
        overdue,
        form_header(store, _("Visit summary"), month),
        out,
        overdue_on=on,
        progress=options.get("progress"),
        cancelled=options.get("cancelled"),
    )
