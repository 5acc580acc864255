"""Villager groups in their natural order (一组 < 二组 < … < 十一组) in the register's sort and on
the printed roster, not in the order of their characters' codes or pinyin."""

from __future__ import annotations

import datetime as dt
import re

from builders import add
from pypdf import PdfReader

from carepoint.reports.roster import write_roster
from carepoint.residents import RegisterFilter, list_residents

TODAY = dt.date(2026, 11, 23)
GROUPS = ["十一组", "二组", "一组", "十组", "三组"]  # as a village registers them, in no order


def _village(store):
    for n, group in enumerate(GROUPS):
        add(store, f"张{'一二三四五'[n]}", birth=dt.date(1940, 1, 1 + n), sequence=2 * n + 1,
            group_name=group)  # fmt: skip


def test_the_register_sorts_by_group_number(store):
    _village(store)
    rows = list_residents(store, RegisterFilter(), TODAY, "group")
    assert [r.group_name for r in rows] == ["一组", "二组", "三组", "十组", "十一组"]


def test_the_printed_roster_lists_the_groups_in_order(store, tmp_path):
    _village(store)
    out = write_roster(store, dt.date(2026, 11, 1), tmp_path / "roster.pdf")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    seen = re.findall(r"十一组|十组|一组|二组|三组", text)
    assert list(dict.fromkeys(seen)) == ["一组", "二组", "三组", "十组", "十一组"]


def test_a_group_typed_in_the_editor_is_stored_in_its_one_spelling(store):
    person = add(store, "李四", group_name=" 第3组 ")
    assert person.group_name == "三组"
