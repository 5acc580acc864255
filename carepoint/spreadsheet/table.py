"""Find the register table inside a sheet: its header row(s), its columns and its data rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.spreadsheet.headers import (
    FIELDS,
    field_for_header,
    field_for_pair,
    is_footer,
    is_ignored_header,
)
from carepoint.spreadsheet.reader import RawSheet
from carepoint.spreadsheet.values import cell_text

HEADER_SEARCH_ROWS = 15
_PAGE_MARK = re.compile(r"^[第共]\s*\d+\s*页")  # "第 2 页 共 5 页" repeated on printed pages


@dataclass
class SourceRow:
    row_number: int
    values: dict[str, object]  # field → raw value; strings stripped, blanks None


@dataclass
class RosterTable:
    sheet_name: str
    header_row: int  # the last header row when the header spans two rows
    columns: dict[str, int]  # field → 0-based column index
    unknown_headers: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    footer_row: int | None = None
    labels: dict[int, str] = field(default_factory=dict)  # column → header text as shown

    def header_of(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        return self.labels.get(index, "") if index is not None else ""


@dataclass
class _HeaderMatch:
    columns: dict[str, int]
    labels: dict[int, str]  # column → header text as the sheet shows it
    unknown: list[str]
    duplicates: list[str]
    texts: frozenset[str] = frozenset()  # every header cell's text, to spot repeated headers

    @property
    def usable(self) -> bool:
        return len(self.columns) >= 2 and ("name" in self.columns or "id_number" in self.columns)


def map_headers(header_cells: list, sub_header_cells: list | None = None) -> dict[str, int]:
    """Field → column for a header row (and the row of sub-headers under merged cells)."""
    return _match_headers(header_cells, sub_header_cells).columns


def locate_table(raw: RawSheet, columns: dict[str, int] | None = None,
                 header_row: int | None = None) -> RosterTable:
    """The table in a sheet. The wizard may pass the user's own `columns` and, for a header no one
    could recognise, its `header_row` (0: the data starts on row 1)."""
    if header_row is None:
        match, header_row = _find_header(raw)
        if match is None:
            raise UserInputError(
                _("No header row found in sheet “{sheet}”: CarePoint looks in the first {count} "
                  "rows for column titles such as {expected}.")
                .format(sheet=raw.sheet_name, count=HEADER_SEARCH_ROWS,
                        expected="姓名、身份证号码、性别、出生日期"))
    else:
        match = _match_ending_at(raw, header_row)
    if columns is not None:
        strangers = sorted(set(columns) - set(FIELDS))
        if strangers:
            raise ValueError(f"not register fields: {strangers}")
        used = set(columns.values())
        unknown = [label for column, label in sorted(match.labels.items())
                   if column not in used and not is_ignored_header(label)]
        match = _HeaderMatch(dict(columns), match.labels, unknown, [], match.texts)
    table = RosterTable(raw.sheet_name, header_row, match.columns, match.unknown,
                        match.duplicates, labels=dict(match.labels))
    _collect_rows(table, raw, match.texts)
    return table


def _match_ending_at(raw: RawSheet, header_row: int) -> _HeaderMatch:
    cells = {number: values for number, values in raw.rows}
    single = _match_headers(cells.get(header_row, []))
    if header_row - 1 in cells:
        double = _match_headers(cells[header_row - 1], cells[header_row])
        if len(double.columns) > len(single.columns):
            return double
    return single


def _find_header(raw: RawSheet) -> tuple[_HeaderMatch | None, int]:
    """The best header among the first rows: the one naming the most fields."""
    singles = [_match_headers(cells) for _number, cells in raw.rows[:HEADER_SEARCH_ROWS + 1]]
    best, best_row, best_score = None, 0, 1
    for index, (row_number, cells) in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        options = [(singles[index], row_number)]
        if index + 1 < len(singles) and raw.rows[index + 1][0] == row_number + 1:
            following_number, following = raw.rows[index + 1]
            double = _match_headers(cells, following)
            # a parent row counts only when it adds to what its sub-headers name alone
            if len(double.columns) > len(singles[index + 1].columns):
                options.append((double, following_number))
        for match, last_row in options:
            if match.usable and len(match.columns) > best_score:
                best, best_row, best_score = match, last_row, len(match.columns)
    return best, best_row


def _match_headers(cells: list, sub_cells: list | None = None) -> _HeaderMatch:
    texts = {text for text in map(cell_text, [*cells, *(sub_cells or ())]) if text is not None}
    match = _HeaderMatch({}, {}, [], [], frozenset(texts))
    width = max(len(cells), len(sub_cells or ()))
    parent, parent_here = None, False
    for column in range(width):
        top = cell_text(cells[column]) if column < len(cells) else None
        if sub_cells is None:
            if top is None:
                continue
            label, found = top, field_for_header(top)
        else:
            # A merged parent keeps its text in its first cell only: carry it to the right
            parent, parent_here = (top, True) if top is not None else (parent, False)
            child = cell_text(sub_cells[column]) if column < len(sub_cells) else None
            if child is not None and parent is not None:
                label, found = f"{parent}·{child}", field_for_pair(parent, child)
            elif child is not None:
                label, found = child, field_for_header(child)
            elif parent_here:
                label, found = parent, field_for_header(parent)
            else:
                continue
        match.labels[column] = label
        if found is None:
            if not (is_ignored_header(label) or sub_cells is not None
                    and is_ignored_header(label.rpartition("·")[2])):
                match.unknown.append(label)
        elif found in match.columns:
            match.duplicates.append(label)  # the first column with a field wins
        else:
            match.columns[found] = column
    return match


def _collect_rows(table: RosterTable, raw: RawSheet, header_texts: frozenset[str]) -> None:
    items = list(table.columns.items())
    for row_number, cells in raw.rows:
        if row_number <= table.header_row:
            continue
        cleaned = [_clean(cell) for cell in cells]  # each cell read once
        texts = [text for text in (c if type(c) is str else cell_text(c) for c in cleaned)
                 if text is not None]
        if not texts:
            continue
        if is_footer(texts):
            table.footer_row = row_number
            return
        if (_PAGE_MARK.match(texts[0]) or _repeats_header(texts, header_texts)
                or _numbers_columns(texts)):
            continue
        width = len(cleaned)
        values = {name: cleaned[column] if column < width else None for name, column in items}
        if any(value is not None for value in values.values()):  # a lone serial number is blank
            table.rows.append(SourceRow(row_number, values))


def _repeats_header(texts: list[str], header_texts: frozenset[str]) -> bool:
    # Sheets printed page by page repeat the header (and its sub-headers) further down
    repeated = sum(1 for text in texts if text in header_texts)
    return repeated >= 2 and repeated * 2 >= len(texts)


def _numbers_columns(texts: list[str]) -> bool:
    # Printed forms often number their columns (1 2 3 …) in the row under the header
    return len(texts) >= 3 and texts == [str(number) for number in range(1, len(texts) + 1)]


def _clean(value: object) -> object:
    if value is None or not isinstance(value, str):
        return value
    text = cell_text(value)
    # '4102… is how WPS users force text (and how an export guards a cell from formulas)
    if text and text[0] in "'‘`":
        text = cell_text(text[1:])
    return text
