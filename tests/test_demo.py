"""The demo village generator: reproducible, valid, plausible, and only for empty folders."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from carepoint import categories, demo, i18n, idcard
from carepoint.db import open_store
from carepoint.demo_data import chinese_number
from carepoint.errors import UserInputError
from carepoint.residents import ResidentInput, check_resident
from carepoint.residents.fields import TEXT_FIELDS
from carepoint.setup import initialise

TODAY = dt.date(2026, 11, 23)
WINDOW_START = dt.date(2025, 11, 23)  # 12 months before TODAY


@pytest.fixture
def empty_store(data_dir):
    """A data folder that exists but holds no care point and no residents."""
    store = open_store(data_dir, create=True)
    yield store
    store.close()


def rows(store, sql, *params):
    return store.db.execute_sql(sql, params).fetchall()


def register(store):
    """(id_number, name, status, current categories) of everyone, in insertion order."""
    found = rows(
        store,
        "SELECT r.id_number, r.name, r.status, coalesce(group_concat(m.code), '') FROM resident r"
        " LEFT JOIN (SELECT resident_id, code FROM category_membership WHERE end_date IS NULL"
        " ORDER BY code) m ON m.resident_id = r.id GROUP BY r.id ORDER BY r.id",
    )
    return [
        (number, name, status, tuple(sorted(codes.split(","))))
        for number, name, status, codes in found
    ]


def current_categories(person):
    return {item.code for item in person.prepared.categories if item.end_date is None}


def as_input(person) -> ResidentInput:
    values = person.prepared.values
    return ResidentInput(
        name=values["name"],
        id_number=values["id_number"],
        gender=values["gender"],
        birth_date=values["birth_date"],
        marital_status=values["marital_status"],
        carers=person.prepared.carers,
        categories=person.prepared.categories,
        registered_on=values["registered_on"],
        **{key: values[key] for key in TEXT_FIELDS},
    )


def test_the_same_seed_and_day_give_the_same_register(tmp_path):
    # Given two empty data folders
    registers = []
    for folder in ("first", "second"):
        store = open_store(tmp_path / folder, create=True)
        # When each gets the demo with the same seed and day
        demo.generate_village(store, residents=300, seed=7, today=TODAY)
        registers.append(register(store))
        store.close()
    # Then names, ID numbers, statuses and categories are identical
    assert len(registers[0]) == 300
    assert registers[0] == registers[1]


def test_another_seed_gives_other_people():
    first = [p.prepared.values["id_number"] for p in demo.draw_village(300, seed=1, today=TODAY)]
    second = [p.prepared.values["id_number"] for p in demo.draw_village(300, seed=2, today=TODAY)]
    assert first != second


def test_every_drawn_person_passes_check_resident_with_the_same_values():
    # Given 2,000 people drawn for the demo
    people = list(demo.draw_village(2000, seed=3, today=TODAY))
    # When each is checked as a clerk's entry would be
    for person in people:
        prepared, problems = check_resident(as_input(person), TODAY)
        # Then it is accepted and comes out exactly as the demo built it
        assert problems == [], (person.prepared.values["name"], problems)
        assert prepared.values == person.prepared.values
        assert prepared.carers == person.prepared.carers
        assert prepared.categories == person.prepared.categories


def test_id_numbers_are_valid_and_unique_and_agree_with_gender_and_birth():
    people = list(demo.draw_village(2000, seed=4, today=TODAY))
    numbers = [p.prepared.values["id_number"] for p in people]
    assert len(set(numbers)) == len(numbers) == 2000
    for person in people:
        values = person.prepared.values
        parsed = idcard.parse(values["id_number"], today=TODAY)
        assert (parsed.gender, parsed.birth_date) == (values["gender"], values["birth_date"])
    local = sum(number.startswith("321183") for number in numbers)
    assert 0.75 < local / len(numbers) < 0.97


def test_ages_lie_between_60_and_110_and_lean_young():
    people = list(demo.draw_village(2000, seed=5, today=TODAY))
    ages = [idcard.age_on(p.prepared.values["birth_date"], TODAY) for p in people]
    assert min(ages) >= 60
    assert max(ages) <= 110
    sixties = sum(60 <= age < 70 for age in ages)
    nineties = sum(90 <= age < 100 for age in ages)
    assert sixties > 5 * nineties > 0


def test_category_shares_are_plausible_for_2000_residents():
    people = list(demo.draw_village(2000, seed=6, today=TODAY))
    counts = Counter(code for p in people for code in current_categories(p))
    bounds = {
        "living_alone": (0.07, 0.18),
        "empty_nest": (0.20, 0.40),
        "left_behind": (0.09, 0.22),
        "semi_disabled_care": (0.03, 0.10),
        "disabled_care": (0.01, 0.06),
        "dementia": (0.005, 0.04),
        "special_hardship_dispersed": (0.005, 0.045),
        "special_hardship_centralized": (0.0, 0.015),
        "low_income": (0.03, 0.10),
        "severe_disability": (0.005, 0.04),
        "entitled_group": (0.002, 0.025),
        "family_planning_special": (0.0, 0.015),
    }
    for code, (low, high) in bounds.items():
        assert low <= counts[code] / 2000 <= high, (code, counts[code])


def test_nobody_is_both_living_alone_and_empty_nest_or_stored_as_oldest_old():
    for person in demo.draw_village(2000, seed=8, today=TODAY):
        codes = current_categories(person)
        assert not {"living_alone", "empty_nest"} <= codes
        assert all(item.code in categories.STORED_CODES for item in person.prepared.categories)
        for item in person.prepared.categories:
            assert item.start_date <= TODAY
            assert item.end_date is None or item.start_date <= item.end_date < TODAY


def test_deaths_and_moves_are_dated_inside_the_window_and_recorded_as_status_changes(store):
    # Given an empty folder, when the demo makes 2,000 residents with 12 months of history
    summary = demo.generate_village(store, residents=2000, months=12, today=TODAY)
    # Then some died and some moved out, each on a day inside the window
    changes = rows(
        store,
        "SELECT c.status, c.effective_date, c.reason, r.status, r.status_date FROM status_change c"
        " JOIN resident r ON r.id = c.resident_id WHERE c.status IN ('deceased', 'moved_out')",
    )
    by_status = Counter(status for status, *_rest in changes)
    assert by_status["deceased"] >= 20
    assert by_status["moved_out"] >= 3
    for _status, day, reason, _now, _since in changes:
        assert WINDOW_START.isoformat() <= day <= TODAY.isoformat()
        assert reason
    # And each person's status is their last recorded step
    dead = rows(store, "SELECT count(*) FROM resident WHERE status = 'deceased'")[0][0]
    assert dead == summary.deceased == by_status["deceased"]
    assert summary.residents == rows(store, "SELECT count(*) FROM resident")[0][0] == 2000
    assert summary.status_changes == rows(store, "SELECT count(*) FROM status_change")[0][0]


def test_most_people_have_carers_but_special_hardship_people_have_none(store):
    demo.generate_village(store, residents=2000, today=TODAY)
    without = rows(
        store,
        "SELECT count(*) FROM resident r WHERE NOT EXISTS"
        " (SELECT 1 FROM carer c WHERE c.resident_id = r.id)",
    )[0][0]
    hardship_with_carers = rows(
        store,
        "SELECT count(*) FROM category_membership m JOIN carer c ON c.resident_id = m.resident_id"
        " WHERE m.code LIKE 'special_hardship%'",
    )[0][0]
    assert 0 < without < 0.08 * 2000
    assert hardship_with_carers == 0


def test_the_demo_sets_up_its_care_point_in_an_empty_folder(empty_store):
    store = empty_store
    demo.generate_village(store, residents=300, today=TODAY)
    assert store.setting("village_code") == "321183104201"
    assert store.setting("village_name") == "桃园村"
    assert store.setting("township") == "白兔镇"
    assert store.setting("county") == "句容市"
    assert store.setting("role") == "village"
    assert store.setting("care_point_name") == "桃园村互助幸福院"
    groups = {row[0] for row in rows(store, "SELECT DISTINCT group_name FROM resident")}
    assert groups == {f"{chinese_number(n)}组" for n in range(1, 13)}


def test_an_existing_care_point_keeps_its_settings_and_its_place_names_the_addresses(tmp_path):
    # Given a folder already set up for another village
    store = initialise(
        tmp_path / "yangliu", code="320115101202", name="杨柳村", township="淳化街道",
        county="江宁区",
    )  # fmt: skip
    # When the demo fills it
    demo.generate_village(store, residents=300, today=TODAY)
    # Then the settings stay and the people live in that village, mostly born in that county
    assert store.setting("village_name") == "杨柳村"
    assert store.setting("county") == "江宁区"
    homes = [row[0] for row in rows(store, "SELECT household_address FROM resident")]
    assert all(home.startswith("江宁区淳化街道杨柳村") for home in homes)
    numbers = [row[0] for row in rows(store, "SELECT id_number FROM resident")]
    assert sum(number.startswith("320115") for number in numbers) > 200
    store.close()


def test_the_demo_refuses_a_folder_that_already_has_residents_and_changes_nothing(store):
    i18n.set_language("en")
    # Given a folder that already holds a register
    demo.generate_village(store, residents=300, seed=1, today=TODAY)
    before = register(store)
    settings_before = rows(store, "SELECT key, value FROM setting ORDER BY key")
    # When the demo is asked to fill it again
    with pytest.raises(UserInputError) as refused:
        demo.generate_village(store, residents=300, seed=2, today=TODAY)
    # Then it says why, and nothing changed
    assert "only fills an empty data folder" in refused.value.message
    assert register(store) == before
    assert rows(store, "SELECT key, value FROM setting ORDER BY key") == settings_before


def test_the_demo_refuses_a_township_folder(empty_store):
    i18n.set_language("en")
    store = empty_store
    store.set_setting("role", "township")
    with pytest.raises(UserInputError) as refused:
        demo.generate_village(store, residents=300, today=TODAY)
    assert "township" in refused.value.message
    assert rows(store, "SELECT count(*) FROM resident")[0][0] == 0
    assert store.setting("village_code") == ""


@pytest.mark.parametrize("residents, months", [(0, 12), (300, -1), (300, 121)])
def test_the_demo_refuses_impossible_sizes(empty_store, residents, months):
    store = empty_store
    with pytest.raises(UserInputError):
        demo.generate_village(store, residents=residents, months=months, today=TODAY)
    assert store.setting("village_code") == ""


def test_progress_is_reported_after_each_chunk_up_to_the_total(store, monkeypatch):
    monkeypatch.setattr(demo, "CHUNK", 400)
    calls = []
    demo.generate_village(
        store, residents=1000, today=TODAY, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(400, 1000), (800, 1000), (1000, 1000)]


def test_an_interrupted_demo_leaves_the_folder_empty(empty_store):
    store = empty_store

    # Given a progress callback that stops the demo after its first chunk (a cancel button)
    def cancel(done, total):
        raise KeyboardInterrupt

    # When the demo is interrupted
    with pytest.raises(KeyboardInterrupt):
        demo.generate_village(store, residents=500, today=TODAY, progress=cancel)
    # Then no resident and no care point was written, so the demo can start again
    assert rows(store, "SELECT count(*) FROM resident")[0][0] == 0
    assert store.setting("village_code") == ""


def test_without_months_nobody_has_history():
    # Given no months of history, the only steps are the centralised special-hardship people
    # who live in an institution (they moved in years ago)
    for person in demo.draw_village(500, months=0, today=TODAY):
        if person.history:
            assert [step.status for step in person.history] == ["in_institution"]
            assert "special_hardship_centralized" in current_categories(person)


def test_a_county_sized_demo_spreads_people_over_many_villages_and_groups():
    people = list(demo.draw_village(9_000, seed=9, today=TODAY))
    groups = Counter(p.prepared.values["group_name"] for p in people)
    villages = {p.prepared.values["household_address"].split("村")[0] for p in people}
    assert demo.village_count(9_000) == 6
    assert len(villages) == 6
    assert len(groups) >= 6 * 6
    assert max(groups.values()) < 600


def _visits_of(store):
    """Every visit, follow-up and assessment as written, without UUIDs and timestamps."""
    return [
        rows(store, "SELECT resident_id, visit_date, visit_time, visitor, method, problems,"
             " follow_up_date FROM visit ORDER BY id"),
        rows(store, "SELECT resident_id, due_date, reason, source_visit_id, closed_on,"
             " closed_by_visit_id FROM visit_task ORDER BY id"),
        rows(store, "SELECT resident_id, assessed_on, scores, level FROM assessment ORDER BY id"),
        rows(store, "SELECT * FROM visit_schedule ORDER BY resident_id"),
    ]  # fmt: skip


def test_visits_are_the_same_whether_read_and_written_in_slices_or_at_once(tmp_path, monkeypatch):
    from carepoint.visits import demo as visits_demo

    # Given the same village in two folders
    written = []
    for folder, slices in (("at_once", None), ("sliced", 7)):
        store = open_store(tmp_path / folder, create=True)
        demo.generate_village(store, residents=200, months=3, seed=4, today=TODAY)
        # When one folder's visits are drawn reading 7 residents' facts and flushing every
        # 5 visits at a time (a county's 300,000 are read 20,000 at a time)
        if slices:
            monkeypatch.setattr(visits_demo, "FACTS_AT_ONCE", slices)
            monkeypatch.setattr(visits_demo, "FLUSH_ROWS", 5)
        summary = visits_demo.generate_visits(store, months=3, seed=4, today=TODAY)
        written.append((summary, _visits_of(store)))
        store.close()
    # Then both hold the same visits, follow-ups, assessments and schedule
    assert written[0][0].visits > 20 and written[0][1][1]
    assert written[0] == written[1]
