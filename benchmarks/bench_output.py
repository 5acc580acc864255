"""`--json` output of a long listing with unbuffered stdout (a pipe read by another program, as
when a script or the township's tools read CarePoint's output), against the same command with
the old streaming output (`json.dump` into stdout: about a million small writes), in one run,
alternating; and a CSV export of the same residents written in one call.

    .venv/bin/python benchmarks/bench_output.py --data-dir /tmp/county [--search 王] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, sys
from carepoint import cli
from carepoint.commands import _base, residents_cmd
if sys.argv[1] == "streaming":
    def emit(args, payload, human):
        if args.json:
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        elif human:
            print(human)
    _base.emit = residents_cmd.emit = emit
sys.exit(cli.main(sys.argv[2:]))
"""


def run(mode: str, argv: list[str]) -> tuple[float, int]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CAREPOINT_TODAY": "2026-11-23"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, mode, *argv], capture_output=True, env=env, check=True
    )
    return time.perf_counter() - started, len(result.stdout)


def spread(values: list[float], unit: str = " s") -> str:
    return (f"median {statistics.median(values):.3f}{unit} "
            f"({min(values):.3f}–{max(values):.3f})")


def main() -> int:
    parser = argparse.ArgumentParser(description="one-write output against streaming output")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--search", default="王")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    argv = ["--data-dir", str(args.data_dir), "--json", "residents", "list",
            "--search", args.search]
    run("one-write", argv)  # warm the page cache
    found: dict[str, list[float]] = {"one-write": [], "streaming": []}
    size = 0
    for _ in range(args.runs):
        for mode in found:
            seconds, size = run(mode, argv)
            found[mode].append(seconds)
    for mode, times in found.items():
        print(f"{mode:10} {spread(times)}")
    ratios = [a / b for a, b in zip(found["one-write"], found["streaming"], strict=True)]
    print(f"one-write / streaming: {spread(ratios, '×')}; {size / 1e6:.1f} MB of JSON, "
          f"`carepoint --json residents list --search {args.search}`, PYTHONUNBUFFERED=1")

    from carepoint.db import open_store
    from carepoint.residents import RegisterFilter, list_residents
    from carepoint.spreadsheet.writer import write_table

    store = open_store(args.data_dir, actor="bench")
    import datetime as dt

    rows = list_residents(store, RegisterFilter(search=args.search), dt.date(2026, 11, 23))
    table = [[r.name, r.id_number, r.birth_date.isoformat(), r.group_name, r.phone] for r in rows]
    store.close()
    out = Path("/tmp/bench-output.csv")
    headers = ["姓名", "身份证号", "出生日期", "组", "电话"]

    from carepoint.spreadsheet import writer as sheet_writer

    one_write = sheet_writer._write_csv

    def streamed_csv(temp, headers, rows, _title):  # the writer before: csv into a text file
        import csv

        with open(temp, "w", encoding="utf-8-sig", newline="") as stream:
            out_rows = csv.writer(stream, lineterminator="\r\n")
            out_rows.writerow([sheet_writer.guard_formula(sheet_writer._text(v)) for v in headers])
            out_rows.writerows(
                [sheet_writer.guard_formula(sheet_writer._text(v)) for v in row] for row in rows
            )

    def with_writer(csv_writer) -> None:
        sheet_writer._write_csv = csv_writer
        try:
            write_table(out, headers, table)
        finally:
            sheet_writer._write_csv = one_write

    csv_times: dict[str, list[float]] = {"one-write": [], "streamed": []}
    for _ in range(args.runs):
        for mode, call in (("one-write", lambda: with_writer(one_write)),
                           ("streamed", lambda: with_writer(streamed_csv))):
            started = time.perf_counter()
            call()
            csv_times[mode].append(time.perf_counter() - started)
    for mode, times in csv_times.items():
        print(f"CSV of the same {len(table):,} residents, {mode:9}: {spread(times)}, "
              f"{out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
