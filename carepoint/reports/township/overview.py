"""The township's 运营月报 and visit summary: each village's month in one row, side by side, the
township's totals, and charts comparing the villages.

A village's figures are counted from the township's copy of its records, except its visit rate:
that is the village's own (its visit tiers are worked out on its PC), as its package reported it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange.queries import month_overview
from carepoint.i18n import N_, _, format_date, format_month
from carepoint.reports.common import in_words, money, month_end
from carepoint.reports.monthly import MonthFigures, month_figures
from carepoint.reports.template import Column, FormWriter
from carepoint.reports.township.common import per_village, township_header
from carepoint.reports.township.lens import Village
from carepoint.visits.summary import VisitRate

REVIEWS = {"approved": N_("approved"), "rejected": N_("returned")}


@dataclass(frozen=True)
class VillageFigures:
    village: Village
    figures: MonthFigures
    review: str
    overdue_follow_ups: int

    @property
    def oldest(self) -> int:
        return self.figures.by_category[categories.CODES.index("oldest_old")][1]

    @property
    def subsidy_fen(self) -> int:
        return sum(fen for _label, fen in self.figures.subsidies)


def _rate_text(visited: int, due: int) -> str:
    return f"{visited / due:.1%} ({visited}/{due})" if due else "—"


@uses_store
def village_figures(
    store: Store, month: dt.date, village: str | None, today: dt.date
) -> list[VillageFigures]:
    reported = {row.village_code: row for row in month_overview(store, f"{month:%Y-%m}")}
    overdue_on = min(month_end(month), today)

    def read(place: Village) -> VillageFigures:
        sent = reported[place.code]
        rate = VisitRate(month.year, month.month, sent.visits_due, sent.visited, sent.visits)
        overdue = store.db.execute_sql(
            "SELECT count(*) FROM visit_task WHERE deleted_at IS NULL AND closed_on IS NULL"
            " AND due_date < ?",
            [overdue_on.isoformat()],
        ).fetchone()[0]
        return VillageFigures(
            place, month_figures(store, month, today, rate), sent.review, overdue
        )

    return [found for _place, found in per_village(store, village, read)]


def _sum(rows: Sequence[VillageFigures], value: Callable[[MonthFigures], int]) -> int:
    return sum(value(row.figures) for row in rows)


def _changes(figures: MonthFigures) -> str:
    return "、".join(f"{label} {count}" for label, count in figures.status_changes if count)


def _side_by_side(writer: FormWriter, rows: Sequence[VillageFigures]) -> None:
    from carepoint.timebank.caps import hours_text

    writer.table([
        Column(_("No."), 8, "center"), Column(_("Village"), 20),
        Column(_("Residents"), 14, "center"), Column(_("Aged 80+"), 12, "center"),
        Column(_("Changes of status"), 26), Column(_("Meals (delivered)"), 23, "center"),
        Column(_("Visits made"), 13, "center"), Column(_("Visit rate"), 22, "center"),
        Column(_("Volunteer hours"), 15, "center"), Column(_("Subsidies paid"), 21, "right"),
        Column(_("Review"), 14, "center"),
    ])  # fmt: skip
    writer.rows([
        [number, row.village.name, row.figures.residents, row.oldest,
         _changes(row.figures) or _("none"),
         f"{row.figures.meals} ({row.figures.delivered})", row.figures.visits,
         _rate_text(row.figures.visited, row.figures.visits_due),
         hours_text(row.figures.volunteer_minutes), money(row.subsidy_fen),
         _(REVIEWS[row.review]) if row.review in REVIEWS else _("not reviewed")]
        for number, row in enumerate(rows, 1)
    ])  # fmt: skip
    subsidy = sum(row.subsidy_fen for row in rows)
    writer.total_row([
        _("Township total"), None, _sum(rows, lambda f: f.residents),
        sum(r.oldest for r in rows), "",
        f"{_sum(rows, lambda f: f.meals)} ({_sum(rows, lambda f: f.delivered)})",
        _sum(rows, lambda f: f.visits),
        _rate_text(_sum(rows, lambda f: f.visited), _sum(rows, lambda f: f.visits_due)),
        hours_text(_sum(rows, lambda f: f.volunteer_minutes)), money(subsidy), "",
    ])  # fmt: skip
    writer.total_row([_("Subsidies paid in all"), None, in_words(subsidy), *[None] * 8])


def _height(rows: Sequence[VillageFigures]) -> float:
    return max(110, 40 + 16 * len(rows))


def _rate_chart(rows: Sequence[VillageFigures], width: float):
    from carepoint.reports.charts import row_chart

    rates = [
        100 * row.figures.visited / row.figures.visits_due if row.figures.visits_due else 0
        for row in rows
    ]
    names = [row.village.name for row in rows]
    drawing = row_chart(
        _("Visit rate by village (%)"), names, rates, width, _height(rows), value_format="%.1f"
    )
    for chart in drawing.contents:
        if hasattr(chart, "valueAxis"):
            chart.valueAxis.valueMax = 100  # a rate's scale ends at 100 %, whatever the data
    return drawing


def _comparisons(writer: FormWriter, rows: Sequence[VillageFigures]) -> None:
    from carepoint.reports.charts import row_chart

    names = [row.village.name for row in rows]
    half = (writer.right - writer.left - 12) / 2
    height = _height(rows)
    writer.drawings([
        row_chart(_("Residents by village"), names, [r.figures.residents for r in rows],
                  half, height),
        _rate_chart(rows, half),
    ])  # fmt: skip
    writer.drawings([
        row_chart(_("Meals served by village"), names, [r.figures.meals for r in rows],
                  half, height),
        row_chart(_("Subsidies paid by village (yuan)"), names,
                  [r.subsidy_fen / 100 for r in rows], half, height, value_format="%.2f"),
    ])  # fmt: skip


def _township_register(writer: FormWriter, rows: Sequence[VillageFigures]) -> None:
    from carepoint.reports.charts import bar_chart, row_chart

    half = (writer.right - writer.left - 12) / 2
    ages = [(label, sum(r.figures.by_age[i][1] for r in rows))
            for i, (label, _n) in enumerate(rows[0].figures.by_age)]  # fmt: skip
    held = [(label, sum(r.figures.by_category[i][1] for r in rows))
            for i, (label, _n) in enumerate(rows[0].figures.by_category)]  # fmt: skip
    held = [(label, count) for label, count in held if count]
    writer.drawings([
        bar_chart(_("Residents by age, township"), [a for a, _n in ages],
                  [n for _a, n in ages], half, 145),
        row_chart(_("Residents by category, township"), [c for c, _n in held],
                  [n for _c, n in held], half, 145),
    ])  # fmt: skip


def _ledgers(writer: FormWriter, rows: Sequence[VillageFigures]) -> None:
    """Each village's other ledgers (activities, health checks, calls, pairs, adaptations,
    insurance claims), counted from its records in the package."""
    if not rows or not rows[0].figures.ledgers:
        return
    writer.heading(_("The care points' other ledgers"))
    labels = [label for label, _figure in rows[0].figures.ledgers]
    writer.table([Column(_("Village"), 24), *(Column(label, 30) for label in labels)])
    writer.rows([[row.village.name, *(figure for _l, figure in row.figures.ledgers)]
                 for row in rows])  # fmt: skip


@uses_store
def write_township_report(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    village: str | None = None,
    today: dt.date | None = None,
    **_options,
) -> Path:
    rows = village_figures(store, month, village, today or clock.today())
    header = township_header(
        store, _("Monthly operations report"), month, [row.village for row in rows]
    )
    with FormWriter(out, header, wide=True) as writer:
        _side_by_side(writer, rows)
        _comparisons(writer, rows)
        _township_register(writer, rows)
        _ledgers(writer, rows)
        writer.heading(_("Notable events this month"))
        writer.table([Column("", 1)], titles=False)
        writer.rows([[""]], min_lines=2)
        return writer.finish()


@uses_store
def write_township_visits(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    village: str | None = None,
    today: dt.date | None = None,
    **_options,
) -> Path:
    today = today or clock.today()
    rows = village_figures(store, month, village, today)
    header = township_header(store, _("Visit summary"), month, [row.village for row in rows])
    overdue_on = format_date(min(month_end(month), today))
    with FormWriter(out, header) as writer:
        writer.table([
            Column(_("No."), 8, "center"), Column(_("Village"), 24),
            Column(_("Residents"), 14, "center"), Column(_("Owed a visit"), 14, "center"),
            Column(_("Visited"), 14, "center"), Column(_("Visit rate"), 16, "center"),
            Column(_("Visits made"), 14, "center"),
            Column(_("Follow-ups overdue on {date}").format(date=overdue_on), 24, "center"),
        ])  # fmt: skip
        writer.rows([
            [number, row.village.name, row.figures.residents, row.figures.visits_due,
             row.figures.visited, _rate_text(row.figures.visited, row.figures.visits_due)
             .split(" ")[0], row.figures.visits, row.overdue_follow_ups]
            for number, row in enumerate(rows, 1)
        ])  # fmt: skip
        due, visited = _sum(rows, lambda f: f.visits_due), _sum(rows, lambda f: f.visited)
        writer.total_row([
            _("Township total"), None, _sum(rows, lambda f: f.residents), due, visited,
            _rate_text(visited, due).split(" ")[0], _sum(rows, lambda f: f.visits),
            sum(row.overdue_follow_ups for row in rows),
        ])  # fmt: skip
        writer.note(_("Visit rates are the villages' own, as each reported them in its package "
                      "for {month}.").format(month=format_month(month)))  # fmt: skip
        writer.drawings([_rate_chart(rows, writer.right - writer.left)])
        return writer.finish()
