import datetime as dt
import re

import pytest

from carepoint.errors import UserInputError
from carepoint.i18n import rmb_upper
from carepoint.reports.subsidies import DisbursementLine, write_subsidies, write_subsidy_roster
from carepoint.reports.template import FormHeader

NOVEMBER = dt.date(2026, 11, 1)
HEADER = FormHeader("白兔镇 2026年11月 补贴发放花名册", ["乡镇：白兔镇", "月份：2026年11月"])


def line(name, number, subsidy_type, amount, village="", account="6228480402564890018"):
    return DisbursementLine(name, number, subsidy_type, amount, 1, amount, account, "", village)


def test_the_roster_totals_each_type_and_all_in_figures_and_in_words(tmp_path, read_pdf):
    lines = [
        line("张三", "321183194002030011", "old_age", 5000),
        line("李四", "321183194502030021", "old_age", 10050),
        line("王五", "321183195002030031", "home_care", 15004),
    ]
    pdf = read_pdf(write_subsidy_roster(lines, HEADER, tmp_path / "s.pdf"))
    old_age, total = 5000 + 10050, 5000 + 10050 + 15004
    assert rmb_upper(old_age) in pdf.flat and rmb_upper(15004) in pdf.flat
    assert rmb_upper(total) in pdf.flat
    assert "¥150.50" in pdf.flat and f"¥{total // 100:,}.{total % 100:02d}" in pdf.flat
    assert "领取人签字/手印" in pdf.flat and "高龄津贴" in pdf.flat
    assert pdf.numbered_every_page()


def test_lines_of_several_villages_get_a_village_column(tmp_path, read_pdf):
    lines = [
        line("张三", "321183194002030011", "old_age", 5000, village="桃园村"),
        line("李四", "321183194502030021", "old_age", 5000, village="杏花村"),
    ]
    pdf = read_pdf(write_subsidy_roster(lines, HEADER, tmp_path / "s.pdf"))
    assert "村" in pdf.pages[0] and "桃园村" in pdf.flat and "杏花村" in pdf.flat


def test_the_public_copy_shows_no_full_id_number_and_only_the_accounts_last_four(
    tmp_path, read_pdf
):
    lines = [line("张三", "321183194002030011", "old_age", 5000)]
    pdf = read_pdf(write_subsidy_roster(lines, HEADER, tmp_path / "s.pdf", public=True))
    assert not re.search(r"\d{17}[\dX]", pdf.flat)
    assert "3211**********0011" in pdf.flat
    assert "6228480402564890018" not in pdf.flat and "0018" in pdf.flat


def test_a_long_roster_repeats_the_column_titles_on_every_page(tmp_path, read_pdf):
    lines = [line(f"张{i}", f"32118319400203{i:04d}", "old_age", 5000) for i in range(120)]
    pdf = read_pdf(write_subsidy_roster(lines, HEADER, tmp_path / "s.pdf"))
    assert len(pdf.pages) > 3
    assert all("身份证号码" in page for page in pdf.pages)
    assert pdf.numbered_every_page()
    assert rmb_upper(5000 * 120) in pdf.flat


def test_a_computed_month_prints_every_line_of_the_village(demo, tmp_path, read_pdf):
    rows = demo.db.execute_sql(
        "SELECT r.name, l.amount_fen FROM subsidy_line l JOIN resident r ON r.id = l.resident_id"
        " WHERE l.month = '2026-11' AND l.deleted_at IS NULL"
    ).fetchall()
    pdf = read_pdf(write_subsidies(demo, NOVEMBER, tmp_path / "s.pdf"))
    assert rows and all(name in pdf.flat for name, _amount in rows)
    assert rmb_upper(sum(amount for _name, amount in rows)) in pdf.flat
    assert "桃园村" in pdf.pages[0]
    assert pdf.ink_on_first_page() > 2000


def test_a_month_that_was_never_computed_is_refused_and_nothing_is_written(store, tmp_path):
    out = tmp_path / "forms"
    out.mkdir()
    with pytest.raises(UserInputError, match="2026"):
        write_subsidies(store, NOVEMBER, out / "s.pdf")
    assert list(out.iterdir()) == []
