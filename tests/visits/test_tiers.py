"""Tier derivation from the shipped rules (high risk weekly, key monthly, general quarterly),
with the explanation a cadre reads, manual overrides, and a clerk's edit of the rules."""

import datetime as dt

import pytest

from carepoint import rules
from carepoint.audit import history
from carepoint.errors import UserInputError
from carepoint.i18n import set_language
from carepoint.visits import overrides, schedule, tiers
from carepoint.visits.assessment_items import ITEMS
from carepoint.visits.assessments import AssessmentInput, record_assessment

D = dt.date
OLD = D(1940, 5, 6)  # 86
HIGH_ALONE = "aged 80 and over and living alone → high risk, weekly"
YOUNGER = D(1955, 5, 6)  # 71


TODAY = D(2026, 11, 23)


def tier(store, resident, day=TODAY):
    return schedule.tier_of(store, resident.id, day)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


@pytest.mark.parametrize(
    ("birth", "codes", "expected", "why"),
    [
        (OLD, ["living_alone"], "high_risk", HIGH_ALONE),
        (OLD, ["empty_nest"], "high_risk", "aged 80 and over and empty nest → high risk, weekly"),
        (OLD, ["left_behind"], "high_risk", "aged 80 and over and left behind → high risk, weekly"),
        (YOUNGER, ["dementia"], "high_risk", "dementia → high risk, weekly"),
        (YOUNGER, ["disabled_care"], "key", "disabled → key, monthly"),
        (YOUNGER, ["semi_disabled_care"], "key", "semi-disabled → key, monthly"),
        (YOUNGER, ["special_hardship_dispersed"], "key",
         "special hardship (dispersed) → key, monthly"),
        (YOUNGER, ["family_planning_special"], "key",
         "family planning special family → key, monthly"),
        (YOUNGER, ["severe_disability"], "key", "severe disability → key, monthly"),
        (YOUNGER, ["living_alone"], "general", "living alone → general, quarterly"),
        (YOUNGER, ["empty_nest"], "general", "empty nest → general, quarterly"),
        (YOUNGER, ["low_income"], "general", "minimum living allowance → general, quarterly"),
        (YOUNGER, ["entitled_group"], "general", "entitled group → general, quarterly"),
        (OLD, [], "general", "aged 80 and over → general, quarterly"),
        (OLD, ["dementia", "living_alone"], "high_risk",
         "aged 80 and over and living alone → high risk, weekly"),
        (OLD, ["disabled_care", "low_income"], "key", "disabled → key, monthly"),
    ],
)  # fmt: skip
def test_each_rule_gives_its_tier_and_says_why(person, store, birth, codes, expected, why):
    # Given a resident with these categories and age
    resident = person("张三", birth, codes)
    # When the tier is derived from the shipped rules
    result = tier(store, resident)
    # Then it is the rule's tier, with the reason in words
    assert (result.tier, result.source) == (expected, "rule")
    assert result.explanation() == why


def test_someone_under_80_in_no_special_group_is_not_in_a_visit_tier(person, store):
    result = tier(store, person("王芳", YOUNGER))
    assert result.tier == ""
    assert result.explanation() == "not in a visit tier"


def test_the_80th_birthday_moves_a_person_living_alone_to_high_risk_that_day(person, store):
    resident = person("李老汉", D(1946, 11, 25), ["living_alone"])
    assert tier(store, resident, D(2026, 11, 24)).tier == "general"
    assert tier(store, resident, D(2026, 11, 25)).tier == "high_risk"
    # and the schedule knows to look again on the birthday
    assert tier(store, resident, D(2026, 11, 23)).recheck_on == D(2026, 11, 25)


def test_an_ended_category_no_longer_counts(person, store):
    from carepoint.residents import end_category, resident_detail

    resident = person("赵六", YOUNGER, ["disabled_care"])
    membership = resident_detail(resident.id).categories[0]
    end_category(store, membership.id, D(2026, 10, 31))
    assert tier(store, resident, D(2026, 10, 31)).tier == "key"
    assert tier(store, resident, D(2026, 11, 1)).tier == ""


def test_a_severe_assessment_level_makes_a_person_high_risk(person, store):
    resident = person("钱七", YOUNGER)
    scores = {item.code: 1 for item in ITEMS}  # 26 points: ability lost
    record_assessment(
        store, resident.id, AssessmentInput(D(2026, 11, 2), "王医生", "李护士", scores)
    )
    result = tier(store, resident)
    assert result.tier == "high_risk"
    assert result.explanation() == "assessed as ability lost → high risk, weekly"


def test_a_deceased_person_has_no_tier_from_the_day_of_death(person, store):
    from carepoint.residents import set_status

    resident = person("孙八", OLD, ["living_alone"])
    set_status(store, resident.id, "deceased", D(2026, 11, 10))
    assert tier(store, resident, D(2026, 11, 9)).tier == "high_risk"
    assert tier(store, resident, D(2026, 11, 23)).tier == ""


def test_a_manual_override_wins_says_why_and_is_audited(person, store):
    # Given a general-tier resident
    resident = person("周九", YOUNGER, ["living_alone"])
    # When a clerk sets him to high risk by hand
    overrides.set_override(store, resident.id, "high_risk", "刚出院，需密切关注", D(2026, 11, 20))
    # Then the override wins, and the reason is the explanation
    result = tier(store, resident)
    assert (result.tier, result.source) == ("high_risk", "override")
    assert result.explanation() == "set by hand: 刚出院，需密切关注 → high risk, weekly"
    assert tier(store, resident, D(2026, 11, 19)).tier == "general"
    assert {h.field for h in history([_override_uuid(store)])} >= {"tier", "reason", "start_date"}


def test_ending_an_override_returns_to_the_rules_from_the_next_day(person, store):
    resident = person("吴十", YOUNGER, ["living_alone"])
    overrides.set_override(store, resident.id, "key", "独居且无电话", D(2026, 11, 1))
    overrides.end_override(store, resident.id)
    assert tier(store, resident, D(2026, 11, 22)).tier == "key"
    assert tier(store, resident).tier == "general"


def test_an_override_without_a_reason_is_refused_and_nothing_is_written(person, store):
    resident = person("郑一", YOUNGER)
    with pytest.raises(UserInputError, match="reason"):
        overrides.set_override(store, resident.id, "high_risk", "  ")
    assert overrides.overrides_of(store, resident.id) == []


def test_none_takes_a_person_out_of_the_visits(person, store):
    resident = person("冯二", OLD, ["living_alone"])
    overrides.set_override(store, resident.id, "none", "长期住院")
    assert tier(store, resident).tier == ""


def _override_uuid(store):
    return store.db.execute_sql("SELECT uuid FROM visit_tier_override").fetchone()[0]


def _fortnightly_key_rules(store):
    content = rules.rules_on(store, "visits", D(2026, 11, 23)).content
    edited = {"tiers": [dict(t) for t in content["tiers"]]}
    edited["tiers"][1]["every"] = "2w"
    return edited


def test_a_clerks_edit_of_the_frequency_applies_from_its_date(person, store):
    # Given a key-tier resident, and a rule edit making key visits fortnightly from 1 December
    resident = person("陈三", YOUNGER, ["disabled_care"])
    edited = _fortnightly_key_rules(store)
    rules.save_version(store, "visits", D(2026, 12, 1), edited, "改为两周一次", tiers.problems)
    # Then November keeps the old rhythm and December has the new one
    assert tier(store, resident, D(2026, 11, 30)).every.code == "1m"
    assert tier(store, resident, D(2026, 12, 1)).every.code == "2w"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({}, "at least one tier"),
        ({"tiers": [{"code": "vip", "every": "1w"}]}, "Unknown visit tier vip"),
        ({"tiers": [{"code": "key", "every": "often"}]}, "number of days, weeks or months"),
        ({"tiers": [{"code": "key", "every": "1m", "criteria": [{}]}]}, "names no condition"),
        ({"tiers": [{"code": "key", "every": "1m", "criteria": [{"any_of": ["rich"]}]}]},
         "Unknown category rich"),
        ({"tiers": [{"code": "key", "every": "1m", "criteria": [{"levels": ["bad"]}]}]},
         "Unknown assessment level bad"),
        ({"tiers": [{"code": "key", "every": "1m"}, {"code": "key", "every": "1m"}]},
         "listed twice"),
    ],
)  # fmt: skip
def test_a_broken_rule_table_is_refused_with_the_reason_and_not_stored(store, content, message):
    with pytest.raises(UserInputError, match=message):
        rules.save_version(store, "visits", D(2026, 12, 1), content, "", tiers.problems)
    assert [v.source for v in rules.versions(store, "visits")] == ["preset"]


def test_every_preset_ships_valid_visit_rules_with_the_domain_defaults():
    for preset in rules.presets():
        (version,) = rules.preset_versions(preset, "visits")
        assert tiers.problems(version.content) == []
        parsed = tiers.parse_rules(version.content)
        codes = [(t.code, t.every.code) for t in parsed.tiers]
        if preset == "national":
            # The national minimum (2022 guidance): special-difficulty groups monthly; a county
            # adds its own weekly tier in the settings.
            assert codes == [("key", "1m"), ("general", "3m")], preset
            monthly = {code for c in parsed.tiers[0].criteria for code in c.any_of}
            assert {"living_alone", "empty_nest", "left_behind", "disabled_care",
                    "severe_disability", "family_planning_special"} <= monthly  # fmt: skip
            continue
        assert codes == [("high_risk", "1w"), ("key", "1m"), ("general", "3m")], preset
