"""Spreadsheets in and out: read a sheet, find the register table in it, write a table."""

from carepoint.spreadsheet.reader import RawSheet, read_rows, sheet_names
from carepoint.spreadsheet.table import RosterTable, SourceRow, locate_table, map_headers
from carepoint.spreadsheet.writer import write_table

__all__ = [
    "RawSheet",
    "RosterTable",
    "SourceRow",
    "locate_table",
    "map_headers",
    "read_rows",
    "sheet_names",
    "write_table",
]
