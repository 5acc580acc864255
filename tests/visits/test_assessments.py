"""Ability assessments (GB/T 42195-2022): the score bands, the one-level raise, two assessors,
the 失能 / 半失能 categories that follow the level, and reassessment every six months."""

import datetime as dt

import pytest

from carepoint.audit import history
from carepoint.errors import UserInputError
from carepoint.residents import resident_detail, set_status
from carepoint.visits import records
from carepoint.visits.assessment_items import (
    DIMENSIONS,
    ITEMS,
    MAX_TOTAL,
    dimension_items,
    final_level,
    level_for_total,
)
from carepoint.visits.assessments import (
    AssessmentInput,
    assessments_of,
    reassessments_due,
    record_assessment,
)

D = dt.date


def scores_totalling(total):
    scores = {item.code: item.max_score for item in ITEMS}
    deficit = MAX_TOTAL - total
    for item in ITEMS:
        taken = min(deficit, item.max_score)
        scores[item.code] -= taken
        deficit -= taken
    return scores


def assess(store, resident, day, total, **more):
    data = AssessmentInput(day, "王医生", "李护士", scores_totalling(total), **more)
    return record_assessment(store, resident.id, data, today=D(2026, 11, 23))


def open_categories(store, resident):
    return sorted(
        (m.code, m.start_date, m.end_date)
        for m in resident_detail(resident.id).categories
        if m.code in ("disabled_care", "semi_disabled_care")
    )


def test_the_standard_has_four_dimensions_26_items_and_90_points():
    assert len(ITEMS) == 26
    assert [len(dimension_items(d)) for d in DIMENSIONS] == [8, 4, 9, 5]
    assert [sum(i.max_score for i in dimension_items(d)) for d in DIMENSIONS] == [32, 15, 28, 15]
    assert MAX_TOTAL == 90


@pytest.mark.parametrize(
    ("total", "level"),
    [(90, "intact"), (89, "mild"), (66, "mild"), (65, "moderate"), (46, "moderate"),
     (45, "severe"), (30, "severe"), (29, "complete"), (0, "complete")],
)  # fmt: skip
def test_the_total_falls_in_its_band(total, level):
    assert level_for_total(total) == level


@pytest.mark.parametrize(
    ("base", "dementia", "events", "level"),
    [
        ("intact", True, 0, "mild"),
        ("mild", False, 2, "moderate"),
        ("moderate", False, 3, "severe"),
        ("severe", True, 2, "complete"),  # one level, even with both reasons
        ("complete", True, 0, "complete"),  # there is nothing worse
        ("mild", False, 1, "mild"),  # one event is not enough
    ],
)
def test_dementia_or_two_risk_events_make_the_level_one_worse(base, dementia, events, level):
    assert final_level(base, dementia, events) == level


def test_an_assessment_stores_scores_total_and_raised_level_with_two_assessors(person, store):
    resident = person("张三", D(1945, 5, 6))
    assess(store, resident, D(2026, 11, 2), 70, dementia=True)
    (found,) = assessments_of(store, resident.id)
    assert (found.total, found.base_level, found.level) == (70, "mild", "moderate")
    assert (found.assessor_1, found.assessor_2) == ("王医生", "李护士")
    assert sum(found.scores.values()) == 70


def test_the_level_sets_the_dated_disability_categories_through_the_register(person, store):
    # Given a resident assessed mildly impaired on 1 May: semi-disabled from that day
    resident = person("李四", D(1945, 5, 6))
    assess(store, resident, D(2026, 5, 1), 70)
    assert open_categories(store, resident) == [("semi_disabled_care", D(2026, 5, 1), None)]
    # When reassessed as severely impaired on 2 November
    assess(store, resident, D(2026, 11, 2), 40)
    # Then semi-disabled ends the day before and disabled starts that day, both audited
    assert open_categories(store, resident) == [
        ("disabled_care", D(2026, 11, 2), None),
        ("semi_disabled_care", D(2026, 5, 1), D(2026, 11, 1)),
    ]
    uuids = [m.uuid for m in resident_detail(resident.id).categories]
    assert {(h.action, h.field) for h in history(uuids)} >= {
        ("add", "code"),
        ("update", "end_date"),
    }


def test_an_intact_result_ends_the_disability_category(person, store):
    resident = person("王五", D(1945, 5, 6))
    assess(store, resident, D(2026, 5, 1), 50)
    assess(store, resident, D(2026, 11, 2), 90)
    assert open_categories(store, resident) == [
        ("semi_disabled_care", D(2026, 5, 1), D(2026, 11, 1))
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"assessor_2": "王医生"}, "different people"),
        ({"assessor_2": ""}, "two assessors"),
        ({"assessed_on": D(2026, 12, 1)}, "future"),
        ({"risk_events": -1}, "negative"),
    ],
)
def test_bad_assessments_are_refused_and_nothing_is_written(person, store, change, message):
    from carepoint.i18n import set_language

    set_language("en")
    resident = person("赵六", D(1945, 5, 6))
    data = AssessmentInput(D(2026, 11, 2), "王医生", "李护士", scores_totalling(60))
    for key, value in change.items():
        setattr(data, key, value)
    with pytest.raises(UserInputError, match=message):
        record_assessment(store, resident.id, data)
    assert assessments_of(store, resident.id) == []
    assert open_categories(store, resident) == []


def test_a_score_above_the_items_maximum_is_refused(person, store):
    resident = person("赵六", D(1945, 5, 6))
    scores = scores_totalling(90)
    scores["stairs"] = 4  # 上下楼梯 has at most 3 points
    with pytest.raises(UserInputError):
        record_assessment(store, resident.id, AssessmentInput(D(2026, 11, 2), "甲", "乙", scores))
    assert assessments_of(store, resident.id) == []


def test_an_assessment_after_death_is_refused(person, store):
    resident = person("孙八", D(1945, 5, 6))
    set_status(store, resident.id, "deceased", D(2026, 11, 1))
    with pytest.raises(UserInputError, match="孙八"):
        assess(store, resident, D(2026, 11, 2), 60)


def test_a_reassessment_is_due_six_months_later_or_after_a_change(person, store):
    # Given one assessed in May (due in November) and one in October whose health then worsened
    regular = person("周一", D(1945, 5, 6))
    changed = person("周二", D(1945, 5, 6))
    assess(store, regular, D(2026, 5, 20), 70)
    assess(store, changed, D(2026, 10, 1), 70)
    visit = records.VisitInput(D(2026, 11, 5), "clerk1", "home", findings={"health": ("poor", "")})
    records.record_visit(store, changed.id, visit)
    # Then both are due a reassessment, the changed one from the day of that visit
    due = {
        (r.name, r.due_date, r.because_of_change) for r in reassessments_due(store, D(2026, 11, 23))
    }
    assert due == {("周一", D(2026, 11, 20), False), ("周二", D(2026, 11, 5), True)}
    assert [r.name for r in reassessments_due(store, D(2026, 11, 19))] == ["周二"]
