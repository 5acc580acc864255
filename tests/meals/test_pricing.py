import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepoint import rules
from carepoint.errors import UserInputError
from carepoint.meals import pricing
from carepoint.meals.signin import sign_in

PRESETS = ("jurong", "guangzhou", "guichi", "laixi")


def _birthday_before(meal_day: dt.date, age: int) -> dt.date:
    """A birth date on which the person turns `age` exactly on `meal_day`."""
    return meal_day.replace(year=meal_day.year - age)


@pytest.mark.parametrize(
    ("age", "subsidy_the_day_before", "subsidy_on_the_birthday"),
    [
        (60, 0, 100),  # under 60: no band
        (75, 100, 500),
        (85, 500, 800),
        (95, 800, 900),
    ],
)
def test_the_jurong_lunch_subsidy_follows_the_age_on_the_meal_date_at_each_band_edge(
    store, person, age, subsidy_the_day_before, subsidy_on_the_birthday
):
    # Given someone who turns `age` on 20 November 2026
    birthday = dt.date(2026, 11, 20)
    resident = person("周边界", _birthday_before(birthday, age))

    # When they have lunch the day before and on their birthday
    before = sign_in(store, resident.id, birthday - dt.timedelta(days=1), "lunch")
    on_the_day = sign_in(store, resident.id, birthday, "lunch")

    # Then the subsidy is the one of their age on each meal date
    assert before.subsidy_fen == subsidy_the_day_before
    assert on_the_day.subsidy_fen == subsidy_on_the_birthday
    assert on_the_day.copay_fen == 900 - subsidy_on_the_birthday


@pytest.mark.parametrize(
    ("codes", "subsidy", "basis"),
    [
        (("low_income",), 800, "low_income"),
        (("family_planning_special",), 800, "family_planning_special"),
        (("entitled_group",), 800, "entitled_group"),
        (("severe_disability",), 800, "severe_disability"),
        (("special_hardship_dispersed",), 900, "special_hardship_dispersed"),
        (("low_income", "special_hardship_dispersed"), 900, "special_hardship_dispersed"),
        (("living_alone",), 100, "age:60-74"),
    ],
)
def test_a_category_raises_the_subsidy_of_a_young_old_diner_to_its_own_amount(
    store, person, codes, subsidy, basis
):
    resident = person("吴类别", dt.date(1960, 1, 1), *codes)
    meal = sign_in(store, resident.id, dt.date(2026, 11, 2), "lunch")
    assert (meal.subsidy_fen, meal.basis) == (subsidy, basis)


def test_a_category_that_ended_before_the_meal_date_no_longer_counts(store, person):
    from carepoint.residents import end_category, resident_detail

    resident = person("郑停保", dt.date(1960, 1, 1), "low_income")
    membership = resident_detail(resident.id).categories[0]
    end_category(store, membership.id, dt.date(2026, 10, 31))

    assert sign_in(store, resident.id, dt.date(2026, 10, 31), "lunch").subsidy_fen == 800
    assert sign_in(store, resident.id, dt.date(2026, 11, 1), "lunch").subsidy_fen == 100


def test_delivery_adds_the_fee_to_what_the_diner_pays_and_dinner_carries_no_jurong_subsidy(
    store, person
):
    resident = person("冯送餐", dt.date(1940, 6, 1))
    delivered = sign_in(store, resident.id, dt.date(2026, 11, 2), "lunch", mode="delivery")
    dinner = sign_in(store, resident.id, dt.date(2026, 11, 2), "dinner", mode="pickup")
    assert (delivered.subsidy_fen, delivered.delivery_fee_fen, delivered.copay_fen) == (
        800,
        200,
        300,
    )
    assert (dinner.subsidy_fen, dinner.copay_fen) == (0, 900)


def test_the_subsidy_never_exceeds_the_price_of_the_meal(store, person):
    content = {
        "sets": [{"key": "a", "name": "小份", "price_fen": 600}],
        "age_bands": [{"from_age": 60, "subsidy_fen": 900}],
        "funding": {"city": 100},
    }
    rules.save_version(store, "meals", dt.date(2026, 11, 1), content, validate=pricing.validate)
    resident = person("陈全免", dt.date(1940, 6, 1))
    meal = sign_in(store, resident.id, dt.date(2026, 11, 2), "lunch")
    assert (meal.price_fen, meal.subsidy_fen, meal.copay_fen) == (600, 600, 0)


@given(
    amount=st.integers(min_value=0, max_value=100_000),
    city=st.integers(min_value=0, max_value=100),
    county=st.integers(min_value=0, max_value=100),
)
def test_the_funding_split_adds_up_to_the_subsidy_to_the_fen(amount, city, county):
    county = min(county, 100 - city)
    shares = (city, county, 100 - city - county)
    parts = pricing.split(amount, shares)
    assert sum(parts) == amount
    for part, share in zip(parts, shares, strict=True):
        assert abs(part * 100 - amount * share) < 100


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"funding": {"city": 50, "county": 30, "village": 30}}, "100%"),
        ({"age_bands": [{"from_age": 60, "to_age": 80, "subsidy_fen": 100},
                        {"from_age": 75, "subsidy_fen": 500}]}, "overlap"),
        ({"category_subsidies": [{"category": "rich", "subsidy_fen": 100}]}, "rich"),
        ({"sets": []}, "set meal"),
        ({"delivery_fee_fen": -200}, "delivery fee"),
    ],
)  # fmt: skip
def test_a_malformed_meal_table_is_refused_with_the_reason(change, message):
    from carepoint import i18n

    i18n.set_language("en")
    content = {**rules.preset_versions("jurong", "meals")[0].content, **change}
    problems = pricing.validate(content)
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize("preset", PRESETS)
def test_every_shipped_preset_has_usable_meal_and_time_bank_rules(store, preset):
    from carepoint.timebank.caps import timebank_rules_on

    store.set_setting("rules_preset", preset)
    meal_rules = pricing.meal_rules_on(store, dt.date(2026, 11, 23))
    caps = timebank_rules_on(store, dt.date(2026, 11, 23))
    assert meal_rules.sets and sum(meal_rules.funding) == 100
    assert (caps.coins_per_hour, caps.daily_cap_minutes, caps.lifetime_cap_minutes) == (
        1,
        120,
        36_000,
    )


def test_the_jurong_preset_holds_the_2023_standard(store):
    jurong = pricing.meal_rules_on(store, dt.date(2023, 1, 1))
    assert [s.price_fen for s in jurong.sets] == [900, 1100, 1300]
    assert jurong.delivery_fee_fen == 200
    assert jurong.subsidised_meals == ("lunch",)


def test_the_beijing_style_preset_pays_a_flat_subsidy_to_basic_service_recipients(store, person):
    store.set_setting("rules_preset", "guichi")
    recipient = person("钱低保", dt.date(1950, 1, 1), "low_income")
    other = person("孙普通", dt.date(1950, 1, 2))
    assert sign_in(store, recipient.id, dt.date(2026, 11, 2), "lunch").subsidy_fen == 500
    assert sign_in(store, other.id, dt.date(2026, 11, 2), "lunch").subsidy_fen == 0


@pytest.mark.parametrize(
    ("typed", "fen"), [("9", 900), ("8.5", 850), ("¥1,409.50", 140950), ("0.01", 1), ("", 0)]
)
def test_amounts_typed_in_yuan_become_integer_fen(typed, fen):
    assert pricing.yuan_to_fen(typed) == fen


@pytest.mark.parametrize("typed", ["8.555", "abc", "-1", "1e3x"])
def test_an_amount_with_fractions_of_a_fen_or_no_number_is_refused(typed):
    with pytest.raises(UserInputError):
        pricing.yuan_to_fen(typed)
