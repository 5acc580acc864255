"""Categories read from a roster hold from the roster's date, not from the day the file was read:
Laixi's December (paid yearly, 低保 excluded) computed in January leaves out a 低保 recipient
whose roster of 1 November says so, though the roster was imported on 10 January."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import Village

LAIXI_CODE = "370285001001"  # Shandong: the Laixi preset by default


@pytest.fixture
def january(monkeypatch):
    monkeypatch.setenv("CAREPOINT_TODAY", "2027-01-10")


def test_laixi_december_computed_in_january_excludes_a_roster_low_income_person(
    tmp_path, capsys, january
):
    village = Village(tmp_path / "laixi", capsys, code=LAIXI_CODE, name="院上村")
    village.roster(
        [("王奶奶", dt.date(1941, 6, 6), "低保"), ("刘大爷", dt.date(1941, 7, 7), "")],
        as_of="2026-11-01",
    )
    december = village.lines("2026-12")
    # 85 on 31 December: 600 元 a year, but 王奶奶 is 低保 from 1 November
    assert december == {"刘大爷": [("old_age", 60000)]}


def test_a_roster_without_a_date_holds_from_the_day_it_is_read(tmp_path, capsys, january):
    village = Village(tmp_path / "laixi", capsys, code=LAIXI_CODE, name="院上村")
    village.roster([("王奶奶", dt.date(1941, 6, 6), "低保")], as_of="2027-01-10")
    assert village.lines("2026-12") == {"王奶奶": [("old_age", 60000)]}
