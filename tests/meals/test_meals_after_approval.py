"""The meals of a month whose subsidies are approved stay as approved: `carepoint meals sign-in`
and `meals cancel` refuse them (exit 2), while the next month's meals go on."""

from __future__ import annotations

import datetime as dt

from subsidies.cadre import Village


def test_meals_of_an_approved_month_are_not_changed(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    village.roster([("吴奶奶", dt.date(1943, 8, 8), "低保")])
    number = village.people["吴奶奶"]
    village.run("meals", "sign-in", "--date", "2026-10-20", "--id-number", number)
    village.approve("2026-10", "--accept-warnings")
    before = village.sql("SELECT meal_date, status FROM meal_sign_in ORDER BY id")
    _out, err = village.run("meals", "sign-in", "--date", "2026-10-21", "--id-number", number,
                            exit_code=2, lang="en")  # fmt: skip
    assert "approved" in err and "2026-10" in err
    _out, err = village.run("meals", "cancel", "--date", "2026-10-20", "--id-number", number,
                            "--reason", "家里有事", exit_code=2)  # fmt: skip
    assert "已审批" in err
    assert village.sql("SELECT meal_date, status FROM meal_sign_in ORDER BY id") == before
    village.run("meals", "sign-in", "--date", "2026-11-02", "--id-number", number)
