import datetime as dt

import pytest

from carepoint.errors import UserInputError
from carepoint.meals.enrollment import (
    EnrollmentInput,
    end_enrollment,
    enroll,
    list_enrollments,
    update_enrollment,
)
from carepoint.models import AuditEntry

START = dt.date(2026, 9, 1)


def test_an_enrollment_keeps_its_days_in_order_and_its_diet_note(store, person):
    resident = person("张报名", dt.date(1945, 1, 1))
    enrollment = enroll(
        store, EnrollmentInput(resident.id, "lunch", "pickup", "5311", START, None, " 糖尿病 ")
    )
    assert (enrollment.weekdays, enrollment.diet_note) == ("135", "糖尿病")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (dict(weekdays=""), "day of the week"),
        (dict(weekdays="18"), "day of the week"),
        (dict(meal="breakfast"), "breakfast"),
        (dict(mode="drone"), "drone"),
        (dict(end_date=START - dt.timedelta(days=1)), "end before"),
        (dict(set_key="z"), "set meal"),
    ],
)
def test_a_malformed_enrollment_is_refused_and_nothing_is_written(store, person, data, message):
    from carepoint import i18n

    i18n.set_language("en")
    resident = person("李错误", dt.date(1945, 1, 1))
    values = dict(resident_id=resident.id, meal="lunch", mode="dine_in", weekdays="12345",
                  start_date=START) | data  # fmt: skip
    with pytest.raises(UserInputError, match=message):
        enroll(store, EnrollmentInput(**values))
    assert list_enrollments(store) == []


def test_a_second_enrollment_for_the_same_meal_and_time_is_refused(store, person):
    resident = person("王重叠", dt.date(1945, 1, 1))
    enroll(store, EnrollmentInput(resident.id, "lunch", "dine_in", "12345", START))
    with pytest.raises(UserInputError, match="王重叠"):
        enroll(store, EnrollmentInput(resident.id, "lunch", "delivery", "67", dt.date(2026, 12, 1)))
    enroll(store, EnrollmentInput(resident.id, "dinner", "dine_in", "12345", START))
    assert len(list_enrollments(store)) == 2


def test_after_an_enrollment_ends_a_new_one_can_start(store, person):
    resident = person("赵换方式", dt.date(1945, 1, 1))
    first = enroll(store, EnrollmentInput(resident.id, "lunch", "dine_in", "12345", START))
    end_enrollment(store, first.id, dt.date(2026, 10, 31))
    enroll(store, EnrollmentInput(resident.id, "lunch", "delivery", "12345", dt.date(2026, 11, 1)))
    current = list_enrollments(store, current_on=dt.date(2026, 11, 23))
    assert [e.mode for e in current] == ["delivery"]


def test_an_edit_is_audited_field_by_field(store, person):
    resident = person("孙改动", dt.date(1945, 1, 1))
    enrollment = enroll(store, EnrollmentInput(resident.id, "lunch", "dine_in", "12345", START))
    update_enrollment(store, enrollment.id, mode="delivery", diet_note="软食")
    changed = {
        e.field: (e.old_value, e.new_value)
        for e in AuditEntry.select().where(
            (AuditEntry.entity_uuid == enrollment.uuid) & (AuditEntry.action == "update")
        )
    }
    assert changed == {"mode": ("dine_in", "delivery"), "diet_note": ("", "软食")}


def test_enrollments_are_found_by_pinyin_initials(store, person):
    for name in ("张三", "李四"):
        resident = person(name, dt.date(1945, 1, 1))
        enroll(store, EnrollmentInput(resident.id, "lunch", "dine_in", "12345", START))
    assert [e.name for e in list_enrollments(store, search="zs")] == ["张三"]
