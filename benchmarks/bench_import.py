"""Import a 10,000-row xlsx roster into an empty village (target: at most 5 s), all or nothing,
and the same roster with 10 % bad rows through --valid-only (the good rows in, the bad ones
written to a problems workbook; same target).

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
from carepoint.permissions import local_administrator
from carepoint.roster_export import export_roster
from carepoint.roster_import import import_roster
from carepoint.setup import initialise


def spoil_every_tenth_row(source: Path, target: Path) -> int:
    """A wrong check digit in every tenth person's ID number, as a mistyped roster has."""
    from carepoint.spreadsheet import read_rows
    from carepoint.spreadsheet.writer import write_sheets

    raw = read_rows(source)
    rows, bad = [], 0
    for index, (_number, values) in enumerate(raw.rows):
        values = list(values)
        if index and index % 10 == 0:
            number = values[2]
            values[2] = number[:17] + ("1" if number[17] != "1" else "2")
            bad += 1
        rows.append(values)
    write_sheets(target, [(raw.sheet_name, rows)])
    return bad


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
        exported = export_roster(source, roster, actor=local_administrator())
        export_seconds = time.perf_counter() - started
        source.close()

        target = initialise(tmp / "target", code="321183104202", name="杏花村", actor="bench")
        started = time.perf_counter()
        result = import_roster(target, roster)
        seconds = time.perf_counter() - started
        target.close()

        damaged = tmp / "damaged.xlsx"
        bad = spoil_every_tenth_row(roster, damaged)
        other = initialise(tmp / "other", code="321183104203", name="梨花村", actor="bench")
        started = time.perf_counter()
        partial = import_roster(other, damaged, valid_only=True, problems_path=tmp / "p.xlsx")
        valid_only_seconds = time.perf_counter() - started
        other.close()
    assert not result.errors, result.errors[:5]
    assert (partial.rejected, partial.imported) == (bad, exported - bad), partial.errors[:3]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"export of {exported} rows to xlsx: {export_seconds:.2f} s")
    print(
        f"--valid-only import of the same roster with {bad} bad rows: {valid_only_seconds:.2f} s "
        f"({partial.imported} in, {partial.rejected} to the problems workbook; target: 5 s)"
    )
    print(
        f"import of {result.imported} rows from xlsx: {seconds:.2f} s "
        f"({result.imported / seconds:,.0f} rows/s), peak RSS {peak:.0f} MB (target: 5 s)"
    )


if __name__ == "__main__":
    main()
