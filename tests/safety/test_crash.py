"""Pull the plug: SIGKILL a process at random moments of a roster import, meal sign-ins with the
month close, and demo generation; after every restart the data passes integrity_check and holds
each operation whole or not at all. CAREPOINT_CRASH_KILLS=N raises the number of kill points."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import id_number
from safety.safety_helpers import query

from carepoint.db import DB_FILE, open_store
from carepoint.demo import generate_demo
from carepoint.safety.facts import check_database, table_counts

# The last test adds up the kill points of the others: the suite runs a module in one process
# (pytest-xdist --dist loadfile, Makefile).

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = int(os.environ.get("CAREPOINT_CRASH_KILLS", "6"))  # per operation; 3 operations
ENV = {**os.environ, "CAREPOINT_TODAY": "2026-11-23", "PYTHONPATH": os.pathsep.join(sys.path)}
survived: dict[str, int] = {}
outcomes: dict[str, dict[str, int]] = {}  # what each kill left: none / all / part (meals only)


def note(operation: str, outcome: str) -> None:
    survived[operation] = survived.get(operation, 0) + 1
    seen = outcomes.setdefault(operation, {})
    seen[outcome] = seen.get(outcome, 0) + 1


def start(*args) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def run_whole(*args) -> float:
    """Run the operation to its end once; returns how long the work took."""
    began = time.perf_counter()
    process = start(*args)
    # read through the same buffered stream as start(): it may already hold "done"
    out, err = process.stdout.read(), process.stderr.read()
    assert process.wait(timeout=120) == 0 and "done" in out, err
    return time.perf_counter() - began


def kill_at_random(rng: random.Random, duration: float, *args) -> bool:
    """Start the operation and SIGKILL it after a random part of its duration; True if killed."""
    process = start(*args)
    time.sleep(rng.uniform(0, duration))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    return process.returncode == -signal.SIGKILL


def counts(folder: Path) -> dict[str, int]:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as connection:
        return table_counts(connection)


def restarted(folder: Path) -> dict[str, int]:
    """What the app sees on its next start: a sound file, then its counts."""
    report = check_database(folder / DB_FILE)
    assert report.integrity == [] and report.foreign_keys == [], report.integrity
    open_store(folder).close()  # the start-up path itself, including schema steps
    return counts(folder)


def village(tmp_path: Path, residents: int) -> Path:
    folder = tmp_path / "template"
    store = open_store(folder, create=True, actor="tester")
    generate_demo(store, residents=residents, months=0, seed=11)
    store.close()
    return folder


def fresh_copy(template: Path, tmp_path: Path, number: int) -> Path:
    return Path(shutil.copytree(template, tmp_path / f"run{number}"))


def roster_csv(path: Path, rows: int) -> Path:
    lines = ["姓名,性别,身份证号,出生日期,组别,联系电话"]
    for n in range(rows):
        birth = f"19{40 + n % 20}-0{1 + n % 9}-1{n % 10}"
        sequence = n % 999 + 1
        number = id_number(dt.date.fromisoformat(birth), sequence)
        gender = "女男"[sequence % 2]  # the ID number's 17th digit: odd for men
        lines.append(f"导入{n:04d},{gender},{number},{birth},一组,1390000{n:04d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", [20261123])
def test_a_killed_roster_import_leaves_all_or_nothing(tmp_path, seed):
    rng = random.Random(seed)
    template = village(tmp_path, 30)
    roster = roster_csv(tmp_path / "roster.csv", 1500)
    before = counts(template)
    whole = fresh_copy(template, tmp_path, 0)
    duration = run_whole("import", whole, roster)
    after = restarted(whole)
    assert after["resident"] == before["resident"] + 1500
    for number in range(1, KILLS + 1):
        folder = fresh_copy(template, tmp_path, number)
        kill_at_random(rng, duration, "import", folder, roster)
        state = restarted(folder)
        assert state in (before, after)
        note("import", "all" if state == after else "none")


def meal_pairs_match(folder: Path) -> bool:
    """Each sign-in has its audit entry and each entry its sign-in; a closed month its entry."""
    signed = query(folder, "SELECT uuid FROM meal_sign_in ORDER BY uuid")
    audited = query(folder, "SELECT entity_uuid FROM audit_entry WHERE entity = 'meal_sign_in'"
                            " AND action = 'sign_in' ORDER BY entity_uuid")
    closed = query(folder, "SELECT count(*) FROM meal_month WHERE status = 'closed'")[0][0]
    close_entries = query(folder, "SELECT count(DISTINCT entity_uuid) FROM audit_entry"
                                  " WHERE entity = 'meal_month' AND action = 'close'")[0][0]
    return signed == audited and closed == close_entries


def test_killed_meal_sign_ins_and_month_close_are_each_whole(tmp_path):
    rng = random.Random(1123)
    template = village(tmp_path, 60)
    whole = fresh_copy(template, tmp_path, 0)
    duration = run_whole("meals", whole)
    complete = restarted(whole)
    assert meal_pairs_match(whole) and complete["meal_month"] == 1
    for number in range(1, KILLS + 1):
        folder = fresh_copy(template, tmp_path, number)
        kill_at_random(rng, duration, "meals", folder)
        state = restarted(folder)
        assert meal_pairs_match(folder)
        assert state["meal_sign_in"] <= complete["meal_sign_in"]
        if state["meal_month"]:  # the month was closed only after every sign-in
            assert state == complete
        # the next run picks up where the killed one stopped and finishes the work
        if number % 4 == 0:
            run_whole("meals", folder)
            assert restarted(folder) == complete and meal_pairs_match(folder)
        note("meals", "all" if state == complete else "part")


def test_a_killed_demo_generation_leaves_all_or_nothing(tmp_path):
    rng = random.Random(7)
    whole = tmp_path / "whole"
    duration = run_whole("demo", whole)
    complete = restarted(whole)
    empty = None
    for number in range(1, KILLS + 1):
        folder = tmp_path / f"run{number}"
        kill_at_random(rng, duration, "demo", folder)
        if not (folder / DB_FILE).exists():
            note("demo", "none")
            continue  # killed before the folder was made
        state = restarted(folder)
        if state != complete:
            empty = empty or {table: 0 for table in complete} | {"setting": state["setting"]}
            assert state == empty, state
        note("demo", "all" if state == complete else "none")


def test_every_kill_point_was_survived():
    # Runs last in this module: the figure the report quotes.
    print(f"\nkill points survived: {sum(survived.values())}; outcomes: {outcomes}")
    assert sum(survived.values()) >= 3 * KILLS or not survived
