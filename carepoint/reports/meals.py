"""助餐月统计表: meals per person with the amounts frozen at sign-in and a box to sign, the
totals (also in 大写), a day-by-day headcount and the funding split at the foot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date, format_month
from carepoint.meals.labels import basis_label
from carepoint.meals.report import MonthReport, month_report
from carepoint.reports.common import (
    form_header,
    in_words,
    money,
    require_data,
    several_villages,
    village_column,
    village_of,
)
from carepoint.reports.fitting import LANDSCAPE_MM, fit_columns
from carepoint.reports.template import Column, FormHeader, FormWriter


def columns(with_village: bool) -> list[Column]:
    return [
        Column(_("No."), 8, "center"),
        *([village_column()] if with_village else []),
        Column(_("Name"), 16),
        Column(_("Category / age band"), 30),
        Column(_("Dine-in"), 11, "center"),
        Column(_("Pick-up"), 11, "center"),
        Column(_("Delivered"), 11, "center"),
        Column(_("Meals"), 11, "center"),
        Column(_("Meal cost"), 20, "right"),
        Column(_("Subsidy"), 20, "right"),
        Column(_("Own payment"), 20, "right"),
        Column(_("Signature"), 28),
    ]


def write_meal_statistics(
    report: MonthReport,
    header: FormHeader,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    lines = report.lines
    with_village = several_villages(lines)
    cells = [
        [
            number, *([village_of(line)] if with_village else []), line.name,
            "、".join(basis_label(b) for b in line.bases) or basis_label(""),
            line.dine_in, line.pickup, line.delivery, line.meals,
            money(line.price_fen + line.delivery_fee_fen), money(line.subsidy_fen),
            money(line.copay_fen), "",
        ]
        for number, line in enumerate(lines, 1)
    ]  # fmt: skip
    totals = report.totals
    total = [
        _("Total: {people} people").format(people=len(lines)), None, None,
        *([None] if with_village else []),
        totals.by_mode["dine_in"], totals.by_mode["pickup"], totals.by_mode["delivery"],
        totals.meals, money(totals.price_fen + totals.delivery_fee_fen),
        money(totals.subsidy_fen), money(totals.copay_fen), "",
    ]  # fmt: skip
    found = columns(with_village)  # the signature column keeps its room
    fitted = fit_columns(found, [*cells, [None, *total[1:]]], LANDSCAPE_MM, keep=(len(found) - 1,))
    with FormWriter(out, header, fitted, wide=True) as writer:
        writer.rows(cells, progress, cancelled)
        writer.total_row(total)
        writer.note(_("Subsidy: {words}").format(words=in_words(totals.subsidy_fen)))
        writer.note(_("Own payment: {words}").format(words=in_words(totals.copay_fen)))
        _funding(writer, report)
        _days(writer, report)
        return writer.finish()


def _funding(writer: FormWriter, report: MonthReport) -> None:
    totals = report.totals
    writer.heading(_("Funding of the meal subsidy"))
    writer.table(
        [
            Column(_("City"), 20, "right"),
            Column(_("County"), 20, "right"),
            Column(_("Village"), 20, "right"),
            Column(_("Meal subsidy, total"), 24, "right"),
            Column(_("Operating subsidy to the meal point"), 30, "right"),
        ]
    )
    writer.rows([[
        money(totals.city_fen), money(totals.county_fen), money(totals.village_fen),
        money(totals.subsidy_fen), money(report.operator_subsidy_fen),
    ]])  # fmt: skip


def _days(writer: FormWriter, report: MonthReport) -> None:
    writer.heading(_("Meals day by day"))
    writer.table(
        [
            Column(_("Date"), 30),
            Column(_("Lunch"), 15, "center"),
            Column(_("Dinner"), 15, "center"),
            Column(_("Meals"), 15, "center"),
            Column(_("Diners"), 15, "center"),
        ]
    )
    writer.rows(
        [
            [
                format_date(day.day, "full"),
                day.lunch,
                day.dinner,
                day.lunch + day.dinner,
                day.diners,
            ]
            for day in report.days
        ]  # fmt: skip
    )
    writer.total_row([
        _("Total"), sum(d.lunch for d in report.days), sum(d.dinner for d in report.days),
        report.totals.meals, "",
    ])  # fmt: skip


@uses_store
def write_meals(store: Store, month: dt.date, out: Path, **options) -> Path:
    report = month_report(store, month)
    require_data(
        report.lines,
        _("No meals were served in {month}.").format(month=format_month(month)),
    )
    from carepoint.meals.closing import month_status
    from carepoint.reports.subsidies import DRAFT

    header = form_header(store, _("Monthly meal statistics"), month)
    if not month_status(store, month).closed:  # a meal month is approved by closing it
        header = replace(header, watermark=_(DRAFT))
    return write_meal_statistics(
        report,
        header,
        out,
        progress=options.get("progress"),
        cancelled=options.get("cancelled"),
    )
