"""Time the demo village generator: `bench_demo.py --residents 300000 [--out DIR]`.

Writes into a fresh temporary data folder (removed afterwards) or into DIR, which is kept so that
other benchmarks can reuse the data. Prints elapsed seconds, residents per second and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from carepoint.db import DB_FILE, open_store
from carepoint.demo import generate_village


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=300_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--out", type=Path, help="data folder to fill and keep (must be empty)")
    args = parser.parse_args(argv)

    if args.out and (args.out / DB_FILE).exists():
        parser.error(f"{args.out} already holds CarePoint data; choose an empty folder")
    data_dir = args.out or Path(tempfile.mkdtemp(prefix="carepoint-bench-demo-"))
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"  {done:>9,} / {total:,}  {elapsed:6.1f} s", flush=True)

    try:
        store = open_store(data_dir, create=True)
        try:
            started = time.perf_counter()
            summary = generate_village(
                store,
                residents=args.residents,
                months=args.months,
                seed=args.seed,
                today=args.today,
                progress=progress,
            )
            elapsed = time.perf_counter() - started
        finally:
            store.close()
        size_mb = (data_dir / DB_FILE).stat().st_size / (1024 * 1024)
        print(summary)
        print(
            f"{summary.residents:,} residents in {elapsed:.1f} s "
            f"({summary.residents / elapsed:,.0f} residents/s), "
            f"peak RSS {peak_rss_mb():.0f} MB, database {size_mb:.0f} MB"
        )
        if args.out:
            print(f"data kept in {data_dir}")
    finally:
        if not args.out:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
