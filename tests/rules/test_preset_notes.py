"""Each preset says what its own note (its policy source) says: amounts per age bracket, when a new
age starts paying, when a death stops payment, the age reference day, the exclusions."""

from __future__ import annotations

import re

import pytest

from carepoint import rules
from carepoint.subsidies.rule_tables import parse
from carepoint.subsidies.validation import validate

PRESETS = [key for key in rules.presets() if key != "national"]
_RANGE = re.compile(r"(\d+)[–-](\d+)岁(\d+)元")
_OPEN = re.compile(r"(\d+)岁以上(\d+)元")


def _old_age(preset: str):
    [version] = rules.preset_versions(preset, "subsidies")
    table = parse(version.content, version.effective_from, version.note)
    item = next(i for i in table.items if i.type == "old_age" and i.frequency != "once")
    return version, table, item


@pytest.mark.parametrize("preset", PRESETS)
def test_the_old_age_brackets_are_the_amounts_the_note_gives(preset):
    version, _table, item = _old_age(preset)
    said = [(int(a), int(b), int(y) * 100) for a, b, y in _RANGE.findall(version.note)]
    said += [(int(a), None, int(y) * 100) for a, y in _OPEN.findall(version.note)]
    said = [s for s in said if s[0] >= 70]  # the 高龄 brackets (居家养老 figures are per group)
    brackets = [(b.min_age, b.max_age, b.amount_fen) for b in item.brackets]
    assert said and sorted(said, key=lambda s: s[0]) == brackets


@pytest.mark.parametrize("preset", PRESETS)
def test_the_start_and_stop_rules_are_the_ones_the_note_names(preset):
    version, table, item = _old_age(preset)
    note = version.note
    if "次月起发放" in note:
        assert table.age_from == "month_after"
    if "当月起发放" in note:
        assert table.age_from == "birthday_month"
    if "去世当月起停发" in note:
        assert table.stop_on_death == "same_month"
    if "去世的次月起停发" in note or "去世次月起停发" in note:
        assert table.stop_on_death == "month_after"
    if "12月31日" in note:
        assert table.age_reference == "year_end"
    if "低保对象不享受" in note:
        assert "low_income" in item.excludes
    assert validate(version.content) == []


def test_the_national_template_has_the_brackets_and_no_amounts():
    [version] = rules.preset_versions("national", "subsidies")
    table = parse(version.content, version.effective_from, version.note)
    assert table.blank == ["高龄津贴"]
    assert validate(version.content)  # the editor will not save it until amounts are filled in


@pytest.mark.parametrize("preset", PRESETS)
def test_the_meal_and_time_bank_figures_are_the_ones_the_notes_give(preset):
    for version in rules.preset_versions(preset, "meals"):
        content, note = version.content, version.note
        fee = re.search(r"送餐费\s*(\d+)\s*元", note)
        if fee:
            assert content["delivery_fee_fen"] == int(fee.group(1)) * 100
        sets = re.search(r"套餐\s*([\d/]+)\s*元", note)
        if sets:
            prices = sorted(int(y) * 100 for y in sets.group(1).split("/"))
            assert sorted(s["price_fen"] for s in content["sets"]) == prices
        daily = re.search(r"每人每天\s*(\d+)\s*元（午餐）", note)
        if daily:
            assert content["subsidised_meals"] == ["lunch"]
            assert {c["subsidy_fen"] for c in content["category_subsidies"]} == {
                int(daily.group(1)) * 100
            }
        operating = re.search(r"运营补贴每位实际就餐老人每天\s*(\d+)\s*元", note)
        if operating:
            assert content["operator_subsidy_fen"] == int(operating.group(1)) * 100
    for version in rules.preset_versions(preset, "timebank"):
        daily = re.search(r"每日最多存入(\d+)小时", version.note)
        total = re.search(r"累计最多(\d+)小时", version.note)
        assert daily and int(daily.group(1)) == version.content["daily_cap_hours"]
        assert total and int(total.group(1)) == version.content["lifetime_cap_hours"]
