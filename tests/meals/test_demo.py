import datetime as dt

import pytest

from carepoint.demo import generate_village
from carepoint.meals.closing import month_status
from carepoint.meals.demo import generate_meals
from carepoint.meals.report import month_report
from carepoint.meals.summary import today_meals
from carepoint.timebank.summary import month_hours
from carepoint.timebank.volunteers import list_volunteers

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(store):
    generate_village(store, residents=300, months=0, seed=3, today=TODAY)
    summary = generate_meals(store, months=2, seed=3, today=TODAY)
    return store, summary


def test_the_demo_fills_meals_and_volunteer_hours_and_closes_the_past_months(demo):
    store, summary = demo
    assert summary.diners > 20 and summary.meals > 1000 and summary.volunteers >= 3
    for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1)):
        assert month_status(store, month).closed
        assert month_report(store, month).balanced
    assert not month_status(store, dt.date(2026, 11, 1)).closed
    assert today_meals(store, TODAY).served("lunch") > 0
    assert month_hours(store, TODAY).minutes > 0
    assert all(v.balance_minutes >= 0 for v in list_volunteers(store))


def test_the_same_seed_gives_the_same_meal_history(demo, tmp_path):
    from carepoint.setup import initialise

    store, summary = demo
    other = initialise(tmp_path / "again", code="321183104201", name="桃园村")
    try:
        generate_village(other, residents=300, months=0, seed=3, today=TODAY)
        assert generate_meals(other, months=2, seed=3, today=TODAY) == summary
    finally:
        other.close()
