"""`carepoint visits …` and `carepoint assessments …` through the installed entry point."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import id_number

from carepoint.residents import CategoryInput, ResidentInput, create_resident
from carepoint.setup import initialise
from carepoint.visits.records import VisitInput, record_visit

CAREPOINT = Path(sys.executable).parent / "carepoint"
D = dt.date
ZHANG = id_number(D(1940, 5, 6), 11)
LI = id_number(D(1955, 5, 6), 13)


def run(data_dir, *args, lang=None, check_exit=0):
    command = [str(CAREPOINT), "--data-dir", str(data_dir), *(["--lang", lang] if lang else [])]
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def village(tmp_path_factory):
    """张三 (86, living alone: weekly), visited 10 Nov; 李四 (71, disabled: monthly), 30 Oct."""
    folder = tmp_path_factory.mktemp("village")
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    for name, number, code, day in (("张三", ZHANG, "living_alone", D(2026, 11, 10)),
                                    ("李四", LI, "disabled_care", D(2026, 10, 30))):  # fmt: skip
        person = create_resident(
            store,
            ResidentInput(
                name=name,
                id_number=number,
                categories=[CategoryInput(code, D(2020, 1, 1))],
                registered_on=D(2020, 1, 1),
            ),
            today=D(2026, 11, 23),
        )
        record_visit(store, person.id, VisitInput(day, "clerk1", "home"), today=D(2026, 11, 23))
    store.close()
    return folder


def test_visits_due_json_lists_each_due_person_with_the_contract_fields(village):
    rows = json.loads(run(village, "visits", "due", "--json").stdout)
    assert [
        {k: r[k] for k in ("id_number", "name", "tier", "last_visit", "due_date", "overdue_days")}
        for r in rows
    ] == [
        {"id_number": ZHANG, "name": "张三", "tier": "high_risk", "last_visit": "2026-11-10",
         "due_date": "2026-11-17", "overdue_days": 6},
    ]  # fmt: skip


def test_visits_due_on_a_later_date_counts_overdue_days_to_that_date(village):
    rows = json.loads(run(village, "--json", "visits", "due", "--date", "2026-12-01").stdout)
    assert [(r["name"], r["due_date"], r["overdue_days"]) for r in rows] == [
        ("张三", "2026-11-17", 14),
        ("李四", "2026-11-30", 1),
    ]


def test_visits_rate_json_gives_due_visited_and_rate(village):
    found = json.loads(run(village, "visits", "rate", "--month", "2026-11", "--json").stdout)
    assert {k: found[k] for k in ("month", "due", "visited", "rate")} == {
        "month": "2026-11", "due": 2, "visited": 1, "rate": 0.5,
    }  # fmt: skip


def test_visits_rate_in_english_reads_as_a_sentence(village):
    done = run(village, "visits", "rate", "--month", "2026-11", lang="en")
    assert done.stdout.strip() == "2026-11: 1 of 2 residents due a visit were visited (50.0%)"


def test_a_malformed_month_is_a_usage_error_with_exit_2(village):
    done = run(village, "visits", "rate", "--month", "2026-13", check_exit=2)
    assert "2026-13" in done.stderr


def test_visits_tier_explains_the_tier(village):
    done = run(village, "visits", "tier", ZHANG, "--json", lang="en")
    found = json.loads(done.stdout)
    assert (found["tier"], found["every"]) == ("high_risk", "1w")
    assert found["explanation"] == "aged 80 and over and living alone → high risk, weekly"


def test_recording_a_visit_takes_the_person_off_the_due_list(tmp_path, village):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(village, folder)
    run(folder, "visits", "record", ZHANG, "--method", "phone", "--finding", "health=good:精神好")
    assert json.loads(run(folder, "visits", "due", "--json").stdout) == []


def test_a_visit_after_death_is_refused_with_exit_2_and_nothing_written(tmp_path, village):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(village, folder)
    run(folder, "residents", "set-status", LI, "--status", "deceased", "--date", "2026-11-20")
    done = run(folder, "visits", "record", LI, "--method", "home", "--date", "2026-11-21",
               lang="en", check_exit=2)  # fmt: skip
    assert "李四 died on" in done.stderr
    assert "no visit can be recorded" in done.stderr


def test_assessments_record_and_list(tmp_path, village):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(village, folder)
    # self-care 16, mobility 7, mental state 16, perception 7: 46 points, moderately impaired
    parts = (
        ["2"] * 8 + ["2", "2", "2", "1"] + ["2"] * 6 + ["1", "1", "2"] + ["1", "1", "2", "1", "2"]
    )
    scores = ",".join(parts)
    done = run(folder, "assessments", "record", LI, "--assessors", "王医生,李护士",
               "--scores", scores, "--date", "2026-11-20", "--json")  # fmt: skip
    found = json.loads(done.stdout)
    assert (found["total"], found["level"]) == (46, "moderate")
    history = json.loads(run(folder, "assessments", "list", LI, "--json").stdout)
    assert [(h["date"], h["level"]) for h in history] == [("2026-11-20", "moderate")]


def test_assessments_with_the_wrong_number_of_scores_are_refused(village):
    done = run(village, "assessments", "record", LI, "--assessors", "甲,乙", "--scores", "1,2,3",
               check_exit=2)  # fmt: skip
    assert "26" in done.stderr
