"""The county's monthly overview (issue 21 item 4: ≤ 2 s over 300 villages) and the county-wide
checks it rests on, timed over a county database filled directly with village copies: by default
20 townships × 15 villages × 1,500 residents (450,000), one subsidy line each and 3,000 served
meals per village for the month. Rows are written straight into the tw_* copies (the import path
is timed in bench_office.py); the figures are the queries', not the import's.

    .venv/bin/python benchmarks/bench_county.py [--villages 300] [--residents 1500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fill(store, villages: int, residents: int, meals: int) -> None:
    db = store.db
    with db.atomic():
        for t in range((villages + 14) // 15):
            code = f"321183{100 + t:03d}"
            db.execute_sql(
                "INSERT INTO county_township (code, name, enrolled_at, secret, sign_key)"
                " VALUES (?, ?, '2026-01-01', '', 'k')",
                [code, f"镇{t}"],
            )
        for v in range(villages):
            township = f"321183{100 + v // 15:03d}"
            code = f"{township}{200 + v % 15:03d}"
            db.execute_sql(
                "INSERT INTO township_village (code, name, enrolled_at, secret, last_sequence)"
                " VALUES (?, ?, '2026-01-01', '', 1)",
                [code, f"村{v}"],
            )
            db.execute_sql("INSERT INTO county_village VALUES (?, ?)", [code, township])
            db.execute_sql(
                "INSERT INTO township_month (village_code, month, reported) VALUES (?, '2026-11',"
                " '{\"visits_due\": 100, \"visited\": 90, \"visits\": 120}')",
                [code],
            )
            people = [(code, f"{code}-{n}", f"3211831950{v:04d}{n:04d}", f"人{n}", "active")
                      for n in range(residents)]  # fmt: skip
            db.cursor().executemany(
                "INSERT INTO tw_resident (village_code, uuid, id_number, name, status)"
                " VALUES (?, ?, ?, ?, ?)",
                people,
            )
            db.cursor().executemany(
                "INSERT INTO tw_subsidy_line (village_code, uuid, resident_uuid, month,"
                " amount_fen) VALUES (?, ?, ?, '2026-11', 10000)",
                [(code, f"s{code}-{n}", f"{code}-{n}") for n in range(residents)],
            )
            db.cursor().executemany(
                "INSERT INTO tw_meal_sign_in (village_code, uuid, resident_uuid, meal_date,"
                " status, subsidy_fen) VALUES (?, ?, ?, ?, 'served', 500)",
                [(code, f"m{code}-{n}", f"{code}-{n % residents}",
                  f"2026-11-{1 + n % 30:02d}") for n in range(meals)],  # fmt: skip
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--meals", type=int, default=3000)
    args = parser.parse_args()

    from carepoint.binding import bind_here
    from carepoint.county.overview import county_month
    from carepoint.exchange import flags
    from carepoint.setup import initialise

    with tempfile.TemporaryDirectory() as folder:
        store = initialise(Path(folder) / "county", code="321183", name="句容市", role="county")
        bind_here(store.db)
        started = time.perf_counter()
        fill(store, args.villages, args.residents, args.meals)
        print(f"filled in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with store.db.atomic():
            flags.refresh(store)
        print(f"county-wide checks (flags.refresh): {time.perf_counter() - started:.2f} s")
        for _round in range(3):
            started = time.perf_counter()
            found = county_month(store, "2026-11")
            took = time.perf_counter() - started
            villages = sum(len(t.villages) for t in found.townships)
            people = sum(t.residents for t in found.townships)
            print(f"county overview: {len(found.townships)} townships, {villages} villages, "
                  f"{people:,} residents: {took:.2f} s")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
