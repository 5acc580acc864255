"""All benchmarks on one county-scale demo data set: `make bench`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> None:
    print(f"== {script} {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "county"
        run("bench_demo.py", "--residents", "300000", "--out", str(data))
        run("bench_search.py", "--data-dir", str(data))
        run("bench_import.py", "--rows", "10000")
        run("bench_meals.py")
        run("bench_subsidies.py")
        run("bench_reports.py")
        run("bench_visits.py", "--data-dir", str(Path(tmp) / "visits"))
        run("bench_exchange.py")
        run("bench_register_ui.py", "--data-dir", str(data))
        run("bench_backup.py", "--data-dir", str(data))
        run("bench_startup.py", "--residents", "1500")
        run("bench_startup.py", "--residents", "300000", "--runs", "3")
