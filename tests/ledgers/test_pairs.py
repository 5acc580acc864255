"""Helper pairs: a helper's visit is the resident's visit and the volunteer's time-bank hours."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import count, run
from pypdf import PdfReader

from carepoint.db import open_store
from carepoint.errors import UserInputError
from carepoint.ledgers import pairs as core
from carepoint.setup import initialise
from carepoint.timebank.ledger import entries
from carepoint.timebank.volunteers import VolunteerInput, add_volunteer
from carepoint.visits import tasks
from carepoint.visits.records import visits_of

D = dt.date


def test_a_helpers_visit_counts_as_the_residents_visit_and_closes_a_due_follow_up(store, people):
    zhang = people["张三"]
    tasks.add_task(store, zhang, "follow_up", D(2026, 11, 20), "跌倒后回访", D(2026, 11, 15))
    pair = core.add_pair(store, core.PairInput(zhang.id, "李党员", "party_member", D(2026, 11, 1)))

    visit_id = core.record_pair_visit(store, pair.id, D(2026, 11, 22), "home", problems="腿疼")

    visits = visits_of(store, zhang.id)
    assert [(v.id, v.visitor, v.visitor_kind, v.visit_date) for v in visits] == [
        (visit_id, "李党员", "volunteer", D(2026, 11, 22))
    ]
    assert tasks.open_tasks(store, zhang.id) == []
    assert [line.visits for line in core.pairing_roster(store, D(2026, 11, 1))] == [1]


def test_a_volunteer_helpers_visit_is_deposited_in_the_time_bank_with_the_resident_named(
    store, people
):
    helper = add_volunteer(store, VolunteerInput(resident_id=people["李四"].id))
    pair = core.add_pair(
        store,
        core.PairInput(
            people["张三"].id, "", "volunteer", D(2026, 11, 1), volunteer_id=helper.id
        ),  # fmt: skip
    )
    assert pair.helper_name == "李四"

    core.record_pair_visit(store, pair.id, D(2026, 11, 22), minutes=90)

    deposits = [
        (e.entry_date, e.deposit_minutes, e.recipient_name) for e in entries(store, helper.id)
    ]
    assert deposits == [(D(2026, 11, 22), 90, "张三")]


def test_a_visit_outside_the_pairs_dates_is_refused_and_nothing_is_written(store, people):
    pair = core.add_pair(
        store, core.PairInput(people["张三"].id, "李党员", "party_member", D(2026, 11, 10))
    )
    core.end_pair(store, pair.id, D(2026, 11, 15))
    for day in (D(2026, 11, 9), D(2026, 11, 16)):
        with pytest.raises(UserInputError, match="李党员"):
            core.record_pair_visit(store, pair.id, day)
    assert count(store, "visit") == 0
    assert core.list_pairs(store, D(2026, 11, 23)) == []
    assert [p.end_date for p in core.list_pairs(store)] == [D(2026, 11, 15)]


def test_a_pair_needs_a_helper_a_known_kind_and_a_living_resident(store, people):
    with pytest.raises(UserInputError) as refused:
        core.add_pair(store, core.PairInput(people["张三"].id, " ", "cousin", D(2026, 11, 1)))
    assert "cousin" in refused.value.message
    with pytest.raises(UserInputError, match="王五"):
        core.add_pair(store, core.PairInput(people["王五"].id, "李党员", "party_member",
                                            D(2026, 11, 2)))  # fmt: skip
    core.add_pair(store, core.PairInput(people["张三"].id, "李党员", "party_member",
                                        D(2026, 11, 1)))  # fmt: skip
    with pytest.raises(UserInputError, match="李党员"):
        core.add_pair(store, core.PairInput(people["张三"].id, "李党员", "neighbour",
                                            D(2026, 11, 5)))  # fmt: skip
    assert count(store, "helper_pair") == 1


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组", categories=[])
    store.close()
    return folder


ZHANG = id_number(D(1940, 5, 6), 11)


def test_the_command_line_pairs_records_a_visit_and_the_visits_list_knows_it(village):
    made = json.loads(run(village, "--json", "pairs", "add", "--id-number", ZHANG, "--helper",
                          "李党员", "--kind", "party_member", "--start", "2026-11-01",
                          "--phone", "13912345678").stdout)  # fmt: skip
    run(village, "pairs", "visit", str(made["id"]), "--date", "2026-11-22", "--method", "phone")

    listed = json.loads(run(village, "--json", "pairs", "list").stdout)

    assert [(p["resident"], p["helper"], p["start_date"]) for p in listed] == [
        ("张三", "李党员", "2026-11-01")
    ]
    store = open_store(village)
    try:
        visits = [
            (v.visitor, v.method, v.visit_date) for v in visits_of(store, made_resident(store))
        ]
    finally:
        store.close()
    assert visits == [("李党员", "phone", D(2026, 11, 22))]


def made_resident(store) -> int:
    return store.db.execute_sql("SELECT id FROM resident WHERE name = '张三'").fetchone()[0]


def test_ending_a_pair_on_the_command_line_and_a_bad_pair_number(village):
    made = json.loads(run(village, "--json", "pairs", "add", "--id-number", ZHANG,
                          "--helper", "王邻居", "--kind", "neighbour",
                          "--start", "2026-11-01").stdout)  # fmt: skip
    run(village, "pairs", "end", str(made["id"]), "--date", "2026-11-20")
    assert json.loads(run(village, "--json", "pairs", "list").stdout) == []
    assert len(json.loads(run(village, "--json", "pairs", "list", "--all").stdout)) == 1
    done = run(village, "pairs", "visit", "99", check_exit=2)
    assert "没有这个结对" in done.stderr


def test_the_pairing_roster_prints_the_pairs_and_the_helpers_visits(village):
    made = json.loads(run(village, "--json", "pairs", "add", "--id-number", ZHANG, "--helper",
                          "李党员", "--kind", "party_member", "--start", "2026-11-01",
                          "--phone", "13912345678").stdout)  # fmt: skip
    run(village, "pairs", "visit", str(made["id"]), "--date", "2026-11-22")
    out = village.parent / "pairs.pdf"

    run(village, "report", "pairs", "--month", "2026-11", "--out", str(out))

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "结对帮扶花名册" in text
    for expected in ("张三", "李党员", "党员", "13912345678", "2026年11月22日"):
        assert expected in text
    assert "共1对；本月帮扶人探访1次；0位老人本月尚未得到帮扶人探访" in text
