"""The office database's bulk path (issue 21): the township import's write of a package's rows
against a plain COPY of the same rows into the same empty table, in the same run — rows the
village has not sent before (`carepoint.dialect.insert_rows`: COPY straight in), rows that may be
there (`upsert_rows`: COPY into a scratch table, then one INSERT … SELECT … ON CONFLICT) — and
against the row-by-row executemany it replaced. Target: ≤ 1.5× the plain COPY.

    .venv/bin/python benchmarks/bench_office.py --rows 100000 [--url postgresql://…superuser…]

Without --url it starts a private server like the tests do (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

TABLE = "tw_meal_sign_in"


def _rows(db, count: int) -> tuple[list[str], list[tuple]]:
    info = db.execute_sql(f"PRAGMA table_info({TABLE})").fetchall()
    columns = [row[1] for row in info if row[1] != "id"]
    kinds = {row[1]: row[2] for row in info}
    rng = random.Random(1)
    rows = []
    for n in range(count):
        values = []
        for column in columns:
            if column == "village_code":
                values.append(f"3211831042{n % 300:02d}")
            elif column == "uuid":
                values.append(str(uuid.UUID(int=rng.getrandbits(128))))
            elif column == "deleted_at":
                values.append(None)
            elif column.endswith(("_date", "_at")):
                values.append(f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}")
            elif kinds[column] == "INTEGER":
                values.append(rng.randrange(0, 2000))
            else:
                values.append(rng.choice(("served", "lunch", "dine_in", "五保", "")))
        rows.append(tuple(values))
    return columns, rows


def _timed(db, action) -> float:
    db.execute_sql(f"TRUNCATE {TABLE}")
    started = time.perf_counter()
    with db.atomic():
        action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", help="a superuser's postgresql:// URL (default: a private server)")
    args = parser.parse_args()

    import pg_server

    from carepoint import migrations
    from carepoint.dialect import insert_rows, upsert_rows
    from carepoint.office.postgres import open_postgres, prepare

    server = pg_server._existing(args.url) if args.url else pg_server._start()
    try:
        name = server.create_database()
        db = open_postgres(server.url(name), password=server.password)
        prepare(db)
        migrations.upgrade(db)
        columns, rows = _rows(db, args.rows)
        names = ", ".join(columns)
        key = ("village_code", "uuid")
        cursor = db.cursor()._cursor

        def plain_copy():
            with cursor.copy(f"COPY {TABLE} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

        def ours():
            upsert_rows(db, TABLE, columns, key, rows)

        def new_rows():  # what the import does with rows a village has not sent before
            insert_rows(db, TABLE, columns, rows)

        def row_by_row():
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
            db.cursor().executemany(
                f"INSERT INTO {TABLE} ({names}) VALUES ({', '.join('?' * len(columns))})"
                f" ON CONFLICT (village_code, uuid) DO UPDATE SET {updates}",
                rows,
            )

        times: dict[str, list[float]] = {"plain COPY": [], "import, new rows": [],
                                         "import (COPY + merge)": [],
                                         "executemany (before)": []}  # fmt: skip
        for _round in range(args.rounds):
            times["plain COPY"].append(_timed(db, plain_copy))
            times["import, new rows"].append(_timed(db, new_rows))
            times["import (COPY + merge)"].append(_timed(db, ours))
            if _round == 0:
                times["executemany (before)"].append(_timed(db, row_by_row))
        # the merge when every row is already there: sent again as it was, and with one row in
        # ten changed (a village resends its month after corrections)
        db.execute_sql(f"TRUNCATE {TABLE}")
        with db.atomic():
            ours()
        started = time.perf_counter()
        with db.atomic():
            ours()
        resent = time.perf_counter() - started
        spot = columns.index("status") if "status" in columns else len(columns) - 1
        rows[:] = [(*r[:spot], f"{r[spot]}x", *r[spot + 1:]) if n % 10 == 0 else r
                   for n, r in enumerate(rows)]  # fmt: skip
        started = time.perf_counter()
        with db.atomic():
            ours()
        updating = time.perf_counter() - started
        db.close()
        server.drop_database(name)
    finally:
        if not args.url:
            pg_server._stop(server)
    base = statistics.median(times["plain COPY"])
    print(f"{args.rows:,} rows of {TABLE} ({len(columns)} columns), {args.rounds} rounds")
    for what, found in times.items():
        median = statistics.median(found)
        print(f"  {what:24} median {median:6.2f} s  ({args.rows / median:9,.0f} rows/s)"
              f"  ×{median / base:4.2f} plain COPY  [{', '.join(f'{t:.2f}' for t in found)}]")
    for label, took in (("import, all rows resent", resent), ("import, 1 row in 10 changed",
                                                                 updating)):  # fmt: skip
        print(f"  {label:24} {took:6.2f} s  ×{took / base:4.2f} plain COPY")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
