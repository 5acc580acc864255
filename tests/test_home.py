"""The home page's numbers: residents by age band and category, and the latest changes."""

import datetime as dt

from carepoint import home
from carepoint.residents import CarerInput, CategoryInput, set_carers, set_status, update_resident
from tests.builders import add

TODAY = dt.date(2026, 11, 23)


def _bands(summary):
    return {line.key: line.count for line in summary.age_bands}


def _categories(summary):
    return {line.key: line.count for line in summary.categories if line.count}


def test_residents_are_counted_in_the_age_band_of_their_age_today(store):
    add(store, "满六十", birth=dt.date(1966, 11, 23))  # 60 today
    add(store, "差一天", birth=dt.date(1966, 11, 24))  # 59
    add(store, "七十九", birth=dt.date(1946, 11, 24), sequence=3)  # 79 until tomorrow
    add(store, "刚八十", birth=dt.date(1946, 11, 23), sequence=5)
    add(store, "百岁", birth=dt.date(1925, 1, 1))

    summary = home.summarise(store, TODAY)

    assert _bands(summary) == {"60_69": 1, "70_79": 1, "80_89": 1, "90_99": 0, "100_plus": 1}
    assert (summary.active_residents, summary.under_60, summary.oldest_old) == (5, 1, 2)


def test_residents_who_died_or_moved_away_are_not_counted(store):
    kept = add(store, "在册", birth=dt.date(1940, 1, 1))
    gone = add(store, "去世", birth=dt.date(1930, 1, 1), categories=[
        CategoryInput("living_alone", dt.date(2020, 1, 1))])  # fmt: skip
    set_status(store, gone.id, "deceased", dt.date(2026, 10, 1))

    summary = home.summarise(store, TODAY)

    assert summary.active_residents == 1
    assert _bands(summary)["80_89"] == 1 and kept.name == "在册"
    assert "living_alone" not in _categories(summary)


def test_categories_count_current_memberships_and_derive_the_oldest_old(store):
    ended = CategoryInput("low_income", dt.date(2019, 1, 1), end_date=dt.date(2025, 12, 31))
    add(store, "甲", birth=dt.date(1940, 5, 1), categories=[
        CategoryInput("living_alone", dt.date(2020, 1, 1)), ended])  # fmt: skip
    add(store, "乙", birth=dt.date(1955, 5, 1), categories=[
        CategoryInput("living_alone", dt.date(2021, 3, 1))])  # fmt: skip

    summary = home.summarise(store, TODAY)

    assert _categories(summary) == {"living_alone": 2, "oldest_old": 1}
    assert [line.key for line in summary.categories][-1] == "oldest_old"


def test_recent_changes_list_the_newest_first_in_plain_words_with_who(store):
    store.actor = "clerk1"
    person = add(store, "王秀英", birth=dt.date(1944, 2, 2))
    store.actor = "admin"
    update_resident(store, person.id, {"phone": "13812345678", "group_name": "一组"})
    set_carers(store, person.id, [CarerInput("王强", "子")])
    set_status(store, person.id, "deceased", dt.date(2026, 11, 2))

    changes = home.summarise(store, TODAY).recent_changes

    assert [(c.actor, c.resident_name) for c in changes] == [("admin", "王秀英")] * 3 + [
        ("clerk1", "王秀英")
    ]
    status, carer, update, created = (c.description for c in changes)
    assert "2026" in status and status != update
    assert "王强" in carer
    assert created != update


def test_recent_changes_stop_at_the_limit_and_group_the_fields_of_one_change(store):
    for n in range(12):
        add(store, f"老人{n}", birth=dt.date(1950, 1, 1), sequence=n + 1, group_name="二组")
    person = add(store, "最后", birth=dt.date(1951, 1, 1))
    update_resident(store, person.id, {"phone": "13812345678", "group_name": "一组"})

    changes = home.recent_changes(store, limit=10)

    assert len(changes) == 10
    assert [c.resident_name for c in changes[:3]] == ["最后", "最后", "老人11"]


def test_an_empty_register_has_zero_counts_and_no_changes(store):
    summary = home.summarise(store, TODAY)

    assert summary.active_residents == 0
    assert set(_bands(summary).values()) == {0}
    assert summary.recent_changes == ()
