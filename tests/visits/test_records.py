"""Recording visits: what is stored and audited, refusals after death or a move, follow-ups."""

import datetime as dt

import pytest

from carepoint.audit import history
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.residents import set_status
from carepoint.visits import due, records, tasks

D = dt.date
TODAY = D(2026, 11, 23)


def visit_count(store):
    return store.db.execute_sql("SELECT count(*) FROM visit").fetchone()[0]


def test_a_visit_is_stored_with_every_field_and_audited(person, store, visit):
    # Given 张三, living alone at 86
    resident = person("张三", D(1940, 5, 6), ["living_alone"])
    # When a clerk records a home visit with findings, needs and a referral
    data = visit(
        D(2026, 11, 20),
        "home",
        visit_time="09:30",
        findings={"health": ("poor", "血压高"), "safety": ("good", "燃气正常")},
        carers_fulfil="partly",
        problems="药快吃完了",
        needs=("medical", "daily_care"),
        referral="村医",
    )
    visit_id = records.record_visit(store, resident.id, data)
    # Then the record reads back as entered
    stored = records.get_visit(store, visit_id)
    assert (stored.visit_date, stored.visit_time, stored.method) == (
        D(2026, 11, 20),
        "09:30",
        "home",
    )
    assert stored.findings["health"] == ("poor", "血压高")
    assert stored.findings["hygiene"] == ("", "")
    assert stored.needs == ("daily_care", "medical")
    assert (stored.carers_fulfil, stored.problems, stored.referral) == (
        "partly",
        "药快吃完了",
        "村医",
    )
    # and the audit log holds who recorded it
    (entry,) = history([stored.uuid])
    assert (entry.action, entry.actor) == ("create", "tester")
    assert "药快吃完了" in entry.new_value


def test_a_visit_on_or_after_the_death_is_refused_with_the_reason_and_nothing_is_written(
    person, store, visit
):
    # Given 李四 who died on 10 November
    resident = person("李四", D(1940, 5, 6), ["living_alone"])
    set_status(store, resident.id, "deceased", D(2026, 11, 10))
    # When a visit on the day of death, or later, is recorded
    for day in (D(2026, 11, 10), D(2026, 11, 20)):
        with pytest.raises(UserInputError) as refused:
            records.record_visit(store, resident.id, visit(day))
        # Then it is refused with the reason, in Chinese, and nothing is stored
        assert refused.value.message == _(
            "{name} died on {date}; no visit can be recorded on or after that day"
        ).format(name="李四", date=format_date(D(2026, 11, 10)))
    assert visit_count(store) == 0


def test_a_visit_before_the_death_can_still_be_entered_from_paper(person, store, visit):
    resident = person("李四", D(1940, 5, 6), ["living_alone"])
    set_status(store, resident.id, "deceased", D(2026, 11, 10))
    records.record_visit(store, resident.id, visit(D(2026, 11, 9)))
    assert visit_count(store) == 1


def test_a_visit_after_a_move_is_refused_with_the_reason(person, store, visit):
    resident = person("王五", D(1950, 5, 6), ["living_alone"])
    set_status(store, resident.id, "moved_out", D(2026, 11, 1))
    with pytest.raises(UserInputError, match="王五"):
        records.record_visit(store, resident.id, visit(D(2026, 11, 2)))
    assert visit_count(store) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"visit_date": D(2026, 11, 24)}, "The visit date {date} is in the future"),
        ({"visitor": " "}, "Who visited? The visitor is missing"),
        ({"method": "letter"}, "Unknown visit method {method}"),
        ({"visit_time": "9.30"}, "The time must be written as HH:MM, e.g. 09:30"),
        ({"follow_up_date": D(2026, 11, 20)}, "The follow-up date must be after the visit"),
    ],
)
def test_bad_visit_input_is_refused_with_a_message_and_nothing_is_written(
    person, store, visit, fields, message
):
    resident = person("赵六", D(1950, 5, 6), ["living_alone"])
    data = visit(D(2026, 11, 20))
    for key, value in fields.items():
        setattr(data, key, value)
    with pytest.raises(UserInputError) as refused:
        records.record_visit(store, resident.id, data)
    assert _(message).split("{")[0] in refused.value.message
    assert visit_count(store) == 0


def test_a_follow_up_date_becomes_a_due_item_until_a_visit_closes_it(person, store, visit):
    # Given a general-tier resident visited on 20 November with a follow-up on 25 November
    resident = person("钱七", D(1955, 5, 6), ["living_alone"])
    records.record_visit(
        store, resident.id, visit(D(2026, 11, 20), problems="漏水", follow_up_date=D(2026, 11, 25))
    )
    # Then the follow-up is due on the 25th, long before the next quarterly visit
    (row,) = due.due_list(store, D(2026, 11, 30))
    assert (row.due_date, row.due_kind) == (D(2026, 11, 25), "follow_up")
    assert due.due_list(store, D(2026, 11, 24)) == []
    (task,) = tasks.open_tasks(store)
    assert (task.reason, task.due_date) == ("漏水", D(2026, 11, 25))
    # When the follow-up visit happens
    records.record_visit(store, resident.id, visit(TODAY))
    # Then the follow-up is closed and the next regular visit is a quarter later
    assert tasks.open_tasks(store) == []
    (row,) = due.due_list(store, D(2027, 3, 1))
    assert (row.due_date, row.due_kind) == (D(2027, 2, 23), "regular")


def test_a_follow_up_can_be_closed_without_a_visit_with_a_reason(person, store, visit):
    resident = person("孙八", D(1955, 5, 6), ["living_alone"])
    records.record_visit(store, resident.id, visit(D(2026, 11, 20), follow_up_date=TODAY))
    (task,) = tasks.open_tasks(store)
    with pytest.raises(UserInputError):
        tasks.close_task(store, task.id, "")
    tasks.close_task(store, task.id, "子女已带去医院")
    assert tasks.open_tasks(store) == []
    assert due.due_list(store, D(2026, 12, 31)) == []


def test_extra_visits_for_a_group_are_scheduled_in_one_action(person, store):
    # Given three people in 一组 (two in a tier) and one in 二组
    a = person("周一", D(1940, 5, 6), ["living_alone"], group_name="一组")
    b = person("周二", D(1955, 5, 6), ["disabled_care"], group_name="一组")
    person("周三", D(1960, 5, 6), group_name="一组")
    person("周四", D(1940, 5, 6), ["living_alone"], group_name="二组")
    # When a cold wave brings extra visits for 一组, due by 25 November
    count = tasks.schedule_extra_visits(store, D(2026, 11, 25), "寒潮降温", group="一组")
    # Then the two in a tier owe one, and the list shows it
    assert count == 2
    owed = {t.resident_id: (t.kind, t.due_date, t.reason) for t in tasks.open_tasks(store)}
    assert owed == {
        a.id: ("extra", D(2026, 11, 25), "寒潮降温"),
        b.id: ("extra", D(2026, 11, 25), "寒潮降温"),
    }


def test_extra_visits_need_a_reason(person, store):
    person("周一", D(1940, 5, 6), ["living_alone"])
    with pytest.raises(UserInputError):
        tasks.schedule_extra_visits(store, D(2026, 11, 25), " ")
    assert tasks.open_tasks(store) == []
