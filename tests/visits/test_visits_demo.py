"""The demo village's visit history: plausible, reproducible, consistent with the rules."""

import datetime as dt

import pytest

from carepoint.demo import generate_village
from carepoint.visits import due, summary
from carepoint.visits.demo import generate_visits

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from carepoint.db import open_store

    store = open_store(tmp_path_factory.mktemp("demo"), create=True)
    generate_village(store, residents=600, months=12, seed=3, today=TODAY)
    result = generate_visits(store, months=12, seed=3, today=TODAY)
    yield store, result
    store.close()


def test_the_demo_visits_people_in_tiers_at_their_rhythm_with_a_few_overdue(demo):
    store, result = demo
    assert result.visits > 1000 and result.assessments > 20 and result.follow_ups > 10
    rows = due.due_list(store, TODAY)
    in_tiers = store.db.execute_sql("SELECT count(*) FROM visit_schedule WHERE tier != ''")
    assert 0 < len(rows) < 0.4 * in_tiers.fetchone()[0]
    for month in (8, 9, 10):
        rate = summary.visit_rate(store, 2026, month, TODAY).rate
        assert 0.8 < rate < 1.0


def test_no_demo_visit_falls_after_a_death_or_a_move(demo):
    store, _result = demo
    late = store.db.execute_sql(
        "SELECT count(*) FROM visit v JOIN resident r ON r.id = v.resident_id"
        " WHERE r.status IN ('deceased', 'moved_out') AND v.visit_date >= r.status_date"
    ).fetchone()[0]
    assert late == 0


def test_demo_assessment_levels_agree_with_the_disability_categories(demo):
    store, _result = demo
    disagreeing = store.db.execute_sql(
        "SELECT count(*) FROM assessment a JOIN category_membership m"
        " ON m.resident_id = a.resident_id AND m.end_date IS NULL"
        " WHERE (m.code = 'disabled_care' AND a.level NOT IN ('severe', 'complete'))"
        " OR (m.code = 'semi_disabled_care' AND a.level NOT IN ('mild', 'moderate'))"
    ).fetchone()[0]
    assert disagreeing == 0


def test_the_same_seed_gives_the_same_visits(tmp_path):
    from carepoint.db import open_store

    found = []
    for n in (1, 2):
        store = open_store(tmp_path / str(n), create=True)
        generate_village(store, residents=200, months=6, seed=5, today=TODAY)
        generate_visits(store, months=6, seed=5, today=TODAY)
        found.append(
            store.db.execute_sql(
                "SELECT resident_id, visit_date, method, visitor FROM visit ORDER BY id"
            ).fetchall()
        )
        store.close()
    assert found[0] == found[1] and found[0]
