"""The tables of a roster file: one sheet, or every sheet of a workbook kept one sheet per group,
with the group each sheet names and the date (填报日期) the roster describes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from carepoint.errors import UserInputError
from carepoint.groups import group_in_title
from carepoint.i18n import _
from carepoint.spreadsheet import RawSheet, RosterTable, locate_table, read_rows
from carepoint.spreadsheet.reader import read_all_sheets, sheet_names
from carepoint.spreadsheet.values import cell_text, parse_date

_DATE_LABEL = re.compile(r"(?:填报|填表|制表|报送|统计)(?:日期|时间)[:：]?")
_DATE_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?")


@dataclass
class SheetTable:
    raw: RawSheet
    table: RosterTable
    group: str  # the group the sheet's name or title row names, for rows without one

    @property
    def name(self) -> str:
        return self.raw.sheet_name

    def header_rows(self) -> list[tuple[int, list]]:
        """The rows above the data as the sheet has them: titles and the header itself."""
        return [(n, cells) for n, cells in self.raw.rows if n <= self.table.header_row]


def open_tables(path: Path, *, sheet: str | None = None, all_sheets: bool = False,
                columns: dict[str, int] | None = None,
                ) -> tuple[list[SheetTable], list[tuple[str, str]]]:
    """The tables to import and, for --all-sheets, the sheets left out with the reason."""
    if not all_sheets:
        raw = read_rows(path, sheet)
        table = locate_table(raw, columns=columns) if columns else locate_table(raw)
        return [SheetTable(raw, table, sheet_group(raw, table))], []
    tables, skipped, first_error = [], [], None
    for raw in read_all_sheets(path):
        try:
            table = locate_table(raw, columns=columns) if columns else locate_table(raw)
        except UserInputError as error:
            first_error = first_error or error
            if raw.rows:
                skipped.append((raw.sheet_name, error.message))
            continue
        tables.append(SheetTable(raw, table, sheet_group(raw, table)))
    if not tables:
        raise first_error or UserInputError(
            _("The file {file} has no sheet with a roster in it.").format(file=path.name))
    return tables, skipped


def sheets_sharing_a_header(path: Path) -> list[str]:
    """The sheets whose tables have the same columns as the first table's (for the wizard)."""
    names = sheet_names(path)
    if len(names) < 2:
        return []
    try:
        tables, _skipped = open_tables(path, all_sheets=True)
    except UserInputError:
        return []
    first = set(tables[0].table.columns)
    return [t.name for t in tables if set(t.table.columns) == first]


def sheet_group(raw: RawSheet, table: RosterTable) -> str:
    """一组 from a sheet named "1组" or a title row "一组老年人花名册"; "" when neither says."""
    for number, cells in raw.rows:
        if number >= table.header_row:
            break
        for text in filter(None, map(cell_text, cells)):
            group = group_in_title(text)
            if group:
                return group
    return group_in_title(raw.sheet_name) or ""


def roster_date(tables: list[SheetTable]) -> dt.date | None:
    """The date a 填报日期 (填表日期, 制表日期 …) cell gives, above or below the table."""
    for item in tables:
        footer = item.table.footer_row or 10**9
        for number, cells in item.raw.rows:
            if item.table.header_row < number < footer:
                continue
            found = _date_in_cells(cells)
            if found:
                return found
    return None


def _date_in_cells(cells: list) -> dt.date | None:
    for index, value in enumerate(cells):
        text = unicodedata.normalize("NFKC", cell_text(value) or "")
        label = _DATE_LABEL.search(text)
        if not label:
            continue
        rest = text[label.end():].strip()
        candidates = [rest] if rest else []
        candidates += [v for v in cells[index + 1 : index + 3] if cell_text(v)]
        for candidate in candidates:
            if isinstance(candidate, str):
                match = _DATE_TEXT.search(candidate)
                if not match:
                    continue
                candidate = match.group(0)
            try:
                return parse_date(candidate)
            except ValueError:
                continue
    return None
