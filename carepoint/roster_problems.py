"""The rows an import left out, handed back as the cadre wrote them with a 问题 column added:
the same sheets, titles and headers, so the corrected workbook imports as it is."""

from __future__ import annotations

from pathlib import Path

from carepoint.roster_sheets import SheetTable
from carepoint.spreadsheet.headers import PROBLEMS_HEADER
from carepoint.spreadsheet.writer import write_sheets


def default_problems_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}-问题清单.xlsx")


def write_problems(target: Path, tables: list[SheetTable],
                   bad_rows: dict[tuple[str, int], list[str]]) -> int:
    """Write every bad row of every sheet; return how many rows were written."""
    sheets, written = [], 0
    for item in tables:
        numbers = sorted(row for sheet, row in bad_rows if sheet == item.name)
        if not numbers:
            continue
        cells = dict(item.raw.rows)
        header = item.header_rows()
        width = max(len(values) for _n, values in [*header, *((n, cells[n]) for n in numbers)])
        rows = []
        for number, values in header:
            padded = list(values) + [None] * (width - len(values))
            if number == item.table.header_row:
                padded.append(PROBLEMS_HEADER)
            rows.append(padded)
        for number in numbers:
            values = list(cells.get(number, []))
            values += [None] * (width - len(values))
            values.append("；".join(bad_rows[(item.name, number)]))
            rows.append(values)
            written += 1
        footer = item.table.footer_row
        if footer:  # the 填报日期 and signatures: the date still says when the roster holds
            rows.append([])
            rows += [list(values) for number, values in item.raw.rows if number >= footer]
        sheets.append((item.name, rows))
    write_sheets(target, sheets)
    return written
