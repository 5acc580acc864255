"""The checks before approval: each finds its problem, names the lines, and blocks or warns."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.subsidy_helpers import GUICHI_LIKE, compute, month, old_age_rules

from carepoint.errors import UserInputError
from carepoint.residents import CategoryInput, add_category
from carepoint.subsidies import ledger
from carepoint.subsidies.anomalies import find_anomalies
from carepoint.subsidies.workflow import approve_month, review_month

GOOD_CARD = "6228480402564890018"


@pytest.fixture
def october(store, use_rules, person):
    use_rules(old_age_rules(GUICHI_LIKE))
    people = {
        "li": person("李爷爷", dt.date(1936, 1, 9)),
        "zhang": person("张奶奶", dt.date(1940, 5, 2)),
    }
    compute(store, "2026-10")
    return people


def kinds(store, text="2026-10", **options) -> list[tuple[str, str]]:
    options.setdefault("meal_subsidies", None)
    return sorted((a.kind, a.name) for a in find_anomalies(store, month(text), **options))


def test_a_correct_month_has_no_anomalies(store, october):
    assert kinds(store) == []


def test_a_death_recorded_after_computing_is_a_payment_after_death_that_blocks_approval(
    store, october, status
):
    status(october["li"], "deceased", dt.date(2026, 9, 3))
    [anomaly] = find_anomalies(store, month("2026-10"), meal_subsidies=None)
    assert (anomaly.kind, anomaly.name, anomaly.blocking) == ("payment_after_death", "李爷爷", True)
    assert "2026-10" in anomaly.message and anomaly.line_ids
    review_month(store, month("2026-10"))
    with pytest.raises(UserInputError):
        approve_month(store, month("2026-10"), meal_subsidies=None)
    assert ledger.month_record(store, month("2026-10")).state == "reviewed"


def test_a_move_recorded_after_computing_is_a_payment_after_a_stop(store, october, status):
    status(october["zhang"], "moved_out", dt.date(2026, 8, 30))
    assert kinds(store) == [("payment_after_stop", "张奶奶")]


def test_the_same_id_number_twice_is_found_through_an_old_15_digit_number(store, october):
    # Given 张奶奶's record was imported again long ago with her old 15-digit number
    number = october["li"].id_number
    old_form = number[:6] + number[8:17]
    store.db.execute_sql(
        "UPDATE resident SET id_number = ? WHERE id = ?", [old_form, october["zhang"].id]
    )
    assert kinds(store) == [("duplicate_id", "张奶奶"), ("duplicate_id", "李爷爷")]


def test_missing_and_malformed_bank_accounts_are_warnings(store, use_rules, person):
    use_rules(old_age_rules(GUICHI_LIKE))
    person("无卡", dt.date(1936, 1, 9), account="")
    person("错卡", dt.date(1936, 1, 10), account="6228480402564890019")  # fails the check digit
    compute(store, "2026-10")
    found = find_anomalies(store, month("2026-10"), meal_subsidies=None)
    assert sorted((a.kind, a.name, a.blocking) for a in found) == [
        ("bank_account_malformed", "错卡", False),
        ("bank_account_missing", "无卡", False),
    ]
    malformed = next(a for a in found if a.name == "错卡")
    assert "6228480402564890019" not in malformed.message  # only the last digits are shown


def test_a_birth_date_changed_after_computing_is_an_age_that_jumped(store, october):
    store.db.execute_sql(
        "UPDATE resident SET birth_date = '1956-01-09' WHERE id = ?", [october["li"].id]
    )
    assert kinds(store) == [("age_jump", "李爷爷")]


def test_an_age_that_jumped_against_last_month_is_found(store, october):
    compute(store, "2026-11")
    store.db.execute_sql(
        "UPDATE subsidy_line SET age = 95 WHERE month = '2026-10' AND resident_id = ?",
        [october["zhang"].id],
    )
    assert ("age_jump", "张奶奶") in kinds(store, "2026-11")


def test_a_changed_line_makes_the_totals_not_add_up(store, october):
    store.db.execute_sql("UPDATE subsidy_line SET amount_fen = amount_fen + 1 WHERE id = 1")
    assert kinds(store) == [("totals_mismatch", "")]


def test_meal_records_changed_after_computing_do_not_add_up(store, october):
    li = october["li"]
    compute(store, "2026-10", meal_subsidies=lambda s, m: {li.id: 3000})
    found = kinds(store, meal_subsidies=lambda s, m: {li.id: 3300})
    assert found == [("totals_mismatch", "李爷爷")]


def test_a_category_that_excludes_the_subsidy_recorded_after_computing_is_found(
    store, use_rules, person
):
    use_rules(old_age_rules(GUICHI_LIKE, excludes=["low_income"]))
    wu = person("吴奶奶", dt.date(1940, 2, 2))
    compute(store, "2026-10")
    add_category(store, wu.id, CategoryInput("low_income", dt.date(2026, 1, 1)))
    [anomaly] = find_anomalies(store, month("2026-10"), meal_subsidies=None)
    assert anomaly.kind == "excluded_category" and anomaly.blocking


def test_meals_in_the_month_of_a_death_are_not_payments_after_it_but_later_ones_are(
    store, use_rules, person, status
):
    # Given payments stop in the month of death, and 王奶奶 ate in October and died on 20 October
    use_rules(old_age_rules(GUICHI_LIKE, stop_on_death="same_month"))
    wang = person("王奶奶", dt.date(1950, 5, 5))
    status(wang, "deceased", dt.date(2026, 10, 20))
    compute(store, "2026-10", meal_subsidies=lambda s, m: {wang.id: 800})
    compute(store, "2026-11", meal_subsidies=lambda s, m: {wang.id: 400})
    # Then October's meals are fine, and November's are a payment after her death
    assert kinds(store, "2026-10") == []
    assert kinds(store, "2026-11") == [("payment_after_death", "王奶奶")]
