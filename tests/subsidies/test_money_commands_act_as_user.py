"""Money and roster commands act as the account named by --user/CAREPOINT_USER: a viewer moves
no money and imports no one, the audit names who did, and the administrator who computed a month
cannot switch two people for money off to approve it alone."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import Village

from carepoint import users
from carepoint.db import open_store

PASSWORDS = {"boss": "boss-password-1", "boss2": "boss-password-2", "viewer1": "viewer-pass-1"}


@pytest.fixture
def village(tmp_path, capsys, monkeypatch):
    v = Village(tmp_path / "village", capsys)
    v.roster([("周大爷", dt.date(1935, 2, 2), "")])
    store = open_store(v.folder, actor="setup")
    try:
        users.create_account(store, "boss", PASSWORDS["boss"], "administrator")
        users.create_account(store, "boss2", PASSWORDS["boss2"], "administrator")
        users.create_account(store, "viewer1", PASSWORDS["viewer1"], "viewer")
    finally:
        store.close()

    def sign(name):
        monkeypatch.setenv("CAREPOINT_USER", name)
        monkeypatch.setenv("CAREPOINT_PASSWORD", PASSWORDS[name])

    v.sign = sign
    return v


def test_a_viewer_moves_no_money_and_imports_no_one(village, tmp_path):
    village.sign("boss")
    village.approve("2026-10", "--accept-warnings")
    village.sign("viewer1")
    out = tmp_path / "代发.xlsx"
    _o, err = village.run("subsidies", "bank-file", "--month", "2026-10", "--out", out,
                          exit_code=2, lang="en")  # fmt: skip
    assert "administrator" in err and not out.exists()
    result = tmp_path / "回盘.csv"
    result.write_bytes(f"姓名,身份证号码,状态\r\n周大爷,{village.people['周大爷']},成功\r\n"
                       .encode("gb18030"))  # fmt: skip
    village.run("subsidies", "bank-result", result, exit_code=2)
    village.run("subsidies", "two-person", "on", exit_code=2)
    roster = tmp_path / "新名单.csv"
    roster.write_bytes("姓名,身份证号码\r\n郑大爷,32118319440404007X\r\n".encode("gb18030"))
    _o, err = village.run("residents", "import", roster, exit_code=2, lang="en")
    assert "clerk or an administrator" in err
    deaths = tmp_path / "火化.csv"
    deaths.write_bytes(f"死者姓名,公民身份号码,火化日期\r\n周大爷,{village.people['周大爷']},"
                       "2026.8.20\r\n".encode("gb18030"))  # fmt: skip
    village.run("residents", "deaths", "import", deaths, exit_code=2)
    assert village.sql("SELECT count(*) FROM subsidy_payment") == [(0,)]
    assert village.sql("SELECT status FROM resident") == [("active",)]
    assert village.sql("SELECT value FROM setting WHERE key = 'subsidies_two_person'") == []
    # an administrator writes it, and the audit says which one
    village.sign("boss2")
    village.run("subsidies", "bank-file", "--month", "2026-10", "--out", out)
    assert village.sql("SELECT DISTINCT actor FROM audit_entry WHERE action = 'bank_file'") == [
        ("boss2",)
    ]


def test_the_administrator_who_computed_a_month_cannot_drop_two_people_alone(village):
    village.sign("boss2")
    village.run("subsidies", "two-person", "on")
    village.sign("boss")
    village.run("subsidies", "compute", "--month", "2026-10")
    village.run("subsidies", "review", "--month", "2026-10")
    village.run("subsidies", "two-person", "off", exit_code=2)
    village.run("subsidies", "approve", "--month", "2026-10", "--accept-warnings", exit_code=2)
    village.sign("boss2")
    village.run("subsidies", "approve", "--month", "2026-10", "--accept-warnings")
    assert village.sql("SELECT computed_by, approved_by FROM subsidy_month") == [("boss", "boss2")]
