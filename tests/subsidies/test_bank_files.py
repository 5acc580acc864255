"""From approved to the bank and back: the 代发 file in a bank's layout, the bank's result file
(成功 / 失败 and why), the 未到账 list carried to the next month, and the account checks."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from subsidies.cadre import Village


def _read(path) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def _bank_result(path, rows) -> None:
    """As a 农商行 returns it: a title, a batch line, then 序号 / 账号 / 户名 / 金额 / 证件号码 /
    处理结果 / 失败原因, amounts as numbers, accounts as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["批量代发结果明细"])
    sheet.append(["批次号：20261110-0001", None, None, "交易日期：2026-11-10"])
    sheet.append(["序号", "账号", "户名", "金额", "证件号码", "处理结果", "失败原因"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)


def _digest(folder) -> str:
    import sqlite3

    connection = sqlite3.connect(folder / "carepoint.sqlite3")
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


@pytest.fixture
def october(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([
        ("赵大爷", dt.date(1940, 3, 1), ""),
        ("钱奶奶", dt.date(1941, 5, 5), ""),
        ("孙大爷", dt.date(1930, 7, 7), ""),
    ])  # fmt: skip
    village.approve("2026-10")
    return village


def test_the_bank_file_has_one_row_per_person_in_the_chosen_layout(october, tmp_path):
    plain = tmp_path / "代发.xlsx"
    october.run("subsidies", "bank-file", "--month", "2026-10", "--out", plain)
    rows = _read(plain)
    assert rows[0] == ["姓名", "身份证号码", "账号", "金额", "摘要"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["孙大爷"][1:4] == [october.people["孙大爷"], by_name["孙大爷"][2], "100.00"]
    assert by_name["赵大爷"][3] == "50.00" and by_name["赵大爷"][4] == "2026年10月养老补贴"
    bank = tmp_path / "农商行.xlsx"
    october.run("subsidies", "bank-file", "--month", "2026-10", "--out", bank,
                "--layout", "rural_bank")  # fmt: skip
    assert _read(bank)[0] == ["序号", "账号", "户名", "金额（元）", "证件类型", "证件号码", "用途"]
    assert {r[4] for r in _read(bank)[1:]} == {"身份证"}


def test_a_month_not_approved_has_no_bank_file(october, tmp_path):
    october.run("subsidies", "compute", "--month", "2026-11")
    _out, err = october.run("subsidies", "bank-file", "--month", "2026-11", "--out",
                            tmp_path / "x.xlsx", exit_code=2)  # fmt: skip
    assert "已审批" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_failed_lines_stay_unpaid_are_listed_and_carried_to_the_next_month(october, tmp_path):
    sent = tmp_path / "代发.xlsx"
    october.run("subsidies", "bank-file", "--month", "2026-10", "--out", sent)
    accounts = {r[0]: r[2] for r in _read(sent)[1:]}
    result = tmp_path / "回盘.xlsx"
    _bank_result(result, [
        (accounts["赵大爷"], "赵大爷", 50, october.people["赵大爷"], "成功", ""),
        (accounts["钱奶奶"], "钱奶奶", 50, october.people["钱奶奶"], "失败", "账户已销户"),
        (accounts["孙大爷"], "孙小明", 100, october.people["孙大爷"], "交易成功", ""),
    ])  # fmt: skip
    # a dry run lists the failure and writes nothing
    before = _digest(october.folder)
    dry = october.json("subsidies", "bank-result", result, "--dry-run")
    assert [(x["name"], x["reason"]) for x in dry["failed"]] == [("钱奶奶", "账户已销户")]
    assert _digest(october.folder) == before
    read = october.json("subsidies", "bank-result", result)
    assert (len(read["paid"]), len(read["failed"]), read["applied"]) == (2, 1, True)
    # pay marks exactly the two paid people
    assert october.pay("2026-10") == {"month": "2026-10", "state": "paid", "paid": 2, "unpaid": 1}
    statuses = dict(october.sql(
        "SELECT r.name, p.status FROM subsidy_payment p JOIN resident r ON r.id = p.resident_id"
        " WHERE p.deleted_at IS NULL AND p.month = '2026-10'"))  # fmt: skip
    assert statuses == {"赵大爷": "paid", "钱奶奶": "failed", "孙大爷": "paid"}
    unpaid = october.json("subsidies", "unpaid")
    assert [(x["month"], x["name"], x["amount_fen"], x["reason"]) for x in unpaid] == [
        ("2026-10", "钱奶奶", 5000, "账户已销户")
    ]
    # November pays her November and carries October: 2 × 50 元
    assert sorted(october.lines("2026-11")["钱奶奶"]) == [("old_age", 5000), ("old_age", 5000)]
    assert october.json("subsidies", "unpaid")[0]["carried_to"] == "2026-11"
    # and the name the bank gives for 孙大爷's account is a warning before November's approval
    kinds = {(a["kind"], a["id_number"]) for a in
             october.json("subsidies", "anomalies", "--month", "2026-11")}  # fmt: skip
    assert ("account_name_mismatch", october.people["孙大爷"]) in kinds


def test_a_returned_payment_is_not_recovered_after_a_late_death(october, tmp_path):
    sent = tmp_path / "代发.xlsx"
    october.run("subsidies", "bank-file", "--month", "2026-10", "--out", sent)
    accounts = {r[0]: r[2] for r in _read(sent)[1:]}
    result = tmp_path / "回盘.xlsx"
    _bank_result(result, [
        (accounts["赵大爷"], "赵大爷", 50, october.people["赵大爷"], "成功", ""),
        (accounts["钱奶奶"], "钱奶奶", 50, october.people["钱奶奶"], "失败", "户名不符"),
        (accounts["孙大爷"], "孙大爷", 100, october.people["孙大爷"], "成功", ""),
    ])  # fmt: skip
    october.run("subsidies", "bank-result", result)
    october.pay("2026-10")
    october.died("钱奶奶", "2026-09-15")
    october.died("赵大爷", "2026-09-15")
    owed = {x["name"]: x["outstanding_fen"] for x in october.json("subsidies", "recoveries")}
    assert owed == {"赵大爷": 5000}  # 钱奶奶's October never reached her
    assert "钱奶奶" not in october.lines("2026-11")  # and it is not carried past her death


def test_one_account_for_two_people_is_a_warning_before_approval(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([
        ("周大爷", dt.date(1940, 3, 1), "", "6228480402564890018"),
        ("周奶奶", dt.date(1941, 5, 5), "", "6228480402564890018"),
    ])  # fmt: skip
    village.run("subsidies", "compute", "--month", "2026-10")
    found = village.json("subsidies", "anomalies", "--month", "2026-10")
    assert sorted(a["kind"] for a in found) == ["shared_account", "shared_account"]
    village.run("subsidies", "review", "--month", "2026-10")
    _out, err = village.run("subsidies", "approve", "--month", "2026-10", exit_code=2)
    assert "周大爷" in err and "周奶奶" in err


def test_a_banks_own_layout_in_the_data_folder_and_its_xls_result(october, tmp_path):
    (october.folder / "bank_layouts.toml").write_text(
        '[county_bank]\nname_zh = "县农信社"\ncolumns = [\n'
        '  { header = "卡号", field = "account" },\n  { header = "户名", field = "name" },\n'
        '  { header = "金额（分）", field = "amount_fen" },\n'
        '  { header = "备注", field = "memo" },\n'
        "]\n",
        encoding="utf-8",
    )
    sent = tmp_path / "农信社.xlsx"
    october.run("subsidies", "bank-file", "--month", "2026-10", "--out", sent,
                "--layout", "county_bank")  # fmt: skip
    rows = _read(sent)
    assert rows[0] == ["卡号", "户名", "金额（分）", "备注"]
    assert sorted(r[2] for r in rows[1:]) == ["10000", "5000", "5000"]
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("结果")
    for column, title in enumerate(["卡号", "户名", "交易金额", "交易状态", "错误信息", "附言"]):
        sheet.write(0, column, title)
    for number, (account, name, fen, memo) in enumerate(rows[1:], start=1):
        failed = name == "孙大爷"
        cells = [account, name, int(fen) / 100, "交易失败" if failed else "交易成功",
                 "账户冻结" if failed else "", memo]  # fmt: skip
        for column, value in enumerate(cells):
            sheet.write(number, column, value)
    result = tmp_path / "结果.xls"
    book.save(str(result))
    read = october.json("subsidies", "bank-result", result)
    assert [(x["name"], x["reason"]) for x in read["failed"]] == [("孙大爷", "账户冻结")]
    assert read["month"] == "2026-10" and len(read["paid"]) == 2
