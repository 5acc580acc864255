"""Nobody is paid for an age never reached, a preset pays what its policy says, and only money
actually paid is recovered: a cadre's months through the command line, against amounts worked
out by hand from the presets' notes."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import GUANGZHOU_CODE, Village


@pytest.fixture
def jurong(tmp_path, capsys):
    return Village(tmp_path / "village", capsys)


def test_a_death_before_the_90th_birthday_is_paid_the_80_to_89_amount_for_that_month(jurong):
    # Given 张大爷 would have turned 90 on 20 September and 李奶奶 80 that day; both died on the
    # 10th, and 王大爷, turning 90 on the 20th too, is alive
    jurong.roster([
        ("张大爷", dt.date(1936, 9, 20), ""),
        ("李奶奶", dt.date(1946, 9, 20), ""),
        ("王大爷", dt.date(1936, 9, 20), ""),
    ])  # fmt: skip
    jurong.died("张大爷", "2026-09-10")
    jurong.died("李奶奶", "2026-09-10")
    # When September is computed (Jurong pays the month of death: 去世次月起停发)
    september = jurong.lines("2026-09")
    # Then 张大爷 gets 尊老金 80–89 (50 元), not 90–99 (100 元); 李奶奶, 79 at death, gets nothing;
    # 王大爷 reached 90 and gets 100 元
    assert september["张大爷"] == [("old_age", 5000)]
    assert "李奶奶" not in september
    assert september["王大爷"] == [("old_age", 10000)]
    # And the reason names the age at death, on the day of death
    found = jurong.json("subsidies", "compute", "--month", "2026-09")
    reason = next(x["reason"] for x in found["lines"] if x["id_number"] == jurong.people["张大爷"])
    assert "89" in reason and "2026年9月10日" in reason


def test_guangzhou_pays_a_new_bracket_from_the_month_after_the_birthday(tmp_path, capsys):
    # Given a Guangzhou village (自年满周岁的次月起发放) and 陈伯 turning 90 on 1 September
    village = Village(tmp_path / "gz", capsys, code=GUANGZHOU_CODE, name="石牌村")
    village.roster([("陈伯", dt.date(1936, 9, 1), "")])
    # Then September still pays 80–89 (100 元) and October 90–99 (200 元)
    assert village.lines("2026-09")["陈伯"] == [("old_age", 10000)]
    assert village.lines("2026-10")["陈伯"] == [("old_age", 20000)]


def test_only_the_paid_month_is_recovered_and_the_approved_unpaid_one_is_reopened(jurong):
    # Given 赵大爷 (86): August approved and paid, September approved and not yet paid
    jurong.roster([("赵大爷", dt.date(1940, 3, 1), ""), ("钱奶奶", dt.date(1941, 5, 5), "")])
    jurong.approve("2026-08")
    jurong.pay("2026-08")
    jurong.approve("2026-09")
    # When his death on 20 July is recorded in November
    jurong.died("赵大爷", "2026-07-20")
    # Then only August, which was paid, is owed back (50 元); September is to be corrected
    owed = jurong.json("subsidies", "recoveries")
    recoveries = [x for x in owed if x["kind"] == "recovery"]
    corrections = [x for x in owed if x["kind"] == "correction"]
    assert [(x["name"], x["months"], x["outstanding_fen"]) for x in recoveries] == [
        ("赵大爷", ["2026-08"], 5000)
    ]
    assert [(x["month"], x["action"], x["amount_fen"]) for x in corrections] == [
        ("2026-09", "reopen", 5000)
    ]
    text, _err = jurong.run("subsidies", "recoveries")
    assert "2026-09" in text and "不追回" in text
    # And September cannot be paid until it is corrected; the message says how
    _out, err = jurong.run("subsidies", "pay", "--month", "2026-09", "--date", "2026-11-20",
                           "--batch", "B-9", exit_code=2)  # fmt: skip
    assert "subsidies reopen --month 2026-09" in err
    assert jurong.sql("SELECT state FROM subsidy_month WHERE month = '2026-09'") == [("approved",)]
    # When it is reopened, computed again and approved, it pays only 钱奶奶 and can be paid
    jurong.run("subsidies", "reopen", "--month", "2026-09")
    assert set(jurong.lines("2026-09")) == {"钱奶奶"}
    jurong.run("subsidies", "review", "--month", "2026-09")
    jurong.run("subsidies", "approve", "--month", "2026-09")
    assert jurong.pay("2026-09")["paid"] == 1
    owed = jurong.json("subsidies", "recoveries")
    assert [(x["kind"], x["months"]) for x in owed] == [("recovery", ["2026-08"])]
    # And the reopening is in the audit log
    assert jurong.sql("SELECT count(*) FROM audit_entry WHERE action = 'reopen'")[0][0] >= 1


def test_approving_a_month_that_has_not_ended_warns(jurong):
    jurong.roster([("孙奶奶", dt.date(1940, 1, 1), "")])
    jurong.run("subsidies", "compute", "--month", "2026-11")
    jurong.run("subsidies", "review", "--month", "2026-11")
    _out, err = jurong.run("subsidies", "approve", "--month", "2026-11", exit_code=2)
    assert "本月尚未结束" in err
    assert jurong.sql("SELECT state FROM subsidy_month WHERE month = '2026-11'") == [("reviewed",)]
    jurong.run("subsidies", "approve", "--month", "2026-11", "--accept-warnings")
