"""computed → reviewed → approved → paid: who may do what, the lock, adjustments, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.subsidy_helpers import GUICHI_LIKE, compute, month, old_age_rules

from carepoint.errors import NeedsConfirmation, UserInputError
from carepoint.models import AuditEntry
from carepoint.subsidies import ledger
from carepoint.subsidies.adjustments import add_adjustment
from carepoint.subsidies.workflow import (
    approve_month,
    mark_paid,
    review_month,
)


@pytest.fixture
def village(store, use_rules, person):
    use_rules(old_age_rules(GUICHI_LIKE))
    return {
        "old": person("李爷爷", dt.date(1936, 1, 9)),
        "older": person("张奶奶", dt.date(1930, 5, 2)),
    }


def state_of(store, text: str) -> str:
    return ledger.month_record(store, month(text)).state


def approved(store, text: str) -> None:
    compute(store, text)
    review_month(store, month(text))
    approve_month(store, month(text))


def test_a_month_goes_from_computed_to_paid_and_each_step_names_who_did_it(store, village):
    # Given the clerk computes and reviews, and the administrator approves and pays
    store.actor = "clerk1"
    compute(store, "2026-10", role="clerk")
    review_month(store, month("2026-10"), role="clerk")
    store.actor = "admin"
    approve_month(store, month("2026-10"), role="administrator")
    mark_paid(store, month("2026-10"), dt.date(2026, 11, 5), "JR-2026-10", role="administrator")
    # Then the month is paid, with date and batch, and the audit log names each actor
    record = ledger.month_record(store, month("2026-10"))
    assert (record.state, record.paid_on, record.batch) == ("paid", "2026-11-05", "JR-2026-10")
    assert (record.reviewed_by, record.approved_by, record.paid_by) == ("clerk1", "admin", "admin")
    steps = [
        (e.action, e.actor)
        for e in AuditEntry.select().where(
            (AuditEntry.entity == "subsidy_month") & (AuditEntry.field == "state")
        )
    ]
    assert steps == [
        ("compute", "clerk1"),
        ("review", "clerk1"),
        ("approve", "admin"),
        ("pay", "admin"),
    ]


def test_a_clerk_cannot_approve_and_a_viewer_cannot_compute(store, village):
    with pytest.raises(UserInputError):
        compute(store, "2026-10", role="viewer")
    assert ledger.month_record(store, month("2026-10")) is None
    compute(store, "2026-10", role="clerk")
    review_month(store, month("2026-10"), role="clerk")
    with pytest.raises(UserInputError, match=".+"):
        approve_month(store, month("2026-10"), role="clerk")
    assert state_of(store, "2026-10") == "reviewed"


def test_steps_out_of_order_are_refused_with_the_months_state(store, village):
    with pytest.raises(UserInputError):
        review_month(store, month("2026-10"))
    compute(store, "2026-10")
    with pytest.raises(UserInputError):
        approve_month(store, month("2026-10"))
    with pytest.raises(UserInputError):
        mark_paid(store, month("2026-10"), dt.date(2026, 11, 1), "B1")
    assert state_of(store, "2026-10") == "computed"


def test_an_approved_month_is_locked_and_computing_it_again_returns_what_was_approved(
    store, village, person, status
):
    approved(store, "2026-10")
    before = compute(store, "2026-10").lines
    # When someone new turns up and someone dies after the approval
    person("新来的", dt.date(1935, 3, 3))
    status(village["old"], "deceased", dt.date(2026, 9, 1))
    again = compute(store, "2026-10")
    # Then the locked month is unchanged
    assert again.locked
    assert [(x.resident_id, x.amount_fen) for x in again.lines] == [
        (x.resident_id, x.amount_fen) for x in before
    ]


def test_recomputing_a_reviewed_month_that_did_not_change_keeps_the_review(store, village):
    compute(store, "2026-10")
    review_month(store, month("2026-10"))
    compute(store, "2026-10")
    assert state_of(store, "2026-10") == "reviewed"


def test_recomputing_a_reviewed_month_that_changed_needs_a_new_review(store, village, person):
    compute(store, "2026-10")
    review_month(store, month("2026-10"))
    person("新来的", dt.date(1935, 3, 3))
    result = compute(store, "2026-10")
    assert result.lines_changed == 1
    assert state_of(store, "2026-10") == "computed"


def test_a_correction_after_approval_is_an_adjustment_in_a_later_month(store, village):
    approved(store, "2026-10")
    compute(store, "2026-11")
    line = add_adjustment(
        store, month("2026-11"), village["old"].id, "old_age", 3000, month("2026-10"), "漏发补发"
    )
    assert (line.kind, line.corrects_month, line.amount_fen) == ("adjustment", "2026-10", 3000)
    november = compute(store, "2026-11")
    assert november.totals["old_age"] == sum(x.amount_fen for x in november.lines)
    assert any(x.kind == "adjustment" for x in november.lines)
    audit = AuditEntry.select().where(AuditEntry.action == "adjust").count()
    assert audit >= 5


def test_an_adjustment_is_refused_in_a_locked_month_and_for_an_open_one(store, village):
    approved(store, "2026-10")
    with pytest.raises(UserInputError):
        add_adjustment(
            store, month("2026-10"), village["old"].id, "old_age", 100, month("2026-09"), "x"
        )
    compute(store, "2026-11")
    compute(store, "2026-12")
    with pytest.raises(UserInputError):
        add_adjustment(
            store, month("2026-12"), village["old"].id, "old_age", 100, month("2026-11"), "x"
        )
    assert ledger.stored_lines(store, month("2026-12"), "adjustment") == []


def test_approving_with_warnings_asks_first(store, use_rules, person):
    use_rules(old_age_rules(GUICHI_LIKE))
    person("没有卡", dt.date(1936, 1, 9), account="")
    compute(store, "2026-10")
    review_month(store, month("2026-10"))
    with pytest.raises(NeedsConfirmation):
        approve_month(store, month("2026-10"))
    approve_month(store, month("2026-10"), accept_warnings=True)
    assert state_of(store, "2026-10") == "approved"


def test_marking_paid_needs_a_batch_and_a_date_that_has_come(store, village):
    approved(store, "2026-10")
    with pytest.raises(UserInputError):
        mark_paid(store, month("2026-10"), dt.date(2026, 11, 1), "  ")
    with pytest.raises(UserInputError):
        mark_paid(store, month("2026-10"), dt.date(2026, 12, 1), "B1")
    assert state_of(store, "2026-10") == "approved"


def test_a_month_without_rules_in_force_is_refused_with_a_message(store, village):
    with pytest.raises(UserInputError, match="2019"):
        compute(store, "2019-06")
    assert ledger.month_record(store, month("2019-06")) is None


def test_once_the_folder_has_accounts_a_call_naming_no_one_is_refused(store, village):
    # Without accounts (init, demo) the caller is the local administrator
    compute(store, "2026-10")
    review_month(store, month("2026-10"))
    from carepoint import users

    users.create_account(store, "admin", "a-long-passphrase-1", "administrator")
    # With accounts, approving or paying money needs a signed-in role, whoever calls the core
    with pytest.raises(UserInputError, match="登录|sign"):
        approve_month(store, month("2026-10"))
    with pytest.raises(UserInputError):
        approve_month(store, month("2026-10"), role="viewer")
    assert state_of(store, "2026-10") == "reviewed"
    approve_month(store, month("2026-10"), role="administrator")
    assert state_of(store, "2026-10") == "approved"
