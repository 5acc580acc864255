import datetime as dt

import pytest

from carepoint import i18n, rules
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry
from carepoint.timebank import caps
from carepoint.timebank.ledger import correct, entries, record_service, withdraw
from carepoint.timebank.passbook import hours_certificate, passbook
from carepoint.timebank.summary import month_hours
from carepoint.timebank.volunteers import VolunteerInput, add_volunteer, get_volunteer

DAY = dt.date(2026, 11, 20)


def test_a_resident_volunteer_brings_name_phone_and_group_from_the_register(helper):
    assert (helper.name, helper.phone, helper.group_name) == ("刘志愿", "13900000000", "二组")


def test_a_resident_cannot_be_registered_as_a_volunteer_twice(store, helper):
    with pytest.raises(UserInputError, match="刘志愿"):
        add_volunteer(store, VolunteerInput(resident_id=helper.resident_id))


def test_a_service_is_deposited_with_date_hours_kind_and_recipient(store, helper, elder):
    entry = record_service(store, helper.id, DAY, 90, "助洁", recipient_resident_id=elder.id)
    assert (entry.deposit_minutes, entry.service_type, entry.recipient_name) == (
        90,
        "助洁",
        "马奶奶",
    )
    assert get_volunteer(store, helper.id).balance_minutes == 90
    assert AuditEntry.select().where(AuditEntry.entity_uuid == entry.uuid).count() == 1


def test_the_daily_cap_refuses_more_than_two_hours_a_day_and_says_how_much_is_left(store, helper):
    i18n.set_language("en")
    record_service(store, helper.id, DAY, 90, "助洁")

    with pytest.raises(UserInputError, match=r"daily cap is 2 hours.*at most 0.5 more"):
        record_service(store, helper.id, DAY, 60, "陪伴聊天")

    assert len(entries(store, helper.id)) == 1
    record_service(store, helper.id, DAY, 30, "陪伴聊天")
    record_service(store, helper.id, DAY + dt.timedelta(days=1), 120, "陪伴聊天")


def test_the_lifetime_cap_from_the_rules_in_force_refuses_hours_beyond_it(store, helper):
    content = {**rules.preset_versions("jurong", "timebank")[0].content, "lifetime_cap_hours": 3}
    rules.save_version(store, "timebank", dt.date(2026, 11, 1), content, validate=caps.validate)
    record_service(store, helper.id, dt.date(2026, 10, 30), 120, "助洁")  # old rules: 600 h
    record_service(store, helper.id, dt.date(2026, 11, 2), 60, "助洁")

    with pytest.raises(UserInputError, match="刘志愿"):
        record_service(store, helper.id, dt.date(2026, 11, 3), 30, "助洁")
    assert get_volunteer(store, helper.id).deposited_minutes == 180


def test_a_withdrawal_cannot_take_more_than_the_balance(store, helper):
    record_service(store, helper.id, DAY, 120, "助洁")
    with pytest.raises(UserInputError, match="刘志愿"):
        withdraw(store, helper.id, DAY, 150, "理发")
    withdraw(store, helper.id, DAY, 90, "理发")
    assert get_volunteer(store, helper.id).balance_minutes == 30


def test_hours_cannot_be_traded_another_volunteer_cannot_spend_them(store, helper):
    other = add_volunteer(store, VolunteerInput(name="外村志愿者"))
    record_service(store, helper.id, DAY, 120, "助洁")
    with pytest.raises(UserInputError, match="外村志愿者"):
        withdraw(store, other.id, DAY, 60, "理发")
    assert get_volunteer(store, helper.id).balance_minutes == 120


def test_a_volunteer_cannot_record_a_service_to_themselves(store, helper):
    with pytest.raises(UserInputError):
        record_service(store, helper.id, DAY, 60, "助洁", recipient_resident_id=helper.resident_id)


def test_a_correction_is_a_new_entry_with_a_reason_and_the_original_stays(store, helper):
    original = record_service(store, helper.id, DAY, 120, "助洁")
    with pytest.raises(UserInputError):
        correct(store, original.id, 60, "")

    fix = correct(store, original.id, 60, "实际服务1小时")

    found = entries(store, helper.id)
    assert [e.kind for e in found] == ["service", "correction"]
    assert found[0].deposit_minutes == 120  # never edited
    assert (fix.deposit_minutes, fix.corrects_id, fix.reason) == (-60, original.id, "实际服务1小时")
    assert get_volunteer(store, helper.id).balance_minutes == 60
    # The corrected day has room again under the daily cap
    record_service(store, helper.id, DAY, 60, "陪伴聊天")


def test_a_correction_that_would_break_the_daily_cap_or_correct_a_correction_is_refused(
    store, helper
):
    original = record_service(store, helper.id, DAY, 60, "助洁")
    record_service(store, helper.id, DAY, 60, "陪伴聊天")
    with pytest.raises(UserInputError):
        correct(store, original.id, 90, "多记半小时")
    fix = correct(store, original.id, 30, "少半小时")
    with pytest.raises(UserInputError):
        correct(store, fix.id, 0, "改更正")
    assert len(entries(store, helper.id)) == 3


def test_the_passbook_shows_content_deposits_withdrawals_and_a_running_balance(
    store, helper, elder
):
    service = record_service(store, helper.id, DAY, 120, "助洁", recipient_resident_id=elder.id)
    withdraw(store, helper.id, DAY + dt.timedelta(days=1), 60, "理发")
    correct(store, service.id, 90, "记多了")

    lines = passbook(store, helper.id)

    assert [(p.deposit_minutes, p.withdraw_minutes, p.balance_minutes) for p in lines] == [
        (120, 0, 120),
        (0, 60, 60),
        (-30, 0, 30),
    ]
    assert "马奶奶" in lines[0].content and "理发" in lines[1].content
    assert "记多了" in lines[2].content


def test_the_certificate_and_the_month_count_hours_after_corrections(store, helper):
    first = record_service(store, helper.id, dt.date(2026, 10, 30), 60, "助洁")
    record_service(store, helper.id, dt.date(2026, 11, 2), 120, "陪伴聊天")
    record_service(store, helper.id, dt.date(2026, 11, 3), 60, "陪伴聊天")
    correct(store, first.id, 30, "只服务半小时")

    certificate = hours_certificate(store, helper.id)
    november = month_hours(store, dt.date(2026, 11, 23))

    assert (certificate.services, certificate.deposited_minutes) == (3, 210)
    assert dict(certificate.by_type) == {"陪伴聊天": 180, "助洁": 30}
    assert (certificate.first_service, certificate.last_service) == (
        dt.date(2026, 10, 30), dt.date(2026, 11, 3),
    )  # fmt: skip
    assert (november.minutes, november.services, november.volunteers) == (180, 2, 1)


@pytest.mark.parametrize(("hours", "minutes"), [("2", 120), ("1.5", 90), (0.5, 30), ("0.25", 15)])
def test_hours_become_whole_minutes(hours, minutes):
    assert caps.to_minutes(hours) == minutes


@pytest.mark.parametrize("hours", ["1.0001", "-1", "two"])
def test_hours_that_are_not_whole_minutes_are_refused(hours):
    with pytest.raises(UserInputError):
        caps.to_minutes(hours)


def test_a_time_bank_table_without_caps_is_refused():
    i18n.set_language("en")
    problems = caps.validate({"coins_per_hour": 1, "daily_cap_hours": 0, "service_types": ["助洁"]})
    assert any("daily cap" in p for p in problems) and any("lifetime" in p for p in problems)
