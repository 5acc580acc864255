"""USB exchange at township size: a village's export (target ≤ 3 s), the township's import of 30
village packages with verification (target ≤ 60 s in all), and the import's bulk write beside a
plain sqlite3 executemany of the same rows in one transaction (target ≤ 1.5×).

    python benchmarks/bench_exchange.py [--villages 30] [--residents 1500]

One demo village (generate_demo, 12 months of history) is made and exported; the other villages
are copies of it under their own codes with fresh uuids and ID numbers (so no two villages share
a person), each exported as its own signed, encrypted package. Date fixed to 2026-11-23.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

PASSPHRASE = "bench-passphrase"
TOWNSHIP = "321183104"
DIGITS: dict[str, str] = {}  # each village's fingerprint, as typed from its 入网确认单


def _rekey(store, index: int) -> None:
    """Give a copied village fresh uuids and ID numbers of its own."""
    from carepoint import idcard
    from carepoint.exchange.schema import synced_tables

    db = store.db
    with db.atomic():
        for table in synced_tables(db):
            db.execute_sql(f"UPDATE {table} SET uuid = lower(hex(randomblob(16)))")
        rows = db.execute_sql("SELECT id, id_number FROM resident").fetchall()
        prefix = f"32{index:04d}"
        changed = []
        for row_id, number in rows:
            first17 = prefix + number[6:17]
            changed.append((first17 + idcard.check_char(first17), row_id))
        db.cursor().executemany("UPDATE resident SET id_number = ? WHERE id = ?", changed)


def make_villages(root: Path, villages: int, residents: int) -> tuple[Path, list[Path], float]:
    from carepoint.db import open_store
    from carepoint.demo import generate_demo
    from carepoint.exchange.confirmation import own_digits
    from carepoint.exchange.enrollment import enroll_from_file, enroll_village
    from carepoint.exchange.keys import create_township_keys, ensure_village_keys
    from carepoint.exchange.village_export import export_package
    from carepoint.permissions import local_administrator
    from carepoint.setup import initialise

    admin = local_administrator()
    # One store open at a time: the models share one database binding.
    codes = [f"{TOWNSHIP}{index + 201:03d}" for index in range(villages)]
    township = initialise(root / "township", code=TOWNSHIP, name="白兔镇", role="township")
    create_township_keys(township, PASSPHRASE)
    for index, code in enumerate(codes):
        enroll_village(township, code, f"村{index}", root / f"{code}.json", actor=admin)
    township.close()
    files, export_seconds = [], 0.0
    first = root / "village-0"
    for index, code in enumerate(codes):
        folder = root / f"village-{index}"
        if index == 0:
            store = initialise(folder, code=code, name="村0", actor="bench")
            ensure_village_keys(store)
            started = time.perf_counter()
            generate_demo(store, residents=residents, months=12, seed=1)
            print(f"demo village of {residents:,} residents: {time.perf_counter() - started:.1f} s")
        else:
            shutil.copytree(first, folder)
            store = open_store(folder, actor="bench")
            store.set_setting("village_code", code)
            _rekey(store, index)
        enroll_from_file(store, root / f"{code}.json", actor=admin)
        DIGITS[code] = own_digits(store)  # read off its 入网确认单 by the township's clerk
        started = time.perf_counter()
        result = export_package(store, root / "usb", actor=admin)
        seconds = time.perf_counter() - started
        if index == 0:
            export_seconds = seconds
            rows = sum(result.counts.values())
            print(
                f"export of one village ({rows:,} records): {seconds:.2f} s (target ≤ 3 s), "
                f"package {result.size / 1e6:.1f} MB"
            )
        files.append(result.path)
        store.close()
    return root / "township", files, export_seconds


def bench_import(folder: Path, files: list[Path]) -> float:
    from carepoint.db import open_store
    from carepoint.exchange.confirmation import confirm_village
    from carepoint.exchange.township_import import import_packages
    from carepoint.permissions import local_administrator

    admin = local_administrator()
    store = open_store(folder, actor="bench")
    for code, typed in DIGITS.items():
        confirm_village(store, code, typed, PASSPHRASE, actor=admin)
    started = time.perf_counter()
    result = import_packages(store, files, PASSPHRASE, actor=admin)
    seconds = time.perf_counter() - started
    rows = sum(p.total("new") for p in result.packages)
    store.close()
    print(
        f"township import of {len(files)} packages ({rows:,} records, verified, one "
        f"transaction): {seconds:.1f} s (target ≤ 60 s), {rows / seconds:,.0f} records/s"
    )
    return seconds


def bench_bulk_write(root: Path, file: Path) -> float:
    """The import's merge of one package against plain executemany, each on an empty copy."""
    from carepoint.db import open_store
    from carepoint.exchange import container, keys
    from carepoint.exchange.schema import MIRROR_PREFIX
    from carepoint.exchange.township_import import PackageSummary, merge, verify

    timings = {}
    for mode in ("executemany", "import"):
        folder = root / f"bulk-{mode}"
        shutil.copytree(root / "township-empty", folder)
        store = open_store(folder, actor="bench")
        package = container.read(file)
        verify(store, package)
        payload = container.open_payload(package, keys.township_keys(store, PASSPHRASE)[1])
        started = time.perf_counter()
        with store.db.atomic():
            if mode == "import":
                merge(store, package, payload, PackageSummary(file.name, "", "", 0, ""))
            else:
                for table, part in payload["tables"].items():
                    columns = ", ".join(part["columns"])
                    marks = ", ".join("?" * (len(part["columns"]) + 1))
                    store.db.cursor().executemany(
                        f"INSERT INTO {MIRROR_PREFIX}{table} (village_code, {columns})"
                        f" VALUES ({marks})",
                        [(package.village_code, *row) for row in part["rows"]],
                    )
        timings[mode] = time.perf_counter() - started
        store.close()
    ratio = timings["import"] / timings["executemany"]
    print(
        f"bulk write of one package: import {timings['import']:.2f} s, plain executemany "
        f"{timings['executemany']:.2f} s, ratio {ratio:.2f}× (target ≤ 1.5×)"
    )
    return ratio


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=30)
    parser.add_argument("--residents", type=int, default=1500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        township, files, export_seconds = make_villages(root, args.villages, args.residents)
        shutil.copytree(township, root / "township-empty")
        import_seconds = bench_import(township, files)
        ratio = bench_bulk_write(root, files[0])
    ok = export_seconds <= 3 and import_seconds <= 60 and ratio <= 1.5
    print("exchange: within targets" if ok else "exchange: OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
