"""追回: a death recorded months late leaves money to recover, listed until it is settled."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.subsidy_helpers import GUICHI_LIKE, compute, month, old_age_rules

from carepoint.errors import UserInputError
from carepoint.models import AuditEntry
from carepoint.subsidies.listing import recovery_rows
from carepoint.subsidies.recovery import recoveries, settle
from carepoint.subsidies.workflow import approve_month, mark_paid, review_month


def paid(store, text: str) -> None:
    compute(store, text)
    review_month(store, month(text))
    approve_month(store, month(text))
    mark_paid(store, month(text), dt.date(2026, 11, 20), f"B-{text}")


@pytest.fixture
def late_death(store, use_rules, person, status):
    """赵大爷 died on 20 July; August to October were paid before anyone recorded it."""
    use_rules(old_age_rules(GUICHI_LIKE, stop_on_death="month_after"))
    zhao = person("赵大爷", dt.date(1940, 3, 1))
    for text in ("2026-07", "2026-08", "2026-09", "2026-10"):
        paid(store, text)
    status(zhao, "deceased", dt.date(2026, 7, 20), "家属十一月才告知")
    return zhao


def test_a_death_recorded_three_months_late_owes_back_the_months_paid_after_it(store, late_death):
    [owed] = recoveries(store)
    assert owed.resident_id == late_death.id
    assert (owed.cause, owed.cause_date) == ("deceased", "2026-07-20")
    assert owed.months == ["2026-08", "2026-09", "2026-10"]
    assert owed.owed_fen == 3 * 3000
    [row] = recovery_rows([owed])
    assert "2026-08" in row.reason and "90" in row.outstanding


def test_the_month_of_death_is_owed_too_when_the_rule_stops_payments_that_month(
    store, use_rules, person, status
):
    use_rules(old_age_rules(GUICHI_LIKE, stop_on_death="same_month"))
    zhao = person("赵大爷", dt.date(1940, 3, 1))
    paid(store, "2026-07")
    status(zhao, "deceased", dt.date(2026, 7, 20))
    [owed] = recoveries(store)
    assert owed.months == ["2026-07"]


def test_a_recovery_stays_listed_until_all_of_it_is_settled(store, late_death):
    settle(store, late_death.id, 5000, dt.date(2026, 11, 22), "家属退回部分")
    [owed] = recoveries(store)
    assert owed.outstanding_fen == 4000
    settle(store, late_death.id, 4000, dt.date(2026, 11, 23))
    assert recoveries(store) == []
    assert recoveries(store, include_settled=True)[0].settled_fen == 9000
    assert AuditEntry.select().where(AuditEntry.action == "recover").count() >= 2


def test_more_than_is_owed_cannot_be_recorded_and_nothing_is_written(store, late_death):
    with pytest.raises(UserInputError, match="90"):
        settle(store, late_death.id, 9001, dt.date(2026, 11, 22))
    with pytest.raises(UserInputError):
        settle(store, late_death.id, 100, dt.date(2026, 11, 22), role="viewer")
    assert recoveries(store)[0].settled_fen == 0


def test_months_not_yet_approved_owe_nothing_they_are_computed_again(
    store, use_rules, person, status
):
    use_rules(old_age_rules(GUICHI_LIKE))
    zhao = person("赵大爷", dt.date(1940, 3, 1))
    compute(store, "2026-10")
    status(zhao, "deceased", dt.date(2026, 8, 2))
    assert recoveries(store) == []


def test_a_yearly_payment_made_after_the_death_is_owed_back_whole(store, use_rules, person, status):
    # Given a yearly allowance paid in December 2025 to 李奶奶, who had died in November
    use_rules(
        old_age_rules(
            [(80, 84, 200), (85, 89, 600)],
            frequency="yearly",
            pay_months=[12],
            age_reference="year_end",
        )
    )
    li = person("李奶奶", dt.date(1944, 5, 5))
    paid(store, "2025-12")
    assert recoveries(store) == []
    # When her death on 10 November 2025 is recorded a year late
    status(li, "deceased", dt.date(2025, 11, 10))
    # Then the whole yearly payment is owed back
    [owed] = recoveries(store)
    assert owed.owed_fen == 20000
