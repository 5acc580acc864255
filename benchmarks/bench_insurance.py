"""The year's insured list on a county-scale data folder (target: at most 10 s for 300,000).

    python benchmarks/bench_insurance.py --data-dir DIR [--year 2026] [--rounds 2]

DIR from bench_demo.py or `carepoint demo --residents 300000`. Against a baseline measured in the
same run (the machine is shared, so only figures side by side mean anything): one plain SQL query
for the same people in the same order and csv.writer writing those rows to a file. Then
`insured_list` (what the tab and the printed form read), `export_insured` as .csv and .xlsx,
and the whole `carepoint insurance export` through the entry point (start-up included).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carepoint.db import open_store
from carepoint.ledgers.insurance import insured_list, rule_for
from carepoint.ledgers.insurance_export import export_insured


def baseline(store, year: int, out: Path) -> int:
    rule = rule_for(store, year)
    if rule.categories:
        raise SystemExit("the baseline query knows the age rule only; use a folder without one")
    day = rule.reference_day(year)
    rows = store.db.execute_sql(
        "SELECT name, id_number, gender, birth_date, group_name, phone FROM resident"
        " WHERE deleted_at IS NULL AND status = 'active' AND birth_date <= ?"
        " ORDER BY group_name, name_pinyin COLLATE NOCASE, id",
        [day.replace(year=day.year - rule.min_age).isoformat()],
    ).fetchall()
    with open(out, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return len(rows)


def timed(label: str, work, base: float | None = None) -> float:
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    ratio = f"  ×{elapsed / base:4.2f} baseline" if base else ""
    print(f"{label:44} {elapsed:6.2f} s{ratio}", flush=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    carepoint = Path(sys.executable).parent / "carepoint"
    store = open_store(args.data_dir)
    total = store.db.execute_sql("SELECT count(*) FROM resident").fetchone()[0]
    print(f"{total:,} residents in {args.data_dir}; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(1, args.rounds + 1):
            print(f"round {round_}")
            count = baseline(store, args.year, Path(folder) / "warm.csv")  # the page cache warm
            base = timed(f"baseline: SQL + csv.writer ({count:,} rows)",
                         lambda: baseline(store, args.year, Path(folder) / "base.csv"))  # fmt: skip
            timed("insured_list", lambda: insured_list(store, args.year), base)
            for suffix in (".csv", ".xlsx"):
                out = Path(folder) / f"insured{suffix}"
                timed(f"export_insured {suffix}",
                      lambda out=out: export_insured(store, args.year, out), base)  # fmt: skip
            for suffix in (".csv", ".xlsx"):
                out = Path(folder) / f"cli{suffix}"
                command = [str(carepoint), "--data-dir", str(args.data_dir), "insurance", "export",
                           "--year", str(args.year), "--out", str(out)]  # fmt: skip
                timed(f"carepoint insurance export ({suffix})",
                      lambda command=command: subprocess.run(command, check=True,
                                                             stdout=subprocess.DEVNULL),
                      base)  # fmt: skip
    store.close()
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
