"""The year's insured list on a county-scale data folder (target: at most 10 s for 300,000).

    python benchmarks/bench_insurance.py --data-dir DIR [--year 2026]   # DIR from bench_demo.py

Times `insured_list` (the register by the rule in force), then writing it in the built-in
insurer layout as .csv and as .xlsx, and `carepoint insurance export` through the entry point.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carepoint.db import open_store
from carepoint.ledgers.insurance import insured_list
from carepoint.ledgers.insurance_export import export_insured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    store = open_store(args.data_dir)
    total = store.db.execute_sql("SELECT count(*) FROM resident").fetchone()[0]
    print(f"{total:,} residents in {args.data_dir}")
    started = time.perf_counter()
    people = insured_list(store, args.year)
    listed = time.perf_counter() - started
    print(f"insured list     {len(people):8,} people  {listed:6.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".csv", ".xlsx"):
            started = time.perf_counter()
            export_insured(people, Path(folder) / f"insured{suffix}")
            elapsed = time.perf_counter() - started
            print(f"write {suffix:5}                         {elapsed:6.2f} s")
        store.close()
        carepoint = Path(sys.executable).parent / "carepoint"
        out = Path(folder) / "cli.csv"
        started = time.perf_counter()
        subprocess.run([str(carepoint), "--data-dir", str(args.data_dir), "insurance", "export",
                        "--year", str(args.year), "--out", str(out)], check=True,
                       env={**os.environ})  # fmt: skip
        print(f"carepoint insurance export (.csv)    {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()
