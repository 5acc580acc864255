"""The log file and the crash report after a full day's work on the command line hold no ID
number, phone or bank account of anyone in the data."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

from builders import id_number

from carepoint.db import DB_FILE
from carepoint.safety.logs import mask_personal


def personal_numbers(folder) -> set[str]:
    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as db:
        rows = db.execute(
            "SELECT id_number, phone, bank_account, agent_phone, medical_contact_phone"
            " FROM resident UNION ALL SELECT phone, '', '', '', '' FROM carer"
        ).fetchall()
    return {value for row in rows for value in row if value and len(value) >= 7}


def test_logs_and_crash_reports_never_hold_personal_numbers(tmp_path, cli, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = tmp_path / "village"
    roster = tmp_path / "roster.csv"
    number = id_number(dt.date(1949, 12, 31), 31, address="110105")
    roster.write_text("姓名,性别,身份证号,出生日期,联系电话\n"
                      f"赵六,男,{number},1949-12-31,13912345678\n", encoding="utf-8")
    steps = [
        ["demo", "--residents", "60", "--months", "2"],
        ["residents", "import", roster],
        ["residents", "export", tmp_path / "out.csv"],
        ["residents", "list", "--search", number],
        ["report", "roster", "--month", "2026-11", "--out", tmp_path / "roster.pdf"],
        ["backup"],
        ["check"],
    ]
    for step in steps:
        code, _out, err = cli("--data-dir", folder, *step)
        assert code == 0, (step, err)
    assert cli("--data-dir", folder, "restore", tmp_path / "none.sqlite3", "--yes")[0] == 2

    def crash(*_args, **_kwargs):
        raise RuntimeError(f"unexpected row {number} phone 13912345678")

    monkeypatch.setattr("carepoint.roster_export.export_roster", crash)
    code, _out, err = cli("--data-dir", folder, "residents", "export", tmp_path / "again.csv")
    assert code == 1 and "carepoint-error.log" in err

    logs = list((folder / "logs").glob("*.log*")) + [tmp_path / "carepoint-error.log"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in logs)
    assert "backup written" in text and "RuntimeError" in text  # the logs did record the work
    numbers = personal_numbers(folder)
    assert {number, "13912345678"} <= numbers and len(numbers) > 60
    leaked = sorted(n for n in numbers if n in text)
    assert leaked == []


def test_masking_keeps_dates_and_times_readable():
    line = "2026-11-23 04:52:54 backup of 300 residents; ID 32118319490304001X, 138-1234-5678"
    assert mask_personal(line) == (
        "2026-11-23 04:52:54 backup of 300 residents; ID [number], [number]")
