"""The due list: who is due, overdue by how long, and how it follows changes made anywhere."""

import datetime as dt

from carepoint import rules
from carepoint.residents import CategoryInput, add_category, set_status
from carepoint.visits import due, records, schedule, tiers

D = dt.date
TODAY = D(2026, 11, 23)


def names(rows):
    return [r.name for r in rows]


def test_the_due_list_shows_the_longest_overdue_first_with_days_overdue(person, store, visit):
    # Given a weekly, a monthly and a quarterly resident with their last visits
    weekly = person("高风险", D(1940, 5, 6), ["living_alone"])
    monthly = person("重点", D(1955, 5, 6), ["disabled_care"])
    quarterly = person("一般", D(1955, 5, 6), ["living_alone"])
    records.record_visit(store, weekly.id, visit(D(2026, 11, 10)))  # due 17 Nov
    records.record_visit(store, monthly.id, visit(D(2026, 10, 31)))  # due 30 Nov
    records.record_visit(store, quarterly.id, visit(D(2026, 8, 15)))  # due 15 Nov
    # When the list is asked for today
    rows = due.due_list(store, TODAY)
    # Then the two overdue are listed, the longest overdue first, with the days
    assert [(r.name, r.tier, r.due_date, r.overdue_days) for r in rows] == [
        ("一般", "general", D(2026, 11, 15), 8),
        ("高风险", "high_risk", D(2026, 11, 17), 6),
    ]
    assert rows[0].last_visit == D(2026, 8, 15)
    # and by the end of the month the monthly one is due too
    assert names(due.due_list(store, D(2026, 11, 30))) == ["一般", "高风险", "重点"]


def test_a_monthly_visit_on_31_january_falls_due_on_the_last_day_of_february(person, store, visit):
    resident = person("重点", D(1955, 5, 6), ["disabled_care"])
    with_visit = visit(D(2026, 1, 31))
    records.record_visit(store, resident.id, with_visit, today=D(2026, 1, 31))
    (row,) = due.due_list(store, D(2026, 11, 23))
    assert row.due_date == D(2026, 2, 28)


def test_someone_never_visited_is_due_one_period_after_entering_the_tier(person, store):
    resident = person("新独居", D(1955, 5, 6))
    add_category(store, resident.id, CategoryInput("living_alone", D(2026, 9, 10)))
    (row,) = due.due_list(store, D(2026, 12, 31))
    assert (row.due_date, row.last_visit) == (D(2026, 12, 10), None)


def test_a_category_added_in_the_register_changes_the_tier_at_the_next_look(person, store, visit):
    # Given a general-tier resident visited last week (not due for months)
    resident = person("张三", D(1955, 5, 6), ["living_alone"])
    records.record_visit(store, resident.id, visit(D(2026, 11, 16)))
    assert due.due_list(store, TODAY) == []
    # When the register records dementia (not through the visits code)
    add_category(store, resident.id, CategoryInput("dementia", D(2026, 11, 20)))
    # Then the due list sees a weekly visit owed today
    (row,) = due.due_list(store, TODAY)
    assert (row.tier, row.due_date) == ("high_risk", D(2026, 11, 23))


def test_a_death_recorded_in_the_register_takes_the_person_off_the_list(person, store):
    resident = person("李四", D(1940, 5, 6), ["living_alone"])
    assert names(due.due_list(store, TODAY)) == ["李四"]
    set_status(store, resident.id, "deceased", D(2026, 11, 20))
    assert due.due_list(store, TODAY) == []


def test_a_new_rule_version_in_force_rebuilds_the_schedule(person, store, visit):
    resident = person("重点", D(1955, 5, 6), ["disabled_care"])
    records.record_visit(store, resident.id, visit(D(2026, 11, 1)))
    assert due.due_list(store, TODAY) == []
    content = rules.rules_on(store, "visits", TODAY).content
    edited = {"tiers": [dict(t) for t in content["tiers"]]}
    edited["tiers"][1]["every"] = "2w"
    rules.save_version(store, "visits", D(2026, 11, 20), edited, "两周一次", tiers.problems)
    (row,) = due.due_list(store, TODAY)
    assert row.due_date == D(2026, 11, 15)


def test_the_views_split_overdue_this_week_and_later(person, store, visit):
    late = person("逾期", D(1940, 5, 6), ["living_alone"])
    soon = person("本周", D(1940, 5, 6), ["empty_nest"])
    later = person("下月", D(1955, 5, 6), ["disabled_care"])
    records.record_visit(store, late.id, visit(D(2026, 11, 10)))  # due 17 Nov
    records.record_visit(store, soon.id, visit(D(2026, 11, 21)))  # due 28 Nov
    records.record_visit(store, later.id, visit(D(2026, 11, 20)))  # due 20 Dec

    def view(name, **more):
        return names(due.due_rows(store, due.due_ids(store, due.DueFilter(name, **more), TODAY)))

    assert view("overdue") == ["逾期"]
    assert view("week") == ["本周"]
    assert view("due") == ["逾期", "本周"]
    assert view("all") == ["逾期", "本周", "下月"]
    assert view("all", tier="key") == ["下月"]
    assert view("day", on=D(2026, 11, 28)) == ["本周"]
    assert view("all", search="yq") == ["逾期"]


def test_the_calendar_counts_due_and_visited_per_day(person, store, visit):
    a = person("甲", D(1940, 5, 6), ["living_alone"])
    b = person("乙", D(1940, 5, 6), ["living_alone"])
    records.record_visit(store, a.id, visit(D(2026, 11, 21)))
    records.record_visit(store, b.id, visit(D(2026, 11, 21)))
    days = due.month_calendar(store, 2026, 11)
    assert len(days) == 30
    assert (days[D(2026, 11, 21)].visited, days[D(2026, 11, 28)].due) == (2, 2)


def test_counts_per_tier_and_group(person, store, visit):
    person("甲", D(1940, 5, 6), ["living_alone"], group_name="一组")
    person("乙", D(1955, 5, 6), ["disabled_care"], group_name="一组")
    person("丙", D(1940, 5, 6), ["living_alone"], group_name="二组")
    found = {
        (c.group_name, c.tier): (c.residents, c.overdue)
        for c in due.counts_by_tier_and_group(store, TODAY)
    }
    assert found == {
        ("一组", "high_risk"): (1, 1),
        ("一组", "key"): (1, 1),
        ("二组", "high_risk"): (1, 1),
    }


def test_the_schedule_rebuilt_from_scratch_equals_the_one_kept_up_to_date(person, store, visit):
    for n, codes in enumerate((["living_alone"], ["disabled_care"], ["dementia"], [])):
        resident = person(f"人{n}", D(1940 + n * 5, 5, 6), codes)
        records.record_visit(
            store, resident.id, visit(D(2026, 10, 1 + n), follow_up_date=D(2026, 12, 1))
        )
    kept = store.db.execute_sql("SELECT * FROM visit_schedule ORDER BY resident_id").fetchall()
    schedule.recompute(store, None, TODAY)
    assert (
        store.db.execute_sql("SELECT * FROM visit_schedule ORDER BY resident_id").fetchall() == kept
    )
