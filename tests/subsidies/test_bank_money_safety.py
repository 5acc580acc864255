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
