import datetime as dt
import sqlite3

import pytest

from carepoint import rules
from carepoint.errors import UserInputError
from carepoint.meals import pricing
from carepoint.meals.delivery import delivery_list
from carepoint.meals.enrollment import EnrollmentInput, enroll
from carepoint.meals.report import month_report
from carepoint.meals.sheet import sheet
from carepoint.meals.signin import cancel, sign_in
from carepoint.models import AuditEntry

TODAY = dt.date(2026, 11, 23)  # a Monday


def served_rows(store) -> int:
    return store.db.execute_sql(
        "SELECT count(*) FROM meal_sign_in WHERE status = 'served'"
    ).fetchone()[0]


def test_amounts_stay_frozen_when_the_rules_change_later_even_for_the_same_days(store, person):
    # Given a lunch signed in under the 2023 Jurong rules (8 元 subsidy at 86)
    resident = person("王冻结", dt.date(1940, 3, 5))
    first = sign_in(store, resident.id, dt.date(2026, 11, 2), "lunch")

    # When the county raises prices and subsidies, even back-dated to the 1st of the month
    content = {
        **rules.preset_versions("jurong", "meals")[0].content,
        "sets": [{"key": "a", "name": "10元套餐", "price_fen": 1000}],
        "age_bands": [{"from_age": 60, "subsidy_fen": 600}],
    }
    rules.save_version(store, "meals", dt.date(2026, 11, 1), content, validate=pricing.validate)

    # Then the meal already served keeps its price and subsidy; a new one uses the new rules
    second = sign_in(store, resident.id, dt.date(2026, 11, 3), "lunch")
    lines = month_report(store, dt.date(2026, 11, 1)).lines
    assert (first.price_fen, first.subsidy_fen) == (900, 800)
    assert (second.price_fen, second.subsidy_fen) == (1000, 600)
    assert (lines[0].price_fen, lines[0].subsidy_fen) == (1900, 1400)


def test_a_second_sign_in_for_the_same_meal_and_day_is_refused_and_nothing_is_written(
    store, person
):
    resident = person("李两次", dt.date(1950, 1, 1))
    sign_in(store, resident.id, TODAY, "lunch")
    audits = AuditEntry.select().count()

    with pytest.raises(UserInputError, match="李两次"):
        sign_in(store, resident.id, TODAY, "lunch")

    assert served_rows(store) == 1
    assert AuditEntry.select().count() == audits
    assert sign_in(store, resident.id, TODAY, "dinner").meal == "dinner"


def test_the_database_itself_refuses_a_second_served_meal(store, person):
    resident = person("赵索引", dt.date(1950, 1, 1))
    sign_in(store, resident.id, TODAY, "lunch")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.connection().execute(
            "INSERT INTO meal_sign_in (uuid, created_at, updated_at, resident_id, meal_date, meal,"
            " mode) VALUES ('x', '', '', ?, ?, 'lunch', 'dine_in')",
            [resident.id, TODAY.isoformat()],
        )


def test_a_meal_in_the_future_is_refused(store, person):
    resident = person("孙明天", dt.date(1950, 1, 1))
    with pytest.raises(UserInputError):
        sign_in(store, resident.id, TODAY + dt.timedelta(days=1), "lunch")
    assert served_rows(store) == 0


def test_the_sheet_lists_the_diners_enrolled_for_the_weekday_with_their_diet_notes(store, person):
    daily = person("甲每天", dt.date(1945, 1, 1))
    weekdays = person("乙工作日", dt.date(1945, 1, 2))
    weekend = person("丙周末", dt.date(1945, 1, 3))
    ended = person("丁已停", dt.date(1945, 1, 4))
    start = dt.date(2026, 9, 1)
    enroll(store, EnrollmentInput(daily.id, "lunch", "dine_in", "1234567", start, None, "软食"))
    enroll(store, EnrollmentInput(weekdays.id, "lunch", "delivery", "12345", start))
    enroll(store, EnrollmentInput(weekend.id, "lunch", "dine_in", "67", start))
    enroll(
        store, EnrollmentInput(ended.id, "lunch", "dine_in", "1234567", start, TODAY.replace(day=1))
    )
    enroll(store, EnrollmentInput(weekend.id, "dinner", "pickup", "1234567", start))

    monday = {row.name: row for row in sheet(store, TODAY, "lunch")}
    sunday = {row.name for row in sheet(store, TODAY - dt.timedelta(days=1), "lunch")}

    assert set(monday) == {"甲每天", "乙工作日"}
    assert monday["甲每天"].diet_note == "软食"
    assert monday["乙工作日"].mode == "delivery"
    assert sunday == {"甲每天", "丙周末"}
    assert all(row.status == "expected" for row in monday.values())


def test_a_walk_in_is_marked_and_shown_on_the_sheet(store, person):
    walker = person("周散客", dt.date(1944, 5, 5))
    meal = sign_in(store, walker.id, TODAY, "lunch", mode="pickup")
    [row] = sheet(store, TODAY, "lunch")
    assert meal.walk_in and row.walk_in and row.status == "served" and row.mode == "pickup"


def test_a_call_off_needs_a_reason_and_takes_the_diner_off_the_delivery_list(store, enrolled):
    resident = enrolled("吴请假", dt.date(1938, 2, 2), mode="delivery")
    with pytest.raises(UserInputError):
        cancel(store, resident.id, TODAY, "lunch", "  ")
    assert [s.name for s in delivery_list(store, TODAY)] == ["吴请假"]

    cancel(store, resident.id, TODAY, "lunch", "住院")

    [row] = sheet(store, TODAY, "lunch")
    assert (row.status, row.cancel_reason) == ("cancelled", "住院")
    assert delivery_list(store, TODAY) == []


def test_undoing_a_sign_in_keeps_the_record_as_cancelled_and_the_diner_can_sign_in_again(
    store, enrolled
):
    resident = enrolled("郑撤销", dt.date(1938, 2, 2))
    sign_in(store, resident.id, TODAY, "lunch")
    cancel(store, resident.id, TODAY, "lunch", "误签")
    assert month_report(store, TODAY).totals.meals == 0

    sign_in(store, resident.id, TODAY, "lunch")

    statuses = [
        row[0] for row in store.db.execute_sql("SELECT status FROM meal_sign_in ORDER BY id")
    ]
    assert statuses == ["cancelled", "served"]
    assert month_report(store, TODAY).totals.meals == 1


def test_every_sign_in_and_cancellation_leaves_an_audit_entry(store, enrolled):
    resident = enrolled("王审计", dt.date(1938, 2, 2))
    sign_in(store, resident.id, TODAY, "lunch")
    cancel(store, resident.id, TODAY, "lunch", "误签")
    actions = [
        e.action
        for e in AuditEntry.select()
        .where(AuditEntry.entity == "meal_sign_in")
        .order_by(AuditEntry.id)
    ]
    assert actions == ["sign_in", "cancel", "cancel"]


def test_someone_who_died_is_not_expected_and_cannot_be_signed_in_after_the_death(store, enrolled):
    from carepoint.residents import set_status

    resident = enrolled("冯故去", dt.date(1930, 2, 2))
    set_status(store, resident.id, "deceased", dt.date(2026, 11, 10), "病故")

    assert sheet(store, TODAY, "lunch") == []
    assert [r.name for r in sheet(store, dt.date(2026, 11, 9), "lunch")] == ["冯故去"]
    with pytest.raises(UserInputError, match="冯故去"):
        sign_in(store, resident.id, TODAY, "lunch")


def test_the_delivery_list_has_address_phone_and_diet_notes_by_group(store, person):
    far = person("陈远", dt.date(1940, 1, 1), group_name="三组", residence_address="三组8号")
    near = person("陈近", dt.date(1940, 1, 2), group_name="一组", phone="13800000000")
    start = dt.date(2026, 9, 1)
    enroll(store, EnrollmentInput(far.id, "lunch", "delivery", "1234567", start, None, "低盐"))
    enroll(store, EnrollmentInput(near.id, "lunch", "delivery", "1234567", start))
    stops = delivery_list(store, TODAY)
    assert [(s.name, s.group_name) for s in stops] == [("陈近", "一组"), ("陈远", "三组")]
    assert (stops[1].address, stops[1].diet_note, stops[0].phone) == (
        "三组8号",
        "低盐",
        "13800000000",
    )
