"""Write a table as .xlsx (openpyxl, write-only) or .csv. A failed write leaves no half file and
keeps any old one."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from itertools import chain, islice
from pathlib import Path

from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.spreadsheet.values import cell_text

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE_ROWS = 100


def write_table(path: str | Path, headers: list[str], rows: Iterable[list],
                sheet_title: str = "花名册") -> None:
    """Every value is written as text, so ID and account numbers stay exactly as they are."""
    path = Path(path)
    writers = {".xlsx": _write_xlsx, ".csv": _write_csv}
    write = writers.get(path.suffix.lower())
    if write is None:
        raise UserInputError(_("CarePoint can save the table as .xlsx or .csv, not as {file}.")
                             .format(file=path.name))
    folder = path.parent
    if not folder.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder))
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=folder)
        os.close(handle)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        write(temp, headers, rows, sheet_title)
        os.replace(temp, path)
    except OSError as error:
        raise _write_error(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)  # only still there when something failed


def _write_error(path: Path, error: OSError) -> UserInputError:
    from carepoint.safety.files import storage_error

    if isinstance(error, PermissionError):  # most often: the file is open in Excel or WPS
        return UserInputError(
            _("CarePoint may not write {file}. If it is open in Excel or WPS, close it and "
              "try again; otherwise choose another folder.").format(file=path)
        )
    return storage_error(path, error)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return cell_text(value)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str | None) -> str | None:
    """A cell Excel or WPS would run as a formula gets a leading ' (OWASP, CSV injection)."""
    if text and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _write_csv(temp: str, headers: list[str], rows: Iterable[list], _sheet_title: str) -> None:
    # Built in memory and written in one call: on a USB stick or a network share every small
    # write costs a round trip. The BOM makes Excel on Chinese Windows read UTF-8, not GBK.
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([guard_formula(_text(value)) for value in headers])
    writer.writerows([guard_formula(_text(value)) for value in row] for row in rows)
    data = text.getvalue().encode("utf-8-sig")
    del text
    with open(temp, "wb", buffering=0) as stream:
        view = memoryview(data)
        while view:  # an unbuffered write may take less than all of it
            view = view[stream.write(view) :]


def _write_xlsx(temp: str, headers: list[str], rows: Iterable[list], sheet_title: str) -> None:
    from openpyxl import Workbook

    rows = iter(rows)
    sample = list(islice(rows, _WIDTH_SAMPLE_ROWS))
    book = Workbook(write_only=True)
    with _discarded_on_failure(book):
        _fill_xlsx(book, headers, sample, rows, sheet_title)
        book.save(temp)


def _fill_xlsx(book, headers: list[str], sample: list, rows, sheet_title: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(_safe_sheet_title(sheet_title))
    for index, width in enumerate(_column_widths(headers, sample), 1):
        # "@": the whole column is text, so ID numbers typed in later stay text too
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width, dimension.number_format = width, "@"
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_clean(_text(header)))
        cell.data_type = "s"
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in chain(sample, rows):
        sheet.append([_as_text_cell(sheet, _clean(_text(value))) for value in row])


@contextlib.contextmanager
def _discarded_on_failure(book):
    """A write-only workbook given up halfway (a full disk, a failed row): openpyxl writes each
    sheet's rows to a temporary file of its own (names, ID and account numbers) and removes it
    only when it saves or when the process ends; here the sheets are closed and those files
    removed at once, so the app, open all day, leaves no personal data in the temporary folder."""
    try:
        yield
    except BaseException:
        for sheet in book.worksheets:
            writer = getattr(sheet, "_writer", None)
            if writer is None:
                continue
            with contextlib.suppress(Exception):
                if getattr(sheet, "_rows", None) is not None:
                    sheet._rows.close()
                writer.close()
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
        raise


def _as_text_cell(sheet, text: str | None):
    # openpyxl stores a string starting with "=" as a formula: keep it text (and harmless)
    if text and text[0] == "=":
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    if _ILLEGAL_XML.search(text):
        text = _ILLEGAL_XML.sub("", text)
    return text[:_MAX_CELL_TEXT]


def _safe_sheet_title(title: str) -> str:
    return _NOT_IN_SHEET_TITLE.sub("", title).strip("'")[:31] or "Sheet1"


def _column_widths(headers: list[str], sample: list[list]) -> list[int]:
    widths = [_display_width(str(header)) for header in headers]
    for row in sample:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _display_width(_text(value) or ""))
    return [min(max(width + 2, 8), 50) for width in widths]


def _display_width(text: str) -> int:
    # CJK characters take two columns in Excel's width unit
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


_MAX_CELL_TEXT = 32767


def write_sheets(path: str | Path, sheets: list[tuple[str, list[list]]]) -> None:
    """Several sheets of rows as they were read (text stays text, numbers and dates keep their
    type), for handing rows back to the person who wrote them; .xlsx only."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserInputError(_("The list of problems is saved as .xlsx, not as {file}.")
                             .format(file=path.name))
    if not path.parent.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        _write_raw_xlsx(temp, sheets)
        os.replace(temp, path)
    except OSError as error:
        raise _write_error(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write_raw_xlsx(temp: str, sheets: list[tuple[str, list[list]]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    with _discarded_on_failure(book):
        _fill_raw_xlsx(book, sheets)
        book.save(temp)


def _fill_raw_xlsx(book, sheets: list[tuple[str, list[list]]]) -> None:
    from openpyxl.cell import WriteOnlyCell

    used: set[str] = set()
    for title, rows in sheets:
        name = _safe_sheet_title(title)
        while name in used:
            name = _safe_sheet_title(f"{name[:28]}_{len(used)}")
        used.add(name)
        sheet = book.create_sheet(name)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=_clean(value))
                    cell.data_type = "s"  # an ID typed as text stays text; "=…" stays harmless
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    if not used:
        book.create_sheet("Sheet1")
