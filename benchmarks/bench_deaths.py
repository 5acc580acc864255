"""A 5,000-line death list against a 300,000-resident register with its paid months
(target: matched, with what was paid since each death, in at most 10 s).

    python benchmarks/bench_deaths.py                     # builds 300,000 residents (~40 s)
    python benchmarks/bench_deaths.py --data-dir DIR      # built there once, reused after

The list is written as a crematorium sends it (xlsx, a title row, 死者姓名 / 公民身份号码 /
火化日期): 4,000 people of the register (a quarter with lower-case x or spaces, some as old
15-digit numbers), 500 whose number was cut short (suggestions by name and birth date) and 500
strangers. Timed: the dry run (`match_deaths`: read, match, paid since), the approval
(`import_deaths`: every death recorded), and, as the baseline, the plain SQL join a clerk could
write (read the file, load the numbers into a table, join it to resident by id_number).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

from carepoint.db import DB_FILE, open_store  # noqa: E402
from carepoint.demo import generate_village  # noqa: E402
from carepoint.subsidies import months  # noqa: E402
from carepoint.subsidies.deaths import import_deaths, match_deaths  # noqa: E402
from carepoint.subsidies.workflow import (  # noqa: E402
    approve_month,
    compute_month,
    mark_paid,
    review_month,
)

TODAY = dt.date(2026, 11, 23)
TARGET = 10.0


def build(folder: Path, residents: int) -> None:
    started = time.perf_counter()
    store = open_store(folder, create=True, actor="bench")
    generate_village(store, residents=residents, months=1, today=TODAY)
    with store.bound():
        for text in ("2026-09", "2026-10"):
            month = months.parse(text)
            compute_month(store, month, meal_subsidies=None)
            review_month(store, month)
            approve_month(store, month, accept_warnings=True, meal_subsidies=None)
            mark_paid(store, month, TODAY, f"B-{text}", today=TODAY)
    store.close()
    print(f"  built {residents:,} residents, two paid months, in"
          f" {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip


def write_list(folder: Path, out: Path, lines: int, seed: int = 5) -> None:
    from openpyxl import Workbook

    store = open_store(folder, actor="bench")
    rows = store.db.execute_sql(
        "SELECT name, id_number FROM resident WHERE status = 'active' AND deleted_at IS NULL"
        " AND birth_date < '1950-01-01'"
    ).fetchall()
    store.close()
    chance = random.Random(seed)
    chosen = chance.sample(rows, int(lines * 0.9))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("火化名单")
    sheet.append(["XX市殡仪馆火化人员名单"])
    sheet.append(["序号", "死者姓名", "性别", "公民身份号码", "火化日期"])
    for number, (name, id_number) in enumerate(chosen, start=1):
        day = dt.date(2026, 7, 1) + dt.timedelta(days=chance.randrange(100))
        if number <= lines * 0.1:
            written = "'" + id_number[:15]  # cut short: found by name and birth date only
        elif number % 4 == 0:
            written = " " + id_number.lower() + " "
        elif number % 9 == 0 and id_number[6:8] == "19" and id_number[17] != "X":
            written = id_number[:6] + id_number[8:17]  # the old 15-digit number
        else:
            written = id_number
        sheet.append([number, name, "", written, f"{day.year}.{day.month}.{day.day}"])
    for number in range(len(chosen) + 1, lines + 1):
        stranger = f"110105{1930 + number % 20}0101{number % 1000:03d}X"
        sheet.append([number, f"外地{number}", "", stranger, "2026.8.1"])
    book.save(out)


def baseline(folder: Path, path: Path) -> tuple[float, int]:
    """Read the same file and join it to the register in plain SQL (exact numbers only)."""
    from carepoint.spreadsheet import read_rows

    started = time.perf_counter()
    raw = read_rows(path)
    numbers = [(str(cells[3]).strip(),) for _n, cells in raw.rows[2:] if len(cells) > 3]
    store = open_store(folder, actor="bench")
    db = store.db
    db.execute_sql("CREATE TEMP TABLE death_list (id_number TEXT)")
    db.connection().executemany("INSERT INTO death_list VALUES (?)", numbers)
    found = db.execute_sql(
        "SELECT r.id, r.name FROM death_list d JOIN resident r ON r.id_number = d.id_number"
        " WHERE r.deleted_at IS NULL"
    ).fetchall()
    store.close()
    return time.perf_counter() - started, len(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--residents", type=int, default=300_000)
    parser.add_argument("--lines", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = args.data_dir or tmp / "county"
        if not (source / DB_FILE).exists():  # a --data-dir that does not exist yet is kept
            build(source, args.residents)
        listing = tmp / "火化名单.xlsx"
        write_list(source, listing, args.lines)
        dry, applied, joined = [], [], []
        result = None
        for _run in range(3):
            copy = tmp / "copy"
            shutil.rmtree(copy, ignore_errors=True)
            copy.mkdir()
            shutil.copy(source / DB_FILE, copy / DB_FILE)
            joined.append(baseline(copy, listing))
            store = open_store(copy, actor="bench")
            started = time.perf_counter()
            result = match_deaths(store, listing)
            dry.append(time.perf_counter() - started)
            started = time.perf_counter()
            done = import_deaths(store, listing)
            applied.append(time.perf_counter() - started)
            store.close()
        paid = sum(1 for m in result.matched if m.paid_since_fen)
        median = statistics.median(dry)
        print(
            f"  {args.lines:,} lines: {len(result.matched):,} matched, {paid:,} paid since,"
            f" {len(result.suggestions):,} suggestions, {len(result.unmatched):,} not found"
        )
        print(
            f"  match (dry run, with paid since)  {median:6.2f} s  (target ≤ {TARGET:.0f} s:"
            f" {'ok' if median <= TARGET else 'TOO SLOW'})"
        )
        print(f"  approve (record {done.recorded:,} deaths)  {statistics.median(applied):6.2f} s")
        print(f"  baseline SQL join (exact numbers: {joined[0][1]:,} found)"
              f"  {statistics.median(s for s, _n in joined):6.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
