"""Register search on a county-scale data folder (target: at most 0.3 s per query).

    python benchmarks/bench_search.py --data-dir DIR      # DIR made by bench_demo.py --out DIR

Times the query itself (`list_residents` with a search), several typical searches, each the
median of five runs, and one `carepoint residents list --search` through the entry point.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from carepoint import clock
from carepoint.db import open_store
from carepoint.residents import RegisterFilter, count_residents, list_residents, resident_ids

QUERIES = ("王", "zs", "wangxiu", "秀英", "1940", "321183194", "lgy")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    store = open_store(args.data_dir)
    today = clock.today()
    total = count_residents(store, RegisterFilter(), today)
    print(f"{total:,} residents in {args.data_dir}")
    worst = 0.0

    def median_of(call) -> tuple[float, object]:
        times, result = [], None
        for _ in range(5):
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
        return statistics.median(times), result

    for query in QUERIES:
        filters = RegisterFilter(search=query)
        matching, ids = median_of(lambda f=filters: resident_ids(store, f, today))
        listing, rows = median_of(lambda f=filters: list_residents(store, f, today))
        worst = max(worst, matching)
        print(
            f"search {query!r:14} {len(rows):7,} rows  query {matching * 1000:6.1f} ms"
            f"  with every row built {listing * 1000:6.1f} ms"
        )
    store.close()
    started = time.perf_counter()
    subprocess.run(
        [
            Path(sys.executable).parent / "carepoint",
            "--data-dir",
            str(args.data_dir),
            "--json",
            "residents",
            "list",
            "--search",
            "zs",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ},
    )
    print(
        f"slowest query {worst * 1000:.1f} ms (target: 300 ms); whole command with start-up "
        f"and JSON output: {time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    main()
