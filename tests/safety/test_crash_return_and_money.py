"""Pull the plug on a village importing the township's return package (approvals that lock a
month, flags, acknowledgements) and on `subsidies approve` and `pay`: after every SIGKILL the data
passes integrity_check and holds the operation whole or not at all (CAREPOINT_CRASH_KILLS=N)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from exchange.exchange_helpers import PASSPHRASE, TAOYUAN, Office, cli, with_store
from safety.safety_helpers import query
from safety.test_crash import KILLS, kill_at_random, restarted, run_whole

from carepoint.demo import generate_demo
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month, review_month

# The last test adds up the kill points of the others: the suite runs a module in one process
# (pytest-xdist --dist loadfile, Makefile).

survived: dict[str, dict[str, int]] = {}


def note(operation: str, outcome: str) -> None:
    seen = survived.setdefault(operation, {})
    seen[outcome] = seen.get(outcome, 0) + 1


def copy(template: Path, tmp_path: Path, number: int) -> Path:
    return Path(shutil.copytree(template, tmp_path / f"run{number}"))


@pytest.fixture
def returned(tmp_path, capsys, monkeypatch):
    """A demo village enrolled with its township, and the township's return package approving
    its October (flags, reviews and acknowledgements in it)."""
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", PASSPHRASE)
    office = Office(tmp_path, capsys)
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: generate_demo(s, residents=300, months=2, seed=5))
    office.run("sync", "import", office.export(village))
    for month in ("2026-10", "2026-11"):
        office.run("township", "review", "--village-code", TAOYUAN[0], "--month", month,
                   "--approve", "--comment", "材料齐全")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", tmp_path / "returns")
    return village, Path(json.loads(out)[0]["file"])


def test_a_killed_return_package_import_at_the_village_leaves_all_or_nothing(
    tmp_path, returned, monkeypatch
):
    village, package = returned
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", PASSPHRASE)
    rng = random.Random(1202)
    before = restarted(village)
    whole = copy(village, tmp_path, 0)
    duration = run_whole("cli", whole, "sync", "import", package)
    after = restarted(whole)
    assert after != before
    for number in range(1, KILLS + 1):
        folder = copy(village, tmp_path, number)
        kill_at_random(rng, duration, "cli", folder, "sync", "import", package)
        state = restarted(folder)
        assert state in (before, after)
        note("return import", "all" if state == after else "none")


def month_state(folder: Path, month: str) -> list[tuple]:
    return query(folder, "SELECT state FROM subsidy_month WHERE month = ?", (month,))


@pytest.fixture
def reviewed(village_dir):
    from carepoint.db import open_store

    store = open_store(village_dir, actor="tester")
    try:
        month = months.parse("2026-10")
        compute_month(store, month)
        review_month(store, month)
    finally:
        store.close()
    return village_dir


@pytest.mark.parametrize("step", ["approve", "pay"])
def test_a_killed_approval_or_payment_leaves_all_or_nothing(tmp_path, reviewed, capsys, step):
    rng = random.Random(20261202)
    if step == "pay":
        cli(capsys, "--data-dir", reviewed, "subsidies", "approve", "--month", "2026-10",
            "--accept-warnings")  # fmt: skip
        args = ("subsidies", "pay", "--month", "2026-10", "--date", "2026-11-20",
                "--batch", "B-1120")  # fmt: skip
    else:
        args = ("subsidies", "approve", "--month", "2026-10", "--accept-warnings")
    before = restarted(reviewed)
    whole = copy(reviewed, tmp_path, 0)
    duration = run_whole("cli", whole, *args)
    after = restarted(whole)
    assert month_state(whole, "2026-10") == [("approved" if step == "approve" else "paid",)]
    assert after != before
    for number in range(1, KILLS + 1):
        folder = copy(reviewed, tmp_path, number)
        kill_at_random(rng, duration, "cli", folder, *args)
        state = restarted(folder)
        assert state in (before, after)
        if state == before:
            assert month_state(folder, "2026-10") == month_state(reviewed, "2026-10")
        else:
            assert month_state(folder, "2026-10") == month_state(whole, "2026-10")
        note(step, "all" if state == after else "none")


def test_every_kill_of_these_was_survived():
    print(f"\nkills survived: {survived}")
    assert not survived or sum(sum(v.values()) for v in survived.values()) >= KILLS
