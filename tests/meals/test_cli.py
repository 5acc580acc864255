"""`carepoint meals …` and `carepoint timebank list` through the installed entry point."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import add

from carepoint.meals.signin import sign_in

CAREPOINT = Path(sys.executable).parent / "carepoint"


def run(data_dir, *args, lang="zh_CN", check_exit=0):
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    command = [str(CAREPOINT), "--data-dir", str(data_dir), "--lang", lang, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture
def october(store):
    """Two diners with October lunches, then the data folder closed for the command line."""
    old = add(store, "张老", dt.date(1936, 10, 15), 1)
    young = add(store, "王少", dt.date(1964, 1, 1), 3)
    for day in (1, 2, 3):
        sign_in(store, old.id, dt.date(2026, 10, day), "lunch", mode="delivery")
    sign_in(store, young.id, dt.date(2026, 10, 9), "lunch")
    store.close()
    return store.data_dir, old.id_number, young.id_number


def test_meals_stats_json_follows_the_contract(october):
    folder, old_id, young_id = october
    payload = json.loads(run(folder, "--json", "meals", "stats", "--month", "2026-10").stdout)
    assert payload == {
        "lines": [
            {
                "id_number": young_id,
                "name": "王少",
                "meals": 1,
                "subsidy_fen": 100,
                "copay_fen": 800,
            },
            {
                "id_number": old_id,
                "name": "张老",
                "meals": 3,
                "subsidy_fen": 2400,
                "copay_fen": 900,
            },
        ],
        "totals": {"meals": 4, "subsidy_fen": 2500, "copay_fen": 1700},
    }


def test_meals_close_locks_the_month_and_a_second_close_is_refused(october):
    folder, _old, _young = october
    closed = json.loads(run(folder, "--json", "meals", "close", "--month", "2026-10").stdout)
    assert (closed["meals"], closed["city_fen"] + closed["county_fen"] + closed["village_fen"]) == (
        4,
        2500,
    )
    again = run(folder, "meals", "close", "--month", "2026-10", lang="en", check_exit=2)
    assert "2026-10" in again.stderr


@pytest.mark.parametrize("month", ["2026-13", "October", "2026/10"])
def test_a_malformed_month_is_a_usage_error(october, month):
    folder, _old, _young = october
    done = run(folder, "meals", "stats", "--month", month, check_exit=2)
    assert month in done.stderr


def test_the_delivery_list_prints_for_the_driver(october):
    folder, _old, _young = october
    stops = json.loads(run(folder, "--json", "meals", "delivery", "--date", "2026-10-02").stdout)
    assert [(s["name"], s["served"]) for s in stops] == [("张老", True)]
    assert "张老" in run(folder, "meals", "delivery", "--date", "2026-10-02").stdout


def test_timebank_list_shows_minutes_in_json(store):
    from carepoint.timebank.ledger import record_service
    from carepoint.timebank.volunteers import VolunteerInput, add_volunteer

    volunteer = add_volunteer(store, VolunteerInput(name="志愿者甲"))
    record_service(store, volunteer.id, dt.date(2026, 11, 20), 90, "助洁")
    store.close()
    listed = json.loads(run(store.data_dir, "--json", "timebank", "list").stdout)
    assert listed == [
        {"name": "志愿者甲", "group": "", "active": True, "deposited_minutes": 90,
         "withdrawn_minutes": 0, "balance_minutes": 90}
    ]  # fmt: skip
