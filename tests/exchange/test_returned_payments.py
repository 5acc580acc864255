"""Payments after a death at the township count only money that reached the person: a month the
bank returned (代发失败, 账户已销户) is not flagged, one it paid is."""

from __future__ import annotations

import datetime as dt
import json

from exchange.exchange_helpers import LIYUAN, TAOYUAN
from openpyxl import Workbook, load_workbook
from subsidies.cadre import Village


def _cadre(folder, capsys) -> Village:
    """The cadre's command-line month on a village folder the township enrolled."""
    village = Village.__new__(Village)
    village.folder, village.capsys, village.people = folder, capsys, {}
    return village


def _bank_result(path, rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["批量代发结果明细"])
    sheet.append(["序号", "账号", "户名", "金额", "证件号码", "处理结果", "失败原因"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)


def test_a_month_the_bank_returned_is_no_payment_after_death(office, capsys, tmp_path):
    # 梨园村 pays October to 钱奶奶 and 赵大爷; the bank returns 钱奶奶's (account closed)
    paying = _cadre(office.village(*LIYUAN), capsys)
    paying.roster([("钱奶奶", dt.date(1941, 5, 5), ""), ("赵大爷", dt.date(1940, 3, 1), "")])
    paying.approve("2026-10")
    sent = tmp_path / "代发.xlsx"
    paying.run("subsidies", "bank-file", "--month", "2026-10", "--out", sent)
    sheet = load_workbook(sent, read_only=True).active
    accounts = {row[0]: row[2] for row in list(sheet.iter_rows(values_only=True))[1:]}
    result = tmp_path / "回盘.xlsx"
    _bank_result(result, [
        (accounts["钱奶奶"], "钱奶奶", 50, paying.people["钱奶奶"], "失败", "账户已销户"),
        (accounts["赵大爷"], "赵大爷", 50, paying.people["赵大爷"], "成功", ""),
    ])  # fmt: skip
    paying.run("subsidies", "bank-result", result)
    paying.pay("2026-10")
    # 桃园村 records both deaths in September (the same ID numbers, registered there too)
    recording = _cadre(office.village(*TAOYUAN), capsys)
    recording.people = dict(paying.people)
    lines = ["姓名,身份证号码,人员类别"] + [f"{n},{i}," for n, i in paying.people.items()]
    roster = tmp_path / "桃园村.csv"
    roster.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    recording.run("residents", "import", roster, "--as-of", "2026-01-01")
    recording.died("钱奶奶", "2026-09-20")
    recording.died("赵大爷", "2026-09-20")
    out, _err = office.run("--json", "sync", "import", office.export(paying.folder),
                           office.export(recording.folder))  # fmt: skip
    flagged = [f for f in json.loads(out)["flags"] if f["kind"] == "paid_after_death"]
    assert [(f["name"], f["village_code"], f["month"]) for f in flagged] == [
        ("赵大爷", LIYUAN[0], "2026-10")
    ]
