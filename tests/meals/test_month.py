import datetime as dt

import pytest

from carepoint.errors import UserInputError
from carepoint.meals.closing import close_month, month_status, reopen_month
from carepoint.meals.report import month_report
from carepoint.meals.signin import cancel, sign_in
from carepoint.models import AuditEntry
from carepoint.session import Session

OCTOBER = dt.date(2026, 10, 1)
ADMIN = Session("admin", "administrator")
CLERK = Session("clerk1", "clerk")


@pytest.fixture
def october(store, person):
    """Three diners in October 2026 under the Jurong rules (funding 40/40/20)."""
    old = person("张老", dt.date(1936, 10, 15))  # 89 → 8 元 from lunch subsidies
    poor = person("李保", dt.date(1962, 1, 1), "low_income")  # 64 on 低保 → 8 元
    young = person("王少", dt.date(1964, 1, 1))  # 62 → 1 元
    for day in range(1, 11):
        sign_in(store, old.id, dt.date(2026, 10, day), "lunch", mode="delivery")
        sign_in(store, young.id, dt.date(2026, 10, day), "dinner")
    for day in range(1, 6):
        sign_in(store, poor.id, dt.date(2026, 10, day), "lunch", mode="pickup")
    sign_in(store, young.id, dt.date(2026, 10, 31), "lunch")
    sign_in(store, poor.id, dt.date(2026, 10, 6), "lunch")
    cancel(store, poor.id, dt.date(2026, 10, 6), "lunch", "误签")
    sign_in(store, old.id, dt.date(2026, 11, 2), "lunch")  # another month
    return store


def test_the_month_adds_up_per_person_per_day_and_by_funding_source(october):
    # When the October figures are counted
    report = month_report(october, OCTOBER)

    # Then each person's line holds their meals, subsidy and co-pay (cancelled meals left out)
    lines = {line.name: line for line in report.lines}
    assert (lines["张老"].delivery, lines["张老"].subsidy_fen, lines["张老"].copay_fen) == (
        10, 8000, 10 * (900 - 800 + 200),
    )  # fmt: skip
    assert (lines["李保"].pickup, lines["李保"].subsidy_fen, lines["李保"].bases) == (
        5, 4000, ("low_income",),
    )  # fmt: skip
    assert (lines["王少"].dinner, lines["王少"].lunch, lines["王少"].subsidy_fen) == (10, 1, 100)
    # And the totals, the days and the funding split agree with the lines
    t = report.totals
    assert (t.meals, t.subsidy_fen, t.copay_fen, t.delivery_fee_fen) == (
        26,
        12100,
        3000 + 500 + 9800,
        2000,
    )
    assert (t.city_fen, t.county_fen, t.village_fen) == (4840, 4840, 2420)
    assert [(d.day.day, d.lunch, d.dinner) for d in report.days][:2] == [(1, 2, 1), (2, 2, 1)]
    assert sum(d.lunch + d.dinner for d in report.days) == 26
    assert report.balanced and len(report.checks) >= 6


def test_a_record_whose_amounts_do_not_add_up_fails_the_check_and_the_month_stays_open(october):
    # Given a meal whose co-pay was changed behind the program's back
    october.db.execute_sql(
        "UPDATE meal_sign_in SET copay_fen = copay_fen + 50 WHERE id = "
        "(SELECT min(id) FROM meal_sign_in)"
    )
    # When the month is checked and closed
    report = month_report(october, OCTOBER)
    failed = [check for check in report.checks if not check.ok]

    # Then the cost check fails and closing is refused with that check named
    assert len(failed) == 1 and failed[0].expected + 50 == failed[0].actual
    with pytest.raises(UserInputError, match="="):
        close_month(october, OCTOBER)
    assert not month_status(october, OCTOBER).closed


def test_a_closed_month_refuses_sign_ins_and_cancellations_but_other_months_go_on(october, person):
    close_month(october, OCTOBER)
    someone = person("周迟到", dt.date(1940, 1, 1))

    with pytest.raises(UserInputError, match="2026-10"):
        sign_in(october, someone.id, dt.date(2026, 10, 20), "lunch")
    first_line = month_report(october, OCTOBER).lines[0]
    with pytest.raises(UserInputError, match="2026-10"):
        cancel(october, first_line.resident_id, dt.date(2026, 10, 1), "lunch", "补录")
    assert month_report(october, OCTOBER).totals.meals == 26
    assert sign_in(october, someone.id, dt.date(2026, 11, 20), "lunch")


def test_a_month_that_is_not_over_cannot_be_closed(october):
    with pytest.raises(UserInputError, match="2026-11"):
        close_month(october, dt.date(2026, 11, 1))


def test_closing_twice_is_refused(october):
    close_month(october, OCTOBER)
    with pytest.raises(UserInputError):
        close_month(october, OCTOBER)


def test_only_an_administrator_with_a_reason_reopens_a_month_and_it_is_audited(october, person):
    close_month(october, OCTOBER)
    with pytest.raises(UserInputError):
        reopen_month(october, OCTOBER, "补录", CLERK)
    with pytest.raises(UserInputError):
        reopen_month(october, OCTOBER, "   ", ADMIN)
    assert month_status(october, OCTOBER).closed

    reopen_month(october, OCTOBER, "补录漏签的10月20日午餐", ADMIN)

    status = month_status(october, OCTOBER)
    assert not status.closed and status.reopen_reason == "补录漏签的10月20日午餐"
    reasons = [
        e.new_value
        for e in AuditEntry.select().where(
            (AuditEntry.entity == "meal_month") & (AuditEntry.field == "reason")
        )
    ]
    assert reasons == ["补录漏签的10月20日午餐"]
    late = person("吴补录", dt.date(1940, 1, 1))
    assert sign_in(october, late.id, dt.date(2026, 10, 20), "lunch")
    close_month(october, OCTOBER)
    assert month_status(october, OCTOBER).closed


def test_the_operating_subsidy_counts_each_diner_once_a_day(store, person):
    store.set_setting("rules_preset", "guichi")
    a, b = person("甲", dt.date(1940, 1, 1)), person("乙", dt.date(1940, 1, 2))
    for day in (1, 2):
        sign_in(store, a.id, dt.date(2026, 10, day), "lunch")
        sign_in(store, a.id, dt.date(2026, 10, day), "dinner")
    sign_in(store, b.id, dt.date(2026, 10, 2), "lunch")
    assert month_report(store, OCTOBER).operator_subsidy_fen == 3 * 300


def test_an_empty_month_balances_with_zero_totals(store):
    report = month_report(store, OCTOBER)
    assert (report.lines, report.totals.meals, report.balanced) == ([], 0, True)


def test_the_month_is_also_counted_by_subsidy_basis(october):
    by_basis = {b.basis: (b.meals, b.subsidy_fen) for b in month_report(october, OCTOBER).by_basis}
    assert by_basis == {
        "age:85-94": (10, 8000),
        "low_income": (5, 4000),
        "age:60-74": (1, 100),
        "": (10, 0),  # 王少's dinners: Jurong subsidises lunch only
    }
