"""A roster imported again through `carepoint residents import`, as a village re-sends its
花名册: it shows no registered phone or account in full, a remark about a relative changes no
one's status, and a category the village ended stays ended."""

from __future__ import annotations

import datetime as dt

from builders import id_number
from subsidies.cadre import Village


def _csv(path, lines):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


def test_a_reimport_warning_masks_the_registered_account(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([("周大爷", dt.date(1935, 2, 2), "", "6228480410000019")])
    again = _csv(tmp_path / "again.csv", [
        "姓名,身份证号码,银行卡号", f"周大爷,{village.people['周大爷']},6217000000000000123",
    ])  # fmt: skip
    out, _err = village.run("residents", "import", again, "--as-of", "2026-11-01")
    assert "6228480410000019" not in out and "0019" in out
    assert village.sql("SELECT bank_account FROM resident") == [("6228480410000019",)]


def test_a_remark_about_a_relative_changes_no_ones_status(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    widow = id_number(dt.date(1940, 3, 3), 11)
    father = id_number(dt.date(1941, 4, 4), 13)
    died = id_number(dt.date(1942, 5, 5), 15)
    path = _csv(tmp_path / "花名册.csv", [
        "姓名,身份证号码,人员类别,备注",
        f"王秀英,{widow},五保户,老伴已故，独居",
        f"李四,{father},低保,儿子户口迁出",
        f"赵五,{died},,2026年5月3日去世",
    ])  # fmt: skip
    dry, _err = village.run("residents", "import", path, "--dry-run", "--as-of", "2026-06-01",
                            lang="en")  # fmt: skip
    # only the person's own death is read from a remark, and the dry run asks about it
    assert "2026年5月3日去世" in dry and "check it is about this person" in dry
    assert "老伴已故" not in dry and "儿子户口迁出" not in dry
    village.run("residents", "import", path, "--as-of", "2026-06-01")
    assert dict(village.sql("SELECT name, status FROM resident")) == {
        "王秀英": "active", "李四": "active", "赵五": "deceased",
    }  # fmt: skip
    assert dict(village.sql("SELECT name, notes FROM resident"))["王秀英"] == "老伴已故，独居"


def test_a_reimport_does_not_reopen_an_ended_category(tmp_path, capsys):
    from carepoint.binding import bound
    from carepoint.db import open_store
    from carepoint.residents.bulk_edit import end_category_for

    village = Village(tmp_path / "village", capsys)
    village.roster([("吴奶奶", dt.date(1943, 8, 8), "低保")])
    store = open_store(village.folder)
    try:
        with bound(store.db):
            end_category_for(store, [1], "low_income", dt.date(2026, 6, 30))
    finally:
        store.close()
    roster = tmp_path / "roster-1.csv"  # the January roster, sent again
    village.run("residents", "import", roster, "--as-of", "2026-01-01")
    assert village.sql("SELECT code, start_date, end_date FROM category_membership") == [
        ("low_income", "2026-01-01", "2026-06-30")
    ]
    # a roster dated after the ending says she is 低保 again: that opens a new membership
    village.run("residents", "import", roster, "--as-of", "2026-11-01")
    assert village.sql("SELECT start_date, end_date FROM category_membership ORDER BY id") == [
        ("2026-01-01", "2026-06-30"), ("2026-11-01", None)
    ]


def test_an_old_roster_saying_已故_in_a_remark_stops_and_recovers_nothing(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([("周大爷", dt.date(1935, 2, 2), "")])
    for month, paid in (("2026-09", "2026-10-20"), ("2026-10", "2026-11-20")):
        village.approve(month, "--accept-warnings")
        village.pay(month, paid)
    again = _csv(tmp_path / "again.csv", ["姓名,身份证号码,备注",
                                          f"周大爷,{village.people['周大爷']},已故"])  # fmt: skip
    dry, _err = village.run("residents", "import", again, "--as-of", "2026-01-01", "--dry-run",
                            lang="en")  # fmt: skip
    assert "a remark alone does not change the register" in dry and "周大爷" in dry
    village.run("residents", "import", again, "--as-of", "2026-01-01")
    assert village.sql("SELECT status FROM resident") == [("active",)]
    assert village.json("subsidies", "recoveries") == []
