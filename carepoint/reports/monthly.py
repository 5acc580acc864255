"""运营月报: the month of a care point in figures and small charts for the township: residents by
age band and category, changes of status, meals, visits, volunteer hours and subsidies paid.

`month_figures` gathers plain numbers; `write_operations_report` draws them, so a township can
add several villages' figures together before printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.home import HOME_AGE_BANDS, band_label
from carepoint.i18n import _, format_month
from carepoint.reports.common import form_header, in_register_on, in_words, money, month_end
from carepoint.reports.template import Column, FormHeader, FormWriter
from carepoint.residents import rows_by_ids
from carepoint.residents.fields import STATUSES, status_label

if TYPE_CHECKING:
    from carepoint.visits.summary import VisitRate


@dataclass(frozen=True)
class MonthFigures:
    residents: int
    by_age: tuple[tuple[str, int], ...]  # (band label, people)
    by_category: tuple[tuple[str, int], ...]  # (category label, people)
    status_changes: tuple[tuple[str, int], ...]  # (new status label, people) in the month
    meals: int
    delivered: int
    meals_by_day: tuple[tuple[int, int], ...]  # (day of month, meals)
    visits: int
    visits_due: int
    visited: int
    volunteer_minutes: int
    volunteer_services: int
    volunteers: int
    subsidies: tuple[tuple[str, int], ...]  # (subsidy label, fen)
    ledgers: tuple[tuple[str, str], ...] = ()  # (item, figure) from the other ledgers

    @property
    def visit_rate(self) -> float | None:
        return self.visited / self.visits_due if self.visits_due else None


def _age_band(age: int) -> int | None:
    for index, (_key, low, high) in enumerate(HOME_AGE_BANDS):
        if age >= low and (high is None or age <= high):
            return index
    return None


@uses_store
def _register(store: Store, last: dt.date):
    rows = rows_by_ids(store, in_register_on(store, last), last)
    ages = [0] * len(HOME_AGE_BANDS)
    held = dict.fromkeys(categories.CODES, 0)
    for row in rows:
        band = _age_band(row.age)
        if band is not None:
            ages[band] += 1
        for code in row.categories:
            held[code] = held.get(code, 0) + 1
    by_age = tuple(
        (band_label(low, high), count)
        for (_key, low, high), count in zip(HOME_AGE_BANDS, ages, strict=True)
    )
    by_category = tuple((categories.label(code), held[code]) for code in categories.CODES)
    return len(rows), by_age, by_category


@uses_store
def month_figures(
    store: Store, month: dt.date, today: dt.date | None = None, rate: VisitRate | None = None
) -> MonthFigures:
    """`rate`: the month's visit figures when known already (the township has each village's
    own, from its package); otherwise counted here."""
    from carepoint.ledgers.summary import ledger_month, month_lines
    from carepoint.meals.report import month_report
    from carepoint.subsidies import ledger, months
    from carepoint.subsidies.names import type_titles
    from carepoint.subsidies.rule_tables import TYPES
    from carepoint.timebank.summary import month_hours
    from carepoint.visits.summary import visit_rate

    last = month_end(month)
    residents, by_age, by_category = _register(store, last)
    changed = dict(
        store.db.execute_sql(
            "SELECT status, count(DISTINCT resident_id) FROM status_change WHERE deleted_at IS NULL"
            " AND effective_date BETWEEN ? AND ? GROUP BY status",
            [month.isoformat(), last.isoformat()],
        ).fetchall()
    )
    meals = month_report(store, month)
    rate = rate or visit_rate(store, month.year, month.month, today or clock.today())
    hours = month_hours(store, month)
    paid, _lines = ledger.month_totals(store, months.of_day(month))
    titles = type_titles(store, months.of_day(month))
    return MonthFigures(
        residents=residents,
        by_age=by_age,
        by_category=by_category,
        status_changes=tuple((status_label(s), changed.get(s, 0)) for s in STATUSES),
        meals=meals.totals.meals,
        delivered=meals.totals.by_mode["delivery"],
        meals_by_day=tuple((d.day.day, d.lunch + d.dinner) for d in meals.days),
        visits=rate.visits,
        visits_due=rate.due,
        visited=rate.visited,
        volunteer_minutes=hours.minutes,
        volunteer_services=hours.services,
        volunteers=hours.volunteers,
        subsidies=tuple((titles[t], paid.get(t, 0)) for t in TYPES),
        ledgers=month_lines(ledger_month(store, month)),
    )


def _figures_table(writer: FormWriter, figures: MonthFigures) -> None:
    from carepoint.timebank.caps import hours_text

    rate = figures.visit_rate
    subsidy_total = sum(fen for _label, fen in figures.subsidies)
    changes = "、".join(f"{label} {count}" for label, count in figures.status_changes if count)
    rows = [
        [_("Residents in the register at the month's end"), figures.residents],
        [_("Changes of status in the month"), changes or _("none")],
        [_("Meals served (of which delivered)"), f"{figures.meals} ({figures.delivered})"],
        [_("Visits made"), figures.visits],
        [_("Visit rate"), f"{rate:.1%} ({figures.visited}/{figures.visits_due})" if rate is not None
         else "—"],
        [_("Volunteer service hours (services, volunteers)"),
         f"{hours_text(figures.volunteer_minutes)} ({figures.volunteer_services}, "
         f"{figures.volunteers})"],
        *[[_("Subsidy paid: {subsidy}").format(subsidy=label), money(fen)]
          for label, fen in figures.subsidies],
    ]  # fmt: skip
    rows.append([_("Subsidies paid in all"), money(subsidy_total)])
    rows += [list(line) for line in figures.ledgers]
    if len(rows) % 2:
        rows.append(["", ""])
    half = len(rows) // 2
    item, figure = Column(_("Item"), 50), Column(_("Figure"), 30)
    writer.table([item, figure, item, figure])
    writer.rows([[*rows[i], *rows[half + i]] for i in range(half)])
    writer.total_row([_("In words"), in_words(subsidy_total), None, None])


def write_operations_report(
    figures: MonthFigures,
    header: FormHeader,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    from carepoint.reports.charts import bar_chart, line_chart, row_chart

    with FormWriter(out, header) as writer:
        _figures_table(writer, figures)
        half = (writer.right - writer.left - 12) / 2
        ages, categories_held = figures.by_age, [c for c in figures.by_category if c[1]]
        writer.drawings([
            bar_chart(_("Residents by age"), [a for a, _n in ages], [n for _a, n in ages],
                      half, 145),
            row_chart(_("Residents by category"), [c for c, _n in categories_held],
                      [n for _c, n in categories_held], half, 145),
        ])  # fmt: skip
        days = figures.meals_by_day
        tiers = [
            (_("Owed a visit"), figures.visits_due), (_("Visited"), figures.visited),
            (_("Visits made"), figures.visits),
        ]  # fmt: skip
        day_labels = [str(d) if d % 5 == 0 or d == 1 else "" for d, _n in days]
        writer.drawings([
            line_chart(_("Meals per day"), day_labels, [n for _d, n in days], half, 130),
            bar_chart(_("Visits this month"), [t for t, _n in tiers], [n for _t, n in tiers],
                      half, 130),
        ])  # fmt: skip
        writer.drawings([
            row_chart(_("Subsidies paid (yuan)"), [s for s, _f in figures.subsidies],
                      [f / 100 for _s, f in figures.subsidies], writer.right - writer.left, 95,
                      label_width=110, value_format="%.2f"),
        ])  # fmt: skip
        writer.heading(_("Notable events this month"))
        writer.table([Column("", 1)], titles=False)
        writer.rows([[""]], min_lines=2)
        return writer.finish()


@uses_store
def write_monthly_report(store: Store, month: dt.date, out: Path, **options) -> Path:
    from carepoint.reports.common import require_data

    figures = month_figures(store, month, options.get("today"))
    require_data(
        figures.residents,
        _("Nobody was in the register at the end of {month}.").format(month=format_month(month)),
    )
    return write_operations_report(
        figures,
        form_header(store, _("Monthly operations report"), month),
        out,
        progress=options.get("progress"),
        cancelled=options.get("cancelled"),
    )
