"""`meals sign-in` and `meals cancel` from the command line, through the core sign-in, so 助餐补贴
runs end to end like the rest: sign-ins, a call-off, the month's statistics and subsidy lines."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import Village


@pytest.fixture
def village(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)  # Jurong: lunch 9 元, 85–94 get 8 元
    village.roster([("吴奶奶", dt.date(1938, 4, 4), ""), ("郑大爷", dt.date(1960, 2, 2), "低保")])
    return village


def test_sign_ins_and_a_call_off_make_the_months_meals_and_subsidy(village):
    wu, zheng = village.people["吴奶奶"], village.people["郑大爷"]
    first = village.json("meals", "sign-in", "--date", "2026-10-08", "--id-number", wu)
    assert (first["meal"], first["mode"], first["subsidy_fen"], first["copay_fen"]) == (
        "lunch", "dine_in", 800, 100,
    )  # fmt: skip
    delivered = village.json("meals", "sign-in", "--date", "2026-10-09", "--id-number",
                             wu.lower(), "--mode", "delivery")  # fmt: skip
    assert (delivered["delivery_fee_fen"], delivered["copay_fen"]) == (200, 300)
    village.run("meals", "sign-in", "--date", "2026-10-09", "--id-number", zheng,
                "--meal", "dinner", "--mode", "pickup")  # fmt: skip
    village.run("meals", "cancel", "--date", "2026-10-09", "--id-number", wu,
                "--reason", "住院")  # fmt: skip
    stats = village.json("meals", "stats", "--month", "2026-10")
    by_number = {line["id_number"]: line for line in stats["lines"]}
    assert (by_number[wu]["meals"], by_number[wu]["subsidy_fen"]) == (1, 800)
    assert by_number[zheng]["subsidy_fen"] == 0  # Jurong subsidises lunch only
    assert sorted(village.lines("2026-10")["吴奶奶"]) == [("meal", 800), ("old_age", 5000)]


def test_a_second_sign_in_and_a_day_to_come_are_refused_and_nothing_is_written(village):
    wu = village.people["吴奶奶"]
    village.run("meals", "sign-in", "--date", "2026-10-08", "--id-number", wu)
    _out, err = village.run("meals", "sign-in", "--date", "2026-10-08", "--id-number", wu,
                            exit_code=2)  # fmt: skip
    assert "已经签到" in err
    village.run("meals", "sign-in", "--date", "2026-11-30", "--id-number", wu, exit_code=2)
    _out, err = village.run("meals", "sign-in", "--date", "2026-10-08", "--id-number",
                            "110105194912310021", exit_code=2)  # fmt: skip
    count = village.sql("SELECT count(*) FROM meal_sign_in WHERE deleted_at IS NULL")
    assert count == [(1,)]
