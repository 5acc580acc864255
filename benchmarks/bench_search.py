"""Register search on a county-scale data folder (target: at most 0.3 s per query).

    python benchmarks/bench_search.py --data-dir DIR      # DIR made by bench_demo.py --out DIR

Times the query itself (`resident_ids` with a search) and the whole list (`list_residents`,
every row built) for several typical searches, each against its baseline in the same run,
alternating, five rounds: a plain SQL query over the same data on a bare `sqlite3` connection,
finding the same residents (the same LIKE on the search columns, ordered by pinyin, without the
best-match ranking) and, for the list, fetching the same columns and current categories as
tuples. Printed: milliseconds and the ratio to the baseline, median (min–max). Then one
`carepoint residents list --search` through the entry point.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from carepoint import clock
from carepoint.db import DB_FILE, open_store
from carepoint.pinyin import normalise_query
from carepoint.residents import RegisterFilter, count_residents, list_residents, resident_ids

QUERIES = ("王", "zs", "wangxiu", "秀英", "1940", "321183194", "lgy")
ROUNDS = 5
MATCHES = (
    " FROM resident r WHERE r.deleted_at IS NULL"
    " AND (r.search_text LIKE ? ESCAPE '\\' OR r.name_initials LIKE ? ESCAPE '\\')"
    " ORDER BY r.name_pinyin COLLATE NOCASE, r.id"
)
ROWS = (
    "SELECT r.id, r.uuid, r.name, r.gender, r.id_number, r.birth_date, r.group_name, r.status,"
    " r.status_date, r.phone, r.registered_on, (SELECT group_concat(m.code)"
    " FROM category_membership m WHERE m.resident_id = r.id AND m.deleted_at IS NULL"
    " AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?))" + MATCHES
)


def raw_sql(connection: sqlite3.Connection, query: str, today: str, rows: bool) -> list:
    """The baseline: the same residents found by one plain query, as tuples."""
    text = normalise_query(query)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = [f"%{escaped}%", f"{escaped}%"]
    if rows:
        return connection.execute(ROWS, [today, today, *like]).fetchall()
    return connection.execute("SELECT r.id" + MATCHES, like).fetchall()


def spread(values: list[float], digits: int = 1, unit: str = "") -> str:
    return (f"{statistics.median(values):.{digits}f}{unit}"
            f" ({min(values):.{digits}f}–{max(values):.{digits}f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    store = open_store(args.data_dir)
    today = clock.today()
    total = count_residents(store, RegisterFilter(), today)
    print(f"{total:,} residents in {args.data_dir}; load average {os.getloadavg()[0]:.1f}")
    plain = sqlite3.connect(args.data_dir / DB_FILE)
    day = today.isoformat()
    worst = 0.0

    def timed(call) -> tuple[float, object]:
        started = time.perf_counter()
        result = call()
        return time.perf_counter() - started, result

    for query in QUERIES:
        filters = RegisterFilter(search=query)
        found: dict[str, list[float]] = {"ids": [], "raw ids": [], "rows": [], "raw rows": []}
        for _round in range(ROUNDS):  # each call against its baseline, alternating
            seconds, ids = timed(lambda f=filters: resident_ids(store, f, today))
            found["ids"].append(seconds)
            seconds, raw_ids = timed(lambda q=query: raw_sql(plain, q, day, False))
            found["raw ids"].append(seconds)
            seconds, rows = timed(lambda f=filters: list_residents(store, f, today))
            found["rows"].append(seconds)
            seconds, raw_rows = timed(lambda q=query: raw_sql(plain, q, day, True))
            found["raw rows"].append(seconds)
        if sorted(ids) != sorted(row[0] for row in raw_ids) or len(rows) != len(raw_rows):
            raise SystemExit(f"the baseline found other residents for {query!r}")
        worst = max(worst, statistics.median(found["ids"]))
        ms = {key: [s * 1000 for s in values] for key, values in found.items()}
        print(
            f"search {query!r:12} {len(rows):7,} rows"
            f"  query {spread(ms['ids'])} ms, raw SQL {spread(ms['raw ids'])} ms,"
            f" ×{spread([a / b for a, b in zip(ms['ids'], ms['raw ids'], strict=True)], 2)}"
            f"  | rows built {spread(ms['rows'])} ms, raw SQL {spread(ms['raw rows'])} ms,"
            f" ×{spread([a / b for a, b in zip(ms['rows'], ms['raw rows'], strict=True)], 2)}"
        )
    plain.close()
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
