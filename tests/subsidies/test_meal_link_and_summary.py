"""The meal subsidy comes from the real meal records; the home page's numbers for the month."""

from __future__ import annotations

import datetime as dt

from subsidies.subsidy_helpers import GUICHI_LIKE, compute, month, old_age_rules

from carepoint.meals.signin import sign_in
from carepoint.subsidies.meal_link import meal_subsidies
from carepoint.subsidies.summary import month_summary
from carepoint.subsidies.workflow import compute_month, review_month


def test_the_meal_subsidy_is_the_sum_frozen_on_the_months_served_meals(store, person):
    # Given 王奶奶 (86) had two lunches in November and one in October
    wang = person("王奶奶", dt.date(1940, 5, 1))
    first = sign_in(store, wang.id, dt.date(2026, 11, 2), "lunch")
    second = sign_in(store, wang.id, dt.date(2026, 11, 3), "lunch")
    sign_in(store, wang.id, dt.date(2026, 10, 30), "lunch")
    assert first.subsidy_fen > 0
    # When November's subsidies are computed with the real meal link
    expected = first.subsidy_fen + second.subsidy_fen
    assert meal_subsidies(store, "2026-11") == {wang.id: expected}
    november = compute_month(store, month("2026-11"))
    # Then her meal line carries the two lunches' subsidy
    [meal] = [x for x in november.lines if x.subsidy_type == "meal"]
    assert (meal.resident_id, meal.amount_fen) == (wang.id, expected)


def test_the_home_page_summary_shows_the_months_totals_by_type_and_its_state(
    store, use_rules, person
):
    use_rules(old_age_rules(GUICHI_LIKE))
    person("李爷爷", dt.date(1936, 1, 9))
    person("张奶奶", dt.date(1940, 5, 2))
    empty = month_summary(store)
    assert (empty.month, empty.state, empty.total_fen) == ("2026-11", "open", 0)
    compute(store, "2026-11", meal_subsidies=lambda s, m: {1: 440})
    review_month(store, month("2026-11"))
    summary = month_summary(store)
    totals = {t.subsidy_type: t.amount_fen for t in summary.totals}
    assert totals == {"old_age": 6000 + 3000, "home_care": 0, "nursing_care": 0, "meal": 440}
    assert (summary.state, summary.total_fen, summary.people) == ("reviewed", 9440, 2)
    assert summary.state_label and "2026" in summary.month_label
