"""Column widths fitted to what each form holds: a long item name or category stays on one
line, short columns (number, months) give up their width, room to sign is kept."""

from __future__ import annotations

import re

from pypdf import PdfReader

from carepoint.reports.fitting import LANDSCAPE_MM, fit_columns
from carepoint.reports.subsidies import DisbursementLine, columns, write_subsidy_roster
from carepoint.reports.template import Column, FormHeader

HEADER = FormHeader("桃园村 2026年11月 补贴发放花名册", ["月份：2026年11月"])
GIFT = "百岁老人一次性慰问金"


def _lines_of_text(path) -> list[str]:
    """Each extracted line without the spaces extraction puts between CJK characters."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return [re.sub(r"[ \t]+", "", line) for line in text.splitlines()]


def test_a_long_item_name_is_printed_on_one_line_on_the_townships_roster(tmp_path):
    lines = [
        DisbursementLine("王德福", "321183192611230013", "old_age", 50000, 1, 50000,
                         "6228480402564890018", "100岁以上", "桃园村", item_name=GIFT),
        DisbursementLine("李秀英", "32118319410502002X", "old_age", 5000, 1, 5000,
                         "6228480402564890026", "80–89岁", "李家庄村", item_name="尊老金"),
    ]  # fmt: skip

    out = write_subsidy_roster(lines, HEADER, tmp_path / "补贴.pdf")

    printed = _lines_of_text(out)
    assert GIFT in printed  # the cell, whole (the subtotal's label names it too)
    assert "321183192611230013" in printed


def test_short_columns_give_up_width_and_kept_ones_stay_as_declared():
    declared = columns(False)
    cells = [[1, "王德福", "321183192611230013", GIFT, "¥500.00", 1, "¥500.00",
              "6228480402564890018", "", "100岁以上"]]  # fmt: skip

    fitted = fit_columns(declared, cells, LANDSCAPE_MM, keep=(8,))

    by_title = {c.title: c.width_mm for c in fitted}
    declared_by_title = {c.title: c.width_mm for c in declared}
    subsidy = declared[3].title
    assert by_title[subsidy] > declared_by_title[subsidy]  # the long name gets its width
    months = declared[5].title
    assert by_title[months] < declared_by_title[months]
    assert fitted[8].width_mm == declared[8].width_mm  # room to sign or press a thumbprint


def test_a_total_row_is_measured_but_the_cells_its_label_spans_are_not():
    declared = [Column("金额", 10, "right"), Column("备注", 10)]
    wide_total = [None, "¥1,234,567.00"]

    fitted = fit_columns(declared, [["¥5.00", "x"], wide_total], LANDSCAPE_MM)
    narrow = fit_columns(declared, [["¥5.00", "x"]], LANDSCAPE_MM)

    assert fitted[1].width_mm > narrow[1].width_mm
    assert fitted[0].width_mm == narrow[0].width_mm
