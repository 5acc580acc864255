"""Import a 10,000-row xlsx roster into an empty village (target: at most 5 s).

    python benchmarks/bench_import.py [--rows 10000]

The roster is written by exporting a demo village, so it has every column a real one has.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from carepoint.db import open_store
from carepoint.demo import generate_village
from carepoint.roster_export import export_roster
from carepoint.roster_import import import_roster
from carepoint.setup import initialise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = open_store(tmp / "source", create=True, actor="bench")
        generate_village(source, residents=args.rows, months=0, seed=7)
        roster = tmp / "roster.xlsx"
        started = time.perf_counter()
        exported = export_roster(source, roster)
        export_seconds = time.perf_counter() - started
        source.close()

        target = initialise(tmp / "target", code="321183104202", name="杏花村", actor="bench")
        started = time.perf_counter()
        result = import_roster(target, roster)
        seconds = time.perf_counter() - started
        target.close()
    assert not result.errors, result.errors[:5]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"export of {exported} rows to xlsx: {export_seconds:.2f} s")
    print(
        f"import of {result.imported} rows from xlsx: {seconds:.2f} s "
        f"({result.imported / seconds:,.0f} rows/s), peak RSS {peak:.0f} MB (target: 5 s)"
    )


if __name__ == "__main__":
    main()
