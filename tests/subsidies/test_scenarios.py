"""Entitlements month by month as a clerk meets them: birthdays at bracket edges, deaths, moves,
lost contact, exclusions, yearly and half-yearly payments, 29 February."""

from __future__ import annotations

import datetime as dt

from subsidies.subsidy_helpers import GUICHI_LIKE, amounts, changes_of, compute, old_age_rules

from carepoint.subsidies.reasons import change_cause, line_reason


def test_turning_80_mid_month_pays_that_month_when_ages_count_on_the_last_day(
    store, use_rules, person
):
    # Given ages counted on the last day of the month, and 王奶奶 turning 80 on 15 November
    use_rules(old_age_rules(GUICHI_LIKE, age_reference="month_end"))
    wang = person("王奶奶", dt.date(1946, 11, 15))
    # When October and November are computed
    october, november = compute(store, "2026-10"), compute(store, "2026-11")
    # Then October pays nothing, November pays the 80–89 standard and lists her as new
    assert amounts(october, wang) == []
    assert amounts(november, wang) == [("80-89", "2026-11..2026-11", 3000)]
    assert changes_of(november, wang) == [("new", "80-89", "age", "2026-11-15")]


def test_turning_80_mid_month_pays_from_the_next_month_when_ages_count_on_the_first(
    store, use_rules, person
):
    use_rules(old_age_rules(GUICHI_LIKE, age_reference="month_day", reference_day=1))
    wang = person("王奶奶", dt.date(1946, 11, 15))
    assert amounts(compute(store, "2026-11"), wang) == []
    assert amounts(compute(store, "2026-12"), wang) == [("80-89", "2026-12..2026-12", 3000)]


def test_turning_90_stops_the_old_bracket_and_starts_the_new_one(store, use_rules, person):
    # Given 李爷爷 turns 90 on 9 November
    use_rules(old_age_rules(GUICHI_LIKE))
    li = person("李爷爷", dt.date(1936, 11, 9))
    # When November is computed
    november = compute(store, "2026-11")
    # Then he is paid the 90–99 standard, and both lists say why
    assert amounts(november, li) == [("90-99", "2026-11..2026-11", 6000)]
    assert changes_of(november, li) == [
        ("new", "90-99", "bracket", "2026-11-09"),
        ("stopped", "80-89", "bracket", "2026-11-09"),
    ]
    line = next(x for x in november.lines if x.resident_id == li.id)
    reason = line_reason(line)
    assert "90" in reason and "2026" in reason and "60" in reason


def test_a_death_mid_month_is_paid_that_month_when_payments_stop_the_month_after(
    store, use_rules, person, status
):
    use_rules(old_age_rules(GUICHI_LIKE, stop_on_death="month_after"))
    zhao = person("赵大爷", dt.date(1940, 3, 1))
    status(zhao, "deceased", dt.date(2026, 10, 15))
    assert amounts(compute(store, "2026-10"), zhao) == [("80-89", "2026-10..2026-10", 3000)]
    november = compute(store, "2026-11")
    assert amounts(november, zhao) == []
    assert changes_of(november, zhao) == [("stopped", "80-89", "deceased", "2026-10-15")]


def test_a_death_mid_month_is_not_paid_that_month_when_the_rule_includes_it(
    store, use_rules, person, status
):
    use_rules(old_age_rules(GUICHI_LIKE, stop_on_death="same_month"))
    zhao = person("赵大爷", dt.date(1940, 3, 1))
    status(zhao, "deceased", dt.date(2026, 10, 15))
    assert amounts(compute(store, "2026-09"), zhao) != []
    october = compute(store, "2026-10")
    assert amounts(october, zhao) == []
    assert changes_of(october, zhao) == [("stopped", "80-89", "deceased", "2026-10-15")]


def test_moving_away_stops_payments_from_the_month_after(store, use_rules, person, status):
    use_rules(old_age_rules(GUICHI_LIKE))
    sun = person("孙奶奶", dt.date(1941, 5, 5))
    status(sun, "moved_out", dt.date(2026, 9, 10), "迁往女儿家")
    assert amounts(compute(store, "2026-09"), sun) != []
    october = compute(store, "2026-10")
    assert amounts(october, sun) == []
    [stop] = [c for c in october.changes if c.resident_id == sun.id]
    assert stop.cause == "moved_out" and "2026" in change_cause(stop)


def test_three_months_out_of_contact_stop_payments(store, use_rules, person, status):
    # Given lost contact on 10 June and a three-month rule
    use_rules(old_age_rules(GUICHI_LIKE, lost_contact_months=3))
    qian = person("钱大爷", dt.date(1939, 1, 1))
    status(qian, "lost_contact", dt.date(2026, 6, 10))
    # Then June to August are still paid, and September (three months on) is not
    assert [bool(amounts(compute(store, m), qian)) for m in ("2026-06", "2026-08", "2026-09")] == [
        True,
        True,
        False,
    ]


def test_coming_back_after_a_move_pays_again_from_the_month_of_return(
    store, use_rules, person, status
):
    use_rules(old_age_rules(GUICHI_LIKE))
    zhou = person("周奶奶", dt.date(1941, 5, 5))
    status(zhou, "moved_out", dt.date(2026, 6, 10))
    status(zhou, "active", dt.date(2026, 9, 2), "回村居住")
    assert amounts(compute(store, "2026-08"), zhou) == []
    september = compute(store, "2026-09")
    assert amounts(september, zhou) != []
    assert [c.cause for c in september.changes if c.resident_id == zhou.id] == ["returned"]


def test_people_on_the_minimum_living_allowance_get_no_allowance_where_the_rule_excludes_them(
    store, use_rules, person
):
    # Given Laixi's yearly allowance, which excludes 低保
    use_rules(
        old_age_rules(
            [(80, 84, 200), (85, 89, 600), (90, 99, 800)],
            frequency="yearly",
            pay_months=[12],
            excludes=["low_income"],
            age_reference="year_end",
        )
    )
    poor = person("低保户", dt.date(1944, 6, 1), categories=[("low_income", dt.date(2020, 1, 1))])
    other = person("普通户", dt.date(1944, 6, 2))
    december = compute(store, "2026-12")
    assert amounts(december, poor) == []
    assert amounts(december, other) == [("80-84", "2026-01..2026-12", 20000)]


def test_a_yearly_allowance_is_paid_once_in_its_month_by_the_age_on_31_december(
    store, use_rules, person
):
    use_rules(
        old_age_rules(
            [(80, 84, 200), (85, 89, 600), (90, 99, 800)],
            frequency="yearly",
            pay_months=[12],
            age_reference="year_end",
        )
    )
    new_year_eve = person("除夕生", dt.date(1946, 12, 31))  # 80 on 31 December 2026
    new_year = person("元旦生", dt.date(1947, 1, 1))  # still 79 then
    assert compute(store, "2026-11").lines == []
    december = compute(store, "2026-12")
    assert amounts(december, new_year_eve) == [("80-84", "2026-01..2026-12", 20000)]
    assert amounts(december, new_year) == []
    line = december.lines[0]
    assert "12" in line_reason(line) and line.months == 12


def test_a_half_yearly_payment_counts_each_month_and_splits_at_a_birthday(store, use_rules, person):
    # Given Rongcheng-style rules: counted monthly, paid in June and December
    use_rules(old_age_rules(GUICHI_LIKE, frequency="half_yearly", pay_months=[6, 12]))
    ma = person("马奶奶", dt.date(1936, 4, 20))  # turns 90 in April 2026
    assert compute(store, "2026-05").lines == []
    # When June is computed
    june = compute(store, "2026-06")
    # Then January–March are paid at 80–89 and April–June at 90–99
    assert amounts(june, ma) == [
        ("80-89", "2026-01..2026-03", 3 * 3000),
        ("90-99", "2026-04..2026-06", 3 * 6000),
    ]
    assert amounts(compute(store, "2026-12"), ma) == [("90-99", "2026-07..2026-12", 6 * 6000)]


def test_a_29_february_birthday_reaches_the_new_age_on_1_march_in_other_years(
    store, use_rules, person
):
    use_rules(old_age_rules(GUICHI_LIKE))
    leap = person("闰日生", dt.date(1936, 2, 29))
    assert amounts(compute(store, "2026-02"), leap) == [("80-89", "2026-02..2026-02", 3000)]
    march = compute(store, "2026-03")
    assert amounts(march, leap) == [("90-99", "2026-03..2026-03", 6000)]
    assert ("new", "90-99", "bracket", "2026-03-01") in changes_of(march, leap)


def test_a_29_february_birthday_counts_on_the_day_in_a_leap_year(store, use_rules, person):
    use_rules(old_age_rules(GUICHI_LIKE))
    leap = person("闰日生", dt.date(1944, 2, 29))
    assert amounts(compute(store, "2024-01"), leap) == []
    assert changes_of(compute(store, "2024-02"), leap) == [("new", "80-89", "age", "2024-02-29")]


def test_a_one_off_payment_is_made_in_the_month_a_person_first_qualifies(store, use_rules, person):
    content = old_age_rules(GUICHI_LIKE)
    content["items"].append(
        {
            "key": "gift",
            "type": "old_age",
            "name": "百岁慰问金",
            "frequency": "once",
            "brackets": [{"min_age": 100, "amount_fen": 100000}],
        }
    )
    use_rules(content)
    centenarian = person("百岁", dt.date(1926, 10, 3))
    october = compute(store, "2026-10")
    assert ("100-", "2026-10..2026-10", 100000) in amounts(october, centenarian)
    assert amounts(compute(store, "2026-11"), centenarian) == [("100-", "2026-11..2026-11", 30000)]


def test_the_jurong_preset_pays_home_care_by_group_and_nursing_care_for_the_disabled(store, person):
    since = dt.date(2020, 1, 1)
    first_group = person(
        "分散特困", dt.date(1950, 1, 1), categories=[("special_hardship_dispersed", since)]
    )
    second_group = person("低保", dt.date(1950, 1, 2), categories=[("low_income", since)])
    disabled_poor = person(
        "低保失能",
        dt.date(1950, 1, 3),
        categories=[("low_income", since), ("disabled_care", since)],
    )
    november = compute(store, "2026-11")
    by_person = {
        p.name: sorted(
            (x.subsidy_type, x.amount_fen) for x in november.lines if x.resident_id == p.id
        )
        for p in (first_group, second_group, disabled_poor)
    }
    assert by_person == {
        "分散特困": [("home_care", 15000)],
        "低保": [("home_care", 6000)],
        "低保失能": [("home_care", 15000), ("nursing_care", 10000)],
    }


def test_home_care_stops_when_a_person_enters_an_institution_but_the_allowance_goes_on(
    store, person, status
):
    since = dt.date(2020, 1, 1)
    wu = person("吴奶奶", dt.date(1940, 2, 2), categories=[("low_income", since)])
    status(wu, "in_institution", dt.date(2026, 9, 15), "入住敬老院")
    october = compute(store, "2026-10")
    assert sorted(x.subsidy_type for x in october.lines if x.resident_id == wu.id) == ["old_age"]


def test_meal_subsidies_from_the_meal_records_become_lines_of_their_own(store, person):
    wang = person("王奶奶", dt.date(1950, 1, 1))
    november = compute(store, "2026-11", meal_subsidies=lambda s, m: {wang.id: 4400})
    [meal] = [x for x in november.lines if x.resident_id == wang.id]
    assert (meal.subsidy_type, meal.amount_fen) == ("meal", 4400)
    assert november.totals["meal"] == 4400
    assert "2026-11" in line_reason(meal)
