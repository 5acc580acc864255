"""Meals, visits, the blank visit sheet and the monthly report, on a small demo village."""

import datetime as dt

import pytest

from carepoint.errors import UserInputError
from carepoint.i18n import rmb_upper
from carepoint.reports.meals import write_meals
from carepoint.reports.monthly import write_monthly_report
from carepoint.reports.visit_sheet import write_visit_sheet
from carepoint.reports.visits import write_visit_summary
from carepoint.visits.due import due_list

NOVEMBER = dt.date(2026, 11, 1)


def served(store, column):
    return store.db.execute_sql(
        f"SELECT r.name, sum(s.{column}) FROM meal_sign_in s"
        " JOIN resident r ON r.id = s.resident_id"
        " WHERE s.status = 'served' AND s.deleted_at IS NULL"
        " AND s.meal_date BETWEEN '2026-11-01' AND '2026-11-30' GROUP BY r.id"
    ).fetchall()


def test_the_meal_statistics_list_every_diner_and_the_totals_in_words(demo, tmp_path, read_pdf):
    subsidies, copays = served(demo, "subsidy_fen"), served(demo, "copay_fen")
    pdf = read_pdf(write_meals(demo, NOVEMBER, tmp_path / "meals.pdf"))
    assert subsidies and all(name in pdf.flat for name, _fen in subsidies)
    assert rmb_upper(sum(fen for _n, fen in subsidies)) in pdf.flat
    assert rmb_upper(sum(fen for _n, fen in copays)) in pdf.flat
    assert "每日就餐人次" in pdf.flat and "签字" in pdf.pages[0]
    assert pdf.numbered_every_page()


def test_a_month_without_meals_is_refused(store, tmp_path):
    with pytest.raises(UserInputError, match="助餐"):
        write_meals(store, NOVEMBER, tmp_path / "meals.pdf")
    assert not (tmp_path / "meals.pdf").exists()


def test_the_visit_summary_gives_the_rate_and_lists_the_overdue(demo, tmp_path, read_pdf):
    from carepoint.visits.summary import visit_rate

    rate = visit_rate(demo, 2026, 11)
    overdue = [row.name for row in due_list(demo, dt.date(2026, 11, 23)) if row.overdue_days]
    pdf = read_pdf(write_visit_summary(demo, NOVEMBER, tmp_path / "visits.pdf"))
    assert f"{rate.visited / rate.due:.1%}" in pdf.flat
    assert f"逾期未访：{len(overdue)}人" in pdf.flat
    assert all(name in pdf.flat for name in overdue)


def test_the_blank_visit_sheet_names_everyone_due_by_the_month_end(demo, tmp_path, read_pdf):
    due = [row.name for row in due_list(demo, dt.date(2026, 11, 30))]
    pdf = read_pdf(write_visit_sheet(demo, NOVEMBER, tmp_path / "sheet.pdf"))
    assert due and all(name in pdf.flat for name in due)
    assert all("探访人签字" in page for page in pdf.pages)


def test_the_monthly_report_counts_the_register_and_draws_its_charts(demo, tmp_path, read_pdf):
    from carepoint.reports.common import in_register_on

    registered = len(in_register_on(demo, dt.date(2026, 11, 30)))
    paid = demo.db.execute_sql(
        "SELECT sum(amount_fen) FROM subsidy_line WHERE month = '2026-11' AND deleted_at IS NULL"
    ).fetchone()[0]
    pdf = read_pdf(write_monthly_report(demo, NOVEMBER, tmp_path / "monthly.pdf"))
    assert f"月末在册老人数{registered}" in pdf.flat
    assert rmb_upper(paid) in pdf.flat
    assert "年龄分布" in pdf.flat and "每日助餐人次" in pdf.flat
    assert pdf.colour_on_first_page() > 5000  # the bars and the line are drawn, not empty axes
