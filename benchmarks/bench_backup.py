"""Time backup, start-up check, full check and restore: `bench_backup.py [--data-dir DIR]`.

Without DIR a 300,000-resident demo data folder is generated first (generate_village, as in
bench_demo.py). Prints seconds for each step and the sizes; the data folder given is left as it
was (the restore goes into a copy).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from carepoint.db import DB_FILE, open_store
from carepoint.demo import generate_village
from carepoint.permissions import local_administrator
from carepoint.safety.backup import make_backup
from carepoint.safety.facts import check_database
from carepoint.safety.restore import restore_backup

ADMIN = local_administrator("benchmark")


def timed(label: str, call):
    started = time.perf_counter()
    result = call()
    print(f"  {label:<28} {time.perf_counter() - started:7.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an existing data folder to back up")
    parser.add_argument("--residents", type=int, default=300_000)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="carepoint-bench-backup-"))
    try:
        source = args.data_dir
        if source is None:
            source = work / "county"
            store = open_store(source, create=True)
            timed(f"demo {args.residents:,} residents",
                  lambda: generate_village(store, residents=args.residents))
            store.close()
        size = (source / DB_FILE).stat().st_size
        print(f"  data file {size / 1e6:.0f} MB", flush=True)
        out = work / "usb"
        out.mkdir()
        record = timed("backup (copy + verify)", lambda: make_backup(source, out, actor=ADMIN))
        timed("start-up check (quick)", lambda: check_database(source / DB_FILE, quick=True))
        timed("full check", lambda: check_database(source / DB_FILE))
        target = work / "restored"
        shutil.copytree(source, target)
        timed(
            "restore (with safety copy)",
            lambda: restore_backup(target, Path(record.file), actor=ADMIN),
        )
        print(f"  residents in backup {record.counts['resident']:,}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
