"""The township's 助餐月统计表: every village's diners under a village column, the township's
totals and funding split, and the meals day by day summed over the villages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_month
from carepoint.meals.report import DayCount, MonthLine, MonthReport, Totals, month_report
from carepoint.reports.common import require_data
from carepoint.reports.meals import write_meal_statistics
from carepoint.reports.township.common import per_village, township_header, unless_approved
from carepoint.reports.township.lens import Village


@dataclass(frozen=True, slots=True)
class VillageMealLine(MonthLine):
    village: str = ""


def _sum_totals(all_totals: list[Totals]) -> Totals:
    def added(name: str):
        first = getattr(all_totals[0], name)
        if isinstance(first, dict):
            return {key: sum(getattr(t, name)[key] for t in all_totals) for key in first}
        return sum(getattr(t, name) for t in all_totals)

    return Totals(**{f.name: added(f.name) for f in fields(Totals)})


def _sum_days(reports: list[MonthReport]) -> list[DayCount]:
    days: dict[dt.date, list[int]] = {}
    for report in reports:
        for day in report.days:
            counts = days.setdefault(day.day, [0, 0, 0])
            counts[0] += day.lunch
            counts[1] += day.dinner
            counts[2] += day.diners
    return [DayCount(day, *days[day]) for day in sorted(days)]


@uses_store
def township_meals(
    store: Store, month: dt.date, village: str | None = None
) -> tuple[list[Village], MonthReport]:
    """The villages' month reports as one, each diner's line naming the village."""
    found = [
        (place, report)
        for place, report in per_village(store, village, lambda _v: month_report(store, month))
        if report.lines
    ]
    require_data(found, _("No meals were served in {month}.").format(month=format_month(month)))
    reports = [report for _place, report in found]
    lines = [
        VillageMealLine(*(getattr(line, f.name) for f in fields(MonthLine)), village=place.name)
        for place, report in found
        for line in report.lines
    ]
    return [place for place, _report in found], MonthReport(
        month.replace(day=1), lines, _sum_days(reports), _sum_totals([r.totals for r in reports]),
        sum(r.operator_subsidy_fen for r in reports),
        [check for r in reports for check in r.checks], [],
    )  # fmt: skip


@uses_store
def write_township_meals(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    village: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    **_options,
) -> Path:
    places, report = township_meals(store, month, village)
    header = township_header(store, _("Monthly meal statistics"), month, places)
    header = unless_approved(store, header, month, places)
    return write_meal_statistics(report, header, out, progress=progress, cancelled=cancelled)
