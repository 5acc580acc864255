"""The subsidy rule tables: the four shipped presets, and the checks an edited table must pass."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from subsidies.subsidy_helpers import GUICHI_LIKE, old_age_rules

from carepoint import rules
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry
from carepoint.subsidies.rule_tables import AREA, parse
from carepoint.subsidies.validation import check, validate

PRESETS = ("jurong", "guangzhou", "guichi", "laixi")


@pytest.mark.parametrize("preset", PRESETS)
def test_each_shipped_preset_has_valid_subsidy_rules(preset):
    [version] = rules.preset_versions(preset, AREA)
    assert validate(version.content) == []
    assert version.note


def test_the_presets_hold_the_published_brackets(store):
    def brackets(preset: str) -> list[tuple]:
        store.set_setting("rules_preset", preset)
        table = rules.rules_on(store, AREA, dt.date(2026, 11, 1))
        item = parse(table.content, table.effective_from).item("old_age")
        return [(b.min_age, b.max_age, b.amount_fen // 100) for b in item.brackets]

    assert brackets("guangzhou") == [(70, 79, 30), (80, 89, 100), (90, 99, 200), (100, None, 300)]
    assert brackets("guichi") == [(80, 89, 30), (90, 99, 60), (100, None, 300)]
    assert brackets("laixi") == [(80, 84, 200), (85, 89, 600), (90, 99, 800)]
    laixi = parse(rules.rules_on(store, AREA, dt.date(2026, 11, 1)).content, dt.date(2020, 1, 1))
    assert laixi.item("old_age").excludes == {"low_income"}
    assert laixi.age_reference == "year_end"


def test_overlapping_age_brackets_are_refused():
    problems = check(old_age_rules([(80, 89, 30), (85, 99, 60)]))
    assert len(problems.errors) == 1 and "85" in problems.errors[0]


def test_a_narrower_group_listed_first_is_a_tier_not_an_overlap():
    content = old_age_rules([(60, None, 60)])
    content["items"][0]["brackets"].insert(
        0, {"min_age": 60, "categories": ["low_income", "disabled_care"], "amount_fen": 15000}
    )
    assert validate(content) == []


def test_a_wider_group_listed_first_hides_the_narrower_one():
    content = old_age_rules([(60, None, 60)])
    content["items"][0]["brackets"].append(
        {"min_age": 60, "categories": ["low_income"], "amount_fen": 15000}
    )
    assert len(check(content).errors) == 1


def test_a_gap_between_brackets_is_refused_unless_it_is_marked_intended():
    content = old_age_rules([(80, 84, 200), (86, 89, 600)])
    problems = check(content)
    assert problems.errors == [] and len(problems.gaps) == 1 and "85" in problems.gaps[0]
    content["items"][0]["allow_gaps"] = True
    assert validate(content) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(age_reference="birthday"),
        lambda c: c.update(stop_on_death="never"),
        lambda c: c.update(lost_contact_months=0),
        lambda c: c["items"][0].update(type="pension"),
        lambda c: c["items"][0].update(frequency="weekly"),
        lambda c: c["items"][0].update(frequency="half_yearly", pay_months=[6]),
        lambda c: c["items"][0].update(excludes=["rich"]),
        lambda c: c["items"][0]["brackets"][0].update(amount_fen=0),
        lambda c: c["items"][0]["brackets"][0].update(amount_fen=30.5),
        lambda c: c["items"][0]["brackets"][0].update(max_age=70),
        lambda c: c["items"].append(copy.deepcopy(c["items"][0])),
    ],
)
def test_a_malformed_table_is_refused_with_a_message(change):
    content = old_age_rules(GUICHI_LIKE)
    change(content)
    assert validate(content) != []


def test_an_edited_table_is_saved_as_an_audited_version_and_a_bad_one_is_not(store):
    content = old_age_rules([(80, 89, 50), (90, None, 100)])
    rules.save_version(store, AREA, dt.date(2027, 1, 1), content, "提标", validate=validate)
    assert rules.rules_on(store, AREA, dt.date(2027, 1, 1)).content == content
    assert AuditEntry.select().where(AuditEntry.entity == "rule_version").count() == 4
    with pytest.raises(UserInputError):
        rules.save_version(
            store, AREA, dt.date(2027, 2, 1), old_age_rules([(80, 89, 0)]), validate=validate
        )
    assert len(rules.versions(store, AREA)) == 2
