"""适老化改造 cases: the steps in order, items from the locality's list, money, the ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import count, run
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.ledgers import adaptations as core
from carepoint.setup import initialise

D = dt.date


def opened(store, people, **details):
    return core.open_case(store, people["张三"].id, D(2026, 9, 1), household="张三（一组8号）",
                          items=("扶手",), **details)  # fmt: skip


def test_a_case_goes_through_each_step_in_order_with_its_dates_and_money(store, people):
    case = opened(store, people)
    core.advance(store, case.id, "assessed", D(2026, 9, 5), items=("扶手", "夜灯"),
                 cost_fen=320000, subsidy_fen=300000)  # fmt: skip
    core.advance(store, case.id, "in_work", D(2026, 10, 1), contractor="句容市某装饰公司")
    core.advance(store, case.id, "accepted", D(2026, 10, 20), cost_fen=315000)
    done = core.advance(store, case.id, "archived", D(2026, 11, 2))

    assert done.state == "archived"
    assert done.dates == {"applied": D(2026, 9, 1), "assessed": D(2026, 9, 5),
                          "in_work": D(2026, 10, 1), "accepted": D(2026, 10, 20),
                          "archived": D(2026, 11, 2)}  # fmt: skip
    assert (done.items, done.cost_fen, done.subsidy_fen) == (("扶手", "夜灯"), 315000, 300000)
    sql = "SELECT action FROM audit_entry WHERE entity = 'adaptation_case' ORDER BY id"
    assert [r[0] for r in store.db.execute_sql(sql)][:2] == ["create", "advance"]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (("in_work", D(2026, 9, 10)), "评估"),  # a step skipped
        (("assessed", D(2026, 8, 31)), "2026年8月31日"),  # before the application
        (("assessed", D(2026, 12, 1)), "2026年12月1日"),  # in the future
    ],
)
def test_a_step_out_of_order_or_out_of_time_is_refused_and_changes_nothing(
    store, people, step, message
):
    case = opened(store, people)
    with pytest.raises(UserInputError, match=message):
        core.advance(store, case.id, step[0], step[1], items=("扶手",))
    assert core.get_case(store, case.id).state == "applied"


def test_the_subsidy_cannot_exceed_the_cost_and_work_needs_a_contractor(store, people):
    case = opened(store, people)
    with pytest.raises(UserInputError, match="补贴"):
        core.advance(store, case.id, "assessed", D(2026, 9, 5), cost_fen=100, subsidy_fen=200)
    core.advance(store, case.id, "assessed", D(2026, 9, 5), cost_fen=200, subsidy_fen=100)
    with pytest.raises(UserInputError, match="施工单位"):
        core.advance(store, case.id, "in_work", D(2026, 9, 6))


def test_items_come_from_the_localitys_list_which_the_rules_can_change(store, people):
    with pytest.raises(UserInputError, match="金马桶"):
        core.open_case(store, people["张三"].id, D(2026, 9, 1), items=("金马桶",))
    from carepoint import rules

    rules.save_version(store, "adaptations", D(2026, 1, 1), {"items": ["扶手", "智能烟感"]})
    case = core.open_case(store, people["张三"].id, D(2026, 9, 1), items=("智能烟感",))
    assert case.items == ("智能烟感",)
    assert count(store, "adaptation_case") == 1


def test_one_open_case_per_person_and_none_for_the_dead(store, people):
    opened(store, people)
    with pytest.raises(UserInputError):
        opened(store, people)
    with pytest.raises(UserInputError, match="王五"):
        core.open_case(store, people["王五"].id, D(2026, 11, 5))


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    store.close()
    return folder


def test_the_command_line_opens_advances_and_prints_a_case(village):
    made = json.loads(run(village, "--json", "adaptations", "add", "--id-number",
                          id_number(D(1940, 5, 6), 11), "--date", "2026-09-01",
                          "--household", "张三（一组8号）",
                          "--items", "扶手、夜灯").stdout)  # fmt: skip
    case = str(made["id"])
    run(village, "adaptations", "advance", case, "--to", "assessed", "--date", "2026-09-05",
        "--cost", "3200", "--subsidy", "3000")  # fmt: skip
    skipped = run(village, "adaptations", "advance", case, "--to", "archived", check_exit=2)
    run(village, "adaptations", "advance", case, "--to", "in_work", "--date", "2026-10-01",
        "--contractor", "句容市某装饰公司")  # fmt: skip
    listed = json.loads(run(village, "--json", "adaptations", "list", "--state", "in_work").stdout)
    pdf = village.parent / "adaptations.pdf"
    run(village, "report", "adaptations", "--month", "2026-11", "--out", str(pdf))

    assert "施工" in skipped.stderr
    assert [(c["items"], c["cost_fen"], c["subsidy_fen"]) for c in listed] == [
        (["扶手", "夜灯"], 320000, 300000)
    ]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("适老化改造台账", "张三", "扶手、夜灯", "施工中", "2026-10-01",
                     "¥3,200.00", "¥3,000.00", "叁仟元整", "句容市某装饰公司"):  # fmt: skip
        assert expected in text
