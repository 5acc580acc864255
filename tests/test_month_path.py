"""The home page's month path reads each step's state from the data: what is done, what is left,
what is overdue, and which step waits for an earlier one."""

from __future__ import annotations

import datetime as dt

from carepoint.meals.enrollment import EnrollmentInput, enroll
from carepoint.month_path import DONE, OPEN, OVERDUE, STEP_KEYS, WAITING, month_path
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month, review_month
from tests.builders import add

TODAY = dt.date(2026, 11, 23)


def steps(store) -> dict:
    return {step.key: step for step in month_path(store, TODAY)}


def test_a_new_village_starts_at_importing_the_roster_and_later_steps_wait(store):
    path = month_path(store, TODAY)
    assert [step.key for step in path] == list(STEP_KEYS)
    first = path[0]
    assert (first.state, first.action, first.page) == (OPEN, "导入花名册表格", "register")
    by_key = steps(store)
    assert by_key["visits"].state == WAITING
    assert by_key["subsidies"].state == WAITING
    assert by_key["review"].state == WAITING and by_key["print"].state == WAITING
    assert by_key["meals"].action == "登记报名"
    assert by_key["township"].page == "exchange"


def test_a_register_with_people_is_done_and_says_how_many(store):
    add(store, "张华", sequence=1)
    add(store, "李秀英", sequence=2)
    roster = steps(store)["roster"]
    assert roster.state == DONE
    assert "在册老人 2 人" in roster.words


def test_meals_served_last_month_but_not_closed_are_overdue(store):
    person = add(store, "张华", sequence=1)
    enroll(store, EnrollmentInput(person.id, "lunch", "dine_in", "1234567", dt.date(2026, 10, 1)))
    store.db.execute_sql(
        "INSERT INTO meal_sign_in (uuid, created_at, updated_at, resident_id, meal_date, meal,"
        " mode) VALUES ('u1', '2026-10-05', '2026-10-05', ?, '2026-10-05', 'lunch', 'dine_in')",
        [person.id],
    )
    meals = steps(store)["meals"]
    assert meals.state == OVERDUE
    assert "2026-10" in meals.words


def test_computing_then_reviewing_moves_the_subsidy_steps_along(store):
    add(store, "张华", birth=dt.date(1940, 3, 4), sequence=1)
    november = months.of_day(TODAY)
    assert steps(store)["subsidies"].state == OPEN
    compute_month(store, november)
    after = steps(store)
    assert after["subsidies"].state == DONE
    assert (after["review"].state, after["review"].action) == (OPEN, "审核名单")
    assert after["print"].state == WAITING
    review_month(store, november)
    assert "管理员批准" in steps(store)["review"].words
