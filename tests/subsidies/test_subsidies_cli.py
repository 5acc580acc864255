"""`carepoint subsidies …` through the installed entry point, as a script or a clerk runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import id_number

from carepoint.db import open_store
from carepoint.residents import ResidentInput, create_resident, set_status
from carepoint.setup import initialise

CAREPOINT = Path(sys.executable).parent / "carepoint"
OLD = id_number(dt.date(1936, 1, 9), 11)  # 90 in 2026
NO_CARD = id_number(dt.date(1944, 3, 3), 22)  # 82, no bank account


def run(folder, *args, check_exit=None):
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run(
        [str(CAREPOINT), "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check_exit is not None:
        assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture
def village(tmp_path):
    """A Guichi village with two people over 80, one without a bank account."""
    folder = tmp_path / "village"
    store = initialise(folder, code="341702100201", name="梅村", actor="tester")
    store.set_setting("rules_preset", "guichi")
    create_resident(
        store, ResidentInput(name="李爷爷", id_number=OLD, bank_account="6228480402564890018")
    )
    create_resident(store, ResidentInput(name="张奶奶", id_number=NO_CARD))
    store.close()
    return folder


def test_compute_prints_each_line_with_its_reason_and_the_totals_by_type(village):
    done = run(village, "--json", "subsidies", "compute", "--month", "2026-11", check_exit=0)
    result = json.loads(done.stdout)
    assert result["totals"] == {"old_age": 6000 + 3000}
    lines = {line["id_number"]: line for line in result["lines"]}
    assert set(lines) == {OLD, NO_CARD}
    assert set(lines[OLD]) == {"id_number", "type", "item", "amount_fen", "reason"}
    assert lines[OLD]["item"] == "高龄津贴"  # the name Guichi's rules give the item
    assert (lines[OLD]["type"], lines[OLD]["amount_fen"]) == ("old_age", 6000)
    assert "90" in lines[OLD]["reason"]


def test_compute_in_english_explains_in_english(village):
    done = run(village, "--lang", "en", "subsidies", "compute", "--month", "2026-11", check_exit=0)
    assert "age 90 on" in done.stdout and "¥60.00" in done.stdout


def test_anomalies_lists_kind_id_number_and_message(village):
    run(village, "subsidies", "compute", "--month", "2026-11", check_exit=0)
    done = run(village, "--json", "subsidies", "anomalies", "--month", "2026-11", check_exit=0)
    assert json.loads(done.stdout) == [
        {
            "kind": "bank_account_missing",
            "id_number": NO_CARD,
            "message": json.loads(done.stdout)[0]["message"],
        }
    ]
    assert "张奶奶" in json.loads(done.stdout)[0]["message"]


def test_a_malformed_month_is_refused_with_exit_2_and_nothing_is_written(village):
    done = run(village, "subsidies", "compute", "--month", "2026-13", check_exit=2)
    assert "2026-13" in done.stderr
    store = open_store(village)
    assert store.db.execute_sql("SELECT count(*) FROM subsidy_month").fetchone()[0] == 0
    store.close()


def test_the_whole_workflow_runs_from_the_command_line_and_locks_the_month(village):
    run(village, "subsidies", "compute", "--month", "2026-10", check_exit=0)
    run(village, "subsidies", "review", "--month", "2026-10", check_exit=0)
    refused = run(village, "subsidies", "approve", "--month", "2026-10", check_exit=2)
    assert "--accept-warnings" in refused.stderr
    run(village, "subsidies", "approve", "--month", "2026-10", "--accept-warnings", check_exit=0)
    paid = run(
        village,
        "--json",
        "subsidies",
        "pay",
        "--month",
        "2026-10",
        "--date",
        "2026-11-10",
        "--batch",
        "GC-2026-10",
        check_exit=0,
    )
    assert json.loads(paid.stdout) == {"month": "2026-10", "state": "paid", "paid": 2, "unpaid": 0}
    # a death recorded late: the locked month stays as paid, and the money is to be recovered
    store = open_store(village)
    resident = store.db.execute_sql("SELECT id FROM resident WHERE id_number = ?", [OLD])
    set_status(
        store,
        resident.fetchone()[0],
        "deceased",
        dt.date(2026, 9, 25),
        "",
        today=dt.date(2026, 11, 23),
    )
    store.close()
    again = run(village, "--json", "subsidies", "compute", "--month", "2026-10", check_exit=0)
    assert json.loads(again.stdout)["totals"] == {"old_age": 9000}
    owed = json.loads(run(village, "--json", "subsidies", "recoveries", check_exit=0).stdout)
    assert [(r["id_number"], r["outstanding_fen"], r["months"]) for r in owed] == [
        (OLD, 6000, ["2026-10"])
    ]
    run(village, "subsidies", "settle", OLD, "--amount", "60", "--date", "2026-11-23", check_exit=0)
    assert json.loads(run(village, "--json", "subsidies", "recoveries").stdout) == []


def test_an_adjustment_needs_an_approved_month_to_correct(village):
    run(village, "subsidies", "compute", "--month", "2026-11", check_exit=0)
    done = run(
        village,
        "subsidies",
        "adjust",
        "--month",
        "2026-11",
        "--id-number",
        OLD,
        "--type",
        "old_age",
        "--amount",
        "30",
        "--corrects",
        "2026-10",
        "--reason",
        "补发",
        check_exit=2,
    )
    assert "2026-10" in done.stderr


def test_the_changes_list_shows_who_started_and_stopped(village):
    done = run(village, "--json", "subsidies", "changes", "--month", "2026-01", check_exit=0)
    assert json.loads(done.stdout) == []
    run(village, "subsidies", "compute", "--month", "2026-01", check_exit=0)
    changes = json.loads(
        run(village, "--json", "subsidies", "changes", "--month", "2026-01").stdout
    )
    assert [(c["change"], c["id_number"], c["cause"]) for c in changes] == [
        ("new", OLD, "bracket"),
        ("stopped", OLD, "bracket"),
    ]
