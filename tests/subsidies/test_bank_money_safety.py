"""The bank's word decides what was paid: a result that is not a clear 成功 pays nobody, a person
the result does not report holds the month, a payment the bank made stays recoverable, and a
returned payment goes out once (the reviewer's cases after the bank file landed)."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import Village


def _sent(village, tmp_path, month="2026-10") -> list[list[str]]:
    from openpyxl import load_workbook

    path = tmp_path / f"代发-{month}.xlsx"
    village.run("subsidies", "bank-file", "--month", month, "--out", path)
    sheet = load_workbook(path, read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)][1:]


def _result(tmp_path, rows, name="回盘.csv"):
    """A GB18030 CSV as a bank's web portal exports it: the sent columns, 状态 and 失败原因."""
    lines = ["姓名,身份证号码,账号,金额,摘要,状态,失败原因"]
    lines += [",".join(str(v) for v in row) for row in rows]
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


@pytest.fixture
def october(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([
        ("周大爷", dt.date(1935, 2, 2), ""),
        ("吴奶奶", dt.date(1943, 8, 8), ""),
        ("郑大爷", dt.date(1944, 4, 4), ""),
    ])  # fmt: skip
    village.approve("2026-10", "--accept-warnings")
    return village


def _payments(village, month="2026-10"):
    return dict(village.sql(
        "SELECT r.name, p.status FROM subsidy_payment p JOIN resident r ON r.id = p.resident_id"
        " WHERE p.deleted_at IS NULL AND p.month = ?", [month]))  # fmt: skip


def test_not_successful_is_no_payment_and_unreported_people_hold_the_month(october, tmp_path):
    rows = {r[0]: r for r in _sent(october, tmp_path)}
    path = _result(tmp_path, [
        [*rows["周大爷"], "未成功", "户名不符"],
        [*rows["吴奶奶"][:3], "50.01", rows["吴奶奶"][4], "成功", ""],
    ])  # fmt: skip (郑大爷 is missing from the bank's file)
    read = october.json("subsidies", "bank-result", path)
    assert (len(read["paid"]), len(read["failed"])) == (0, 0)
    assert any("未成功" in p for p in read["problems"])
    _out, err = october.run("subsidies", "pay", "--month", "2026-10", "--date", "2026-11-20",
                            "--batch", "B1", exit_code=2)  # fmt: skip
    assert "吴奶奶" in err and "subsidies bank-result" in err
    assert october.sql("SELECT state FROM subsidy_month WHERE month = '2026-10'") == [
        ("approved",)
    ]
    # once the bank reports everyone, only those it paid count as paid
    again = _result(tmp_path, [
        [*rows["周大爷"], "不成功", "户名不符"],
        [*rows["吴奶奶"], "交易成功", ""],
        [*rows["郑大爷"], "失败", "账户冻结"],
    ], "回盘2.csv")  # fmt: skip
    october.run("subsidies", "bank-result", again)
    _out, err = october.run("subsidies", "pay", "--month", "2026-10", "--date", "2026-11-20",
                            "--batch", "B1", exit_code=2)  # fmt: skip
    assert "周大爷" in err
    fixed = _result(tmp_path, [[*rows["周大爷"], "失败", "户名不符"]], "回盘3.csv")
    october.run("subsidies", "bank-result", fixed)
    assert october.pay("2026-10")["paid"] == 1
    assert _payments(october) == {"周大爷": "failed", "吴奶奶": "paid", "郑大爷": "failed"}
    unpaid = {x["name"] for x in october.json("subsidies", "unpaid")}
    assert unpaid == {"周大爷", "郑大爷"}


def _all_paid(village, tmp_path, month="2026-10"):
    rows = _sent(village, tmp_path, month)
    path = _result(tmp_path, [[*r, "成功", ""] for r in rows], f"回盘-{month}.csv")
    village.run("subsidies", "bank-result", path)


def test_money_the_bank_paid_is_recovered_and_its_month_is_not_reopened(october, tmp_path):
    _all_paid(october, tmp_path)  # the bank paid October; the village has not marked it paid
    deaths = tmp_path / "火化名单.csv"
    listed = f"死者姓名,公民身份号码,火化日期\r\n周大爷,{october.people['周大爷']},2026.8.20\r\n"
    deaths.write_bytes(listed.encode("gb18030"))
    dry, _err = october.run("residents", "deaths", "import", deaths, "--dry-run", lang="en")
    assert "approved, not paid" not in dry and "2026-10" in dry
    october.run("residents", "deaths", "import", deaths)
    owed = {x["name"]: (x["outstanding_fen"], x["months"]) for x in
            october.json("subsidies", "recoveries")}  # fmt: skip
    assert owed == {"周大爷": (10000, ["2026-10"])}
    _out, err = october.run("subsidies", "reopen", "--month", "2026-10", exit_code=2)
    assert "subsidies pay" in err
    assert october.sql("SELECT state FROM subsidy_month WHERE month = '2026-10'") == [
        ("approved",)
    ]
    assert october.pay("2026-10")["paid"] == 3
    assert {x["name"] for x in october.json("subsidies", "recoveries")} == {"周大爷"}


def test_a_returned_payment_goes_out_once(october, tmp_path):
    rows = _sent(october, tmp_path)
    october.run("subsidies", "bank-result", _result(tmp_path, [
        [*r, "失败" if r[0] == "郑大爷" else "成功", "冻结"] for r in rows
    ]))  # fmt: skip
    # a bank file written again for October has nobody the bank has answered for
    _out, err = october.run("subsidies", "bank-file", "--month", "2026-10", "--out",
                            tmp_path / "again.xlsx", exit_code=2)  # fmt: skip
    assert not (tmp_path / "again.xlsx").exists()
    # November does not carry October's returned payment while October is not marked paid
    assert october.lines("2026-11")["郑大爷"] == [("old_age", 5000)]
    october.pay("2026-10")
    assert october.lines("2026-11")["郑大爷"] == [("old_age", 5000), ("old_age", 5000)]


def test_the_bank_file_pays_the_accounts_approved(october, tmp_path):
    from carepoint.db import open_store
    from carepoint.residents.service import update_resident

    store = open_store(october.folder)
    try:
        (rid,) = store.db.execute_sql(
            "SELECT id FROM resident WHERE id_number = ?", [october.people["吴奶奶"]]
        ).fetchone()
        update_resident(store, rid, {"bank_account": "6217000000000000123"})
    finally:
        store.close()
    out = tmp_path / "代发.xlsx"
    _out, err = october.run("subsidies", "bank-file", "--month", "2026-10", "--out", out,
                            exit_code=2)  # fmt: skip
    assert "吴奶奶" in err and "***0123" in err and "6217000000000000123" not in err
    assert not out.exists()
    # approved again, the month pays the new account
    october.run("subsidies", "reopen", "--month", "2026-10")
    october.run("subsidies", "review", "--month", "2026-10")
    october.run("subsidies", "approve", "--month", "2026-10", "--accept-warnings")
    rows = {r[0]: r for r in _sent(october, tmp_path)}
    assert rows["吴奶奶"][2] == "6217000000000000123"


@pytest.mark.parametrize("amount", ["NaN", "1e999999", "Infinity", "-inf", "五十元"])
def test_a_malformed_amount_is_a_row_problem_not_a_crash(october, tmp_path, amount):
    path = tmp_path / "回盘.csv"
    path.write_bytes((f"姓名,身份证号码,金额,摘要,状态\r\n周大爷,{october.people['周大爷']},"
                      f"{amount},2026年10月养老补贴,成功\r\n").encode("gb18030"))  # fmt: skip
    read = october.json("subsidies", "bank-result", path)
    assert read["paid"] == [] and len(read["problems"]) == 1
    assert amount in read["problems"][0] and "2" in read["problems"][0]
    assert october.sql("SELECT count(*) FROM subsidy_payment") == [(0,)]
