"""The visit rate as the national target counts it: of those due a visit in the month, the
share visited at least once in it; and the home page's overdue count."""

import datetime as dt

from carepoint.visits import records, summary

D = dt.date
TODAY = D(2026, 11, 23)


def test_the_rate_is_the_share_of_people_due_in_the_month_who_were_visited(person, store, visit):
    # Given a weekly and a monthly resident visited in November, a monthly one not visited,
    # and a quarterly one visited in October (not due again until January)
    weekly = person("甲", D(1940, 5, 6), ["living_alone"])
    monthly = person("乙", D(1955, 5, 6), ["disabled_care"])
    missed = person("丙", D(1955, 5, 6), ["semi_disabled_care"])
    quarterly = person("丁", D(1955, 5, 6), ["living_alone"])
    person("戊", D(1960, 5, 6))  # in no tier
    for resident, day in ((weekly, D(2026, 10, 28)), (monthly, D(2026, 10, 20)),
                          (missed, D(2026, 10, 5)), (quarterly, D(2026, 10, 12))):  # fmt: skip
        records.record_visit(store, resident.id, visit(day), today=day)
    records.record_visit(store, weekly.id, visit(D(2026, 11, 3)))
    records.record_visit(store, weekly.id, visit(D(2026, 11, 10)))
    records.record_visit(store, monthly.id, visit(D(2026, 11, 19)))
    # When November's rate is computed
    rate = summary.visit_rate(store, 2026, 11, TODAY)
    # Then three were due (the quarterly one was not), two of them visited: 2/3
    assert (rate.due, rate.visited, rate.visits) == (3, 2, 3)
    assert round(rate.rate, 4) == 0.6667
    assert rate.by_tier == {"high_risk": (1, 1), "key": (2, 1)}


def test_a_quarterly_person_counts_in_the_month_their_visit_falls_due(person, store, visit):
    resident = person("丁", D(1955, 5, 6), ["living_alone"])
    records.record_visit(store, resident.id, visit(D(2026, 8, 12)), today=D(2026, 8, 12))
    assert summary.visit_rate(store, 2026, 10, TODAY).due == 0
    november = summary.visit_rate(store, 2026, 11, TODAY)
    assert (november.due, november.visited, november.rate) == (1, 0, 0.0)


def test_a_past_month_uses_the_tiers_of_that_month(person, store, visit):
    # Given someone who turned 80 (living alone) on 15 October: general before, weekly after
    resident = person("老寿星", D(1946, 10, 15), ["living_alone"])
    records.record_visit(store, resident.id, visit(D(2026, 8, 20)), today=D(2026, 8, 20))
    # Then September (general; due 20 November) owed nothing, October (high risk) owed a visit
    assert summary.visit_rate(store, 2026, 9, TODAY).due == 0
    october = summary.visit_rate(store, 2026, 10, TODAY)
    assert (october.due, october.visited, october.by_tier) == (1, 0, {"high_risk": (1, 0)})


def test_a_month_with_nobody_due_has_no_rate(store):
    rate = summary.visit_rate(store, 2026, 11, TODAY)
    assert (rate.due, rate.rate) == (0, None)
    assert rate.to_json()["rate"] is None


def test_an_open_follow_up_makes_someone_due_in_the_month(person, store, visit):
    resident = person("丁", D(1955, 5, 6), ["living_alone"])
    records.record_visit(store, resident.id, visit(D(2026, 10, 28), follow_up_date=D(2026, 11, 4)),
                         today=D(2026, 10, 28))  # fmt: skip
    assert summary.visit_rate(store, 2026, 11, TODAY).due == 1


def test_the_home_figures_count_the_overdue_and_this_months_rate(person, store, visit):
    late = person("甲", D(1940, 5, 6), ["living_alone"])
    person("乙", D(1955, 5, 6), ["living_alone"])  # never visited, in the tier since 2020
    records.record_visit(store, late.id, visit(D(2026, 11, 12)))
    figures = summary.home_figures(store, TODAY)
    assert figures.overdue == 2
    assert (figures.rate.due, figures.rate.visited) == (2, 1)
