"""A cadre's October from start to end, through the command line: the roster, meals, compute,
review, approve, the bank file and its result, payment, a death list that arrives late, the
recoveries, and November carrying the payment the bank returned."""

from __future__ import annotations

import datetime as dt

from subsidies.cadre import Village


def _read(path) -> list[list]:
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path, read_only=True).active.iter_rows(values_only=True)]


def test_a_month_from_the_roster_to_the_bank_and_back(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)  # Jurong by its code
    village.roster([
        ("周大爷", dt.date(1935, 2, 2), ""),  # 91: 尊老金 100 元
        ("吴奶奶", dt.date(1943, 8, 8), "低保"),  # 83: 尊老金 50 元 + 居家养老 60 元 (低保)
        ("郑大爷", dt.date(1944, 4, 4), ""),  # 82: 尊老金 50 元
    ], as_of="2026-01-01")  # fmt: skip
    wu = village.people["吴奶奶"]
    for day in ("2026-10-08", "2026-10-09", "2026-10-10"):
        village.run("meals", "sign-in", "--date", day, "--id-number", wu)
    village.run("meals", "close", "--month", "2026-10")
    october = village.lines("2026-10")
    assert sorted(october["吴奶奶"]) == [("home_care", 6000), ("meal", 3 * 800), ("old_age", 5000)]
    assert october["周大爷"] == [("old_age", 10000)]
    village.run("subsidies", "review", "--month", "2026-10")
    village.run("subsidies", "approve", "--month", "2026-10")

    sent = tmp_path / "代发.xlsx"
    village.run("subsidies", "bank-file", "--month", "2026-10", "--out", sent)
    rows = {r[0]: r for r in _read(sent)[1:]}
    assert rows["吴奶奶"][3] == "110.00"  # the meal subsidy lowered her meal price: not paid
    result = tmp_path / "回盘.csv"
    lines = ["姓名,身份证号码,账号,金额,摘要,状态,失败原因"]
    for name, row in rows.items():
        status, why = ("失败", "账户已冻结") if name == "郑大爷" else ("成功", "")
        lines.append(",".join([*map(str, row), status, why]))
    result.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    village.run("subsidies", "bank-result", result)
    assert village.pay("2026-10")["unpaid"] == 1

    # the crematorium's list comes in November: 周大爷 died on 20 September
    deaths = tmp_path / "火化.csv"
    deaths.write_bytes(f"死者姓名,公民身份号码,火化日期\r\n周大爷,{village.people['周大爷']},2026.9.20\r\n"
                       .encode("gb18030"))  # fmt: skip
    found = village.json("residents", "deaths", "import", deaths, "--dry-run")
    assert [(m["name"], m["paid_since_fen"]) for m in found["matched"]] == [("周大爷", 10000)]
    village.run("residents", "deaths", "import", deaths)
    owed = village.json("subsidies", "recoveries")
    assert [(x["name"], x["months"], x["outstanding_fen"]) for x in owed] == [
        ("周大爷", ["2026-10"], 10000)
    ]
    november = village.lines("2026-11")
    assert "周大爷" not in november
    assert sorted(november["郑大爷"]) == [("old_age", 5000), ("old_age", 5000)]  # + October's
    unpaid = village.json("subsidies", "unpaid")
    assert [(x["name"], x["carried_to"]) for x in unpaid] == [("郑大爷", "2026-11")]
