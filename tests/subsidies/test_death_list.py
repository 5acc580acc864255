"""A crematorium's death list (WPS xls, messy IDs and dates) against the register: matches, what
was paid since, suggestions by name and birth date; one approval records the deaths."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from subsidies.cadre import Village


def _crematorium_list(path, rows) -> None:
    """As the 殡仪馆 sends it: a title row, 死者姓名 / 公民身份号码 / 火化日期, dates as typed."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("火化名单")
    sheet.write(0, 0, "句容市殡仪馆火化人员名单（2026年10月）")
    for column, title in enumerate(
        ["序号", "死者姓名", "性别", "公民身份号码", "火化日期", "经办人"]
    ):
        sheet.write(1, column, title)
    for number, (name, id_text, day) in enumerate(rows, start=1):
        for column, value in enumerate([number, name, "", id_text, day, "王"]):
            sheet.write(1 + number, column, value)
    book.save(str(path))


def _digest(folder) -> str:
    import sqlite3

    connection = sqlite3.connect(folder / "carepoint.sqlite3")
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


@pytest.fixture
def village(tmp_path, capsys):
    """Jurong: 赵大爷 (86) and 钱奶奶 (85), August and September paid."""
    village = Village(tmp_path / "village", capsys)
    village.roster([
        ("赵大爷", dt.date(1940, 3, 1), ""),
        ("钱奶奶", dt.date(1941, 5, 5), ""),
        ("孙大爷", dt.date(1939, 7, 7), ""),
    ])  # fmt: skip
    for month in ("2026-08", "2026-09"):
        village.approve(month)
        village.pay(month)
    return village


def test_a_dry_run_shows_who_is_still_in_the_register_and_what_they_were_paid_since(
    village, tmp_path
):
    zhao = village.people["赵大爷"]
    qian = village.people["钱奶奶"]
    listing = tmp_path / "火化名单.xls"
    _crematorium_list(listing, [
        (None, " " + zhao.lower() + " ", "2026.7.20"),  # spaces, as typed
        ("钱奶奶", qian[:6] + qian[8:17], "2026年8月3日"),  # the old 15-digit number
        ("孙大爷", "'" + village.people["孙大爷"][:15], "2026-09-30"),  # cut short: name + birth
        ("周某", "110105194912310021", "2026-09-01"),  # not in this village
    ])  # fmt: skip
    before = _digest(village.folder)
    found = village.json("residents", "deaths", "import", listing, "--dry-run")
    assert _digest(village.folder) == before  # nothing written
    matched = {m["id_number"]: m for m in found["matched"]}
    assert set(matched) == {zhao, qian}
    # 赵大爷 died 20 July: August and September (50 元 each) were paid after it
    assert (matched[zhao]["paid_since_fen"], matched[zhao]["paid_months"]) == (
        10000,
        ["2026-08", "2026-09"],
    )
    assert (matched[qian]["paid_since_fen"], matched[qian]["paid_months"]) == (5000, ["2026-09"])
    assert [s["name"] for s in found["suggestions"]] == ["孙大爷"]
    assert [u["name"] for u in found["unmatched"]] == ["周某"]


def test_one_approval_records_the_deaths_stops_payments_and_opens_recoveries(village, tmp_path):
    zhao = village.people["赵大爷"]
    listing = tmp_path / "销户名单.xls"
    _crematorium_list(listing, [("赵大爷", zhao, "2026.7.20")])
    done = village.json("residents", "deaths", "import", listing)
    assert done["recorded"] == 1
    people = village.json("residents", "list", "--status", "deceased")
    assert [p["id_number"] for p in people] == [zhao]
    assert "赵大爷" not in village.lines("2026-10")
    owed = village.json("subsidies", "recoveries")
    assert [(x["name"], x["months"], x["outstanding_fen"]) for x in owed] == [
        ("赵大爷", ["2026-08", "2026-09"], 10000)
    ]
    # the same list again finds the death already recorded and changes nothing
    again = village.json("residents", "deaths", "import", listing)
    assert (again["recorded"], len(again["already_recorded"])) == (0, 1)


def test_a_file_that_is_not_a_death_list_is_refused_and_nothing_changes(village, tmp_path):
    other = tmp_path / "名单.csv"
    other.write_text("姓名,电话\n赵大爷,13800000000\n", encoding="utf-8")
    before = _digest(village.folder)
    _out, err = village.run("residents", "deaths", "import", other, exit_code=2)
    assert "死亡名单" in err
    assert _digest(village.folder) == before


def test_a_death_dated_before_the_last_recorded_move_is_listed_not_recorded(village, tmp_path):
    sun = village.people["孙大爷"]
    village.run("residents", "set-status", sun, "--status", "moved_out", "--date", "2026-10-01")
    listing = tmp_path / "名单.xls"
    _crematorium_list(listing, [("孙大爷", sun, "2026.9.1"), ("赵大爷", village.people["赵大爷"],
                                                              "2026.10.5")])  # fmt: skip
    done = village.json("residents", "deaths", "import", listing)
    assert done["recorded"] == 1
    assert any("孙大爷" in p and "2026-10-01" in p for p in done["problems"])
    assert village.json("residents", "list", "--status", "moved_out")[0]["id_number"] == sun
