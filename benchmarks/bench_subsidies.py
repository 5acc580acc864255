"""Computing a month of subsidies (target: 300,000 residents ≤ 10 s; a village of 1,500 ≤ 0.3 s).

    python benchmarks/bench_subsidies.py                       # builds 1,500 and 300,000
    python benchmarks/bench_subsidies.py --data-dir DIR        # a folder from bench_demo.py --out

Times `compute_month` as the page runs it — read the register, work out entitlements, 新增/停发,
store the lines — for each locality preset: the first computation of a month (every line
written), a recomputation with nothing changed, and, for reference, the checks before approval
and the recovery list. Each figure is the median of three runs on a copy of the data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

from carepoint.db import DB_FILE, open_store  # noqa: E402
from carepoint.demo import generate_village  # noqa: E402
from carepoint.subsidies import months  # noqa: E402
from carepoint.subsidies.anomalies import find_anomalies  # noqa: E402
from carepoint.subsidies.recovery import recoveries  # noqa: E402
from carepoint.subsidies.workflow import compute_month  # noqa: E402

TODAY = dt.date(2026, 11, 23)
PRESETS = ("jurong", "guangzhou", "guichi", "laixi")
TARGETS = {1_500: 0.3, 300_000: 10.0}


def build(folder: Path, residents: int) -> Path:
    started = time.perf_counter()
    store = open_store(folder, create=True, actor="bench")
    generate_village(store, residents=residents, months=12, today=TODAY)
    store.close()
    print(f"  built {residents:,} residents in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def bench(source: Path, label: str, target: float | None) -> bool:
    month = months.parse("2026-12")  # a payment month for the yearly and half-yearly presets
    ok = True
    for preset in PRESETS:
        first, again, checks, owed = [], [], [], []
        lines = 0
        for _run in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / "data"
                copy.mkdir()
                shutil.copy(source / DB_FILE, copy / DB_FILE)
                store = open_store(copy, actor="bench")
                store.set_setting("rules_preset", preset)
                seconds, result = timed(
                    lambda s=store: compute_month(s, month, meal_subsidies=None)
                )
                first.append(seconds)
                lines = len(result.lines)
                again.append(timed(lambda s=store: compute_month(s, month, meal_subsidies=None))[0])
                checks.append(timed(lambda s=store: find_anomalies(s, month, None))[0])
                owed.append(timed(lambda s=store: recoveries(s))[0])
                store.close()
        median = statistics.median(first)
        verdict = ""
        if target is not None:
            verdict = "ok" if median <= target else "TOO SLOW"
            ok = ok and median <= target
        print(
            f"  {label} {preset:10} {lines:7,} lines  compute {median:6.3f} s"
            f"  again {statistics.median(again):6.3f} s  checks {statistics.median(checks):6.3f} s"
            f"  recoveries {statistics.median(owed):6.3f} s"
            + (f"  (target {target} s: {verdict})" if target else ""),
            flush=True,
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an existing data folder to time instead")
    args = parser.parse_args()
    ok = True
    if args.data_dir:
        return 0 if bench(args.data_dir, args.data_dir.name, None) else 1
    with tempfile.TemporaryDirectory() as tmp:
        for residents, target in TARGETS.items():
            folder = build(Path(tmp) / f"r{residents}", residents)
            ok = bench(folder, f"{residents:>7,}", target) and ok
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
