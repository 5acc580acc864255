"""Read one sheet of an xlsx, xls or csv file as rows of typed cell values.

xlsx is read with python-calamine (a Rust reader, 0.3 s for 10,000 rows of 25 columns against
2.2–2.7 s for openpyxl's read-only mode here); xls with xlrd; csv with the standard library.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from carepoint.errors import UserInputError
from carepoint.i18n import _


@dataclass
class RawSheet:
    sheet_name: str
    rows: list[tuple[int, list]]  # (row number a spreadsheet program shows, values); no blank rows


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")  # stream name inside a locked Office file
_MAX_UNPACKED = 1 << 30  # a roster never unpacks to a gigabyte; a zip bomb does
# A county's roster of 300,000 people fits well inside these; a file beyond them is refused.
MAX_FILE_BYTES = 300 << 20
MAX_ROWS = 1_000_000
MAX_COLUMNS = 256  # cells beyond column IV are never part of a roster and are not read
MAX_SEPARATORS = MAX_COLUMNS * 16  # a csv line with more is no roster row (quotes allowed for)
# calamine allocates every cell of the used range (32 bytes each) before it returns anything: a
# 1.7 KB file with one cell at XFD1048576 asks for 512 GB. Wider or taller ranges than this are
# read row by row instead.
MAX_DENSE_CELLS = 20_000_000
_SPREADSHEET_TYPES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv"}
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


def sheet_names(path: str | Path) -> list[str]:
    path = Path(path)
    kind = _file_kind(path)
    if kind == "csv":
        return [path.stem]
    if kind == "xls":
        book = _open_xls(path)
        try:
            return book.sheet_names()
        finally:
            book.release_resources()
    return _xlsx_names(path)


def read_rows(path: str | Path, sheet: str | None = None) -> RawSheet:
    """The non-blank rows of one sheet (the first when none is named)."""
    path = Path(path)
    kind = _file_kind(path)
    if kind == "csv":
        _pick_sheet(path, [path.stem], sheet)
        return RawSheet(path.stem, _csv_rows(path))
    if kind == "xls":
        return _xls_sheet(path, sheet)
    return _xlsx_sheet(path, sheet)


def read_all_sheets(path: str | Path) -> list[RawSheet]:
    """Every sheet of the file, in order (a csv is one sheet)."""
    path = Path(path)
    if _file_kind(path) == "csv":
        return [read_rows(path)]
    return [read_rows(path, name) for name in _unique(sheet_names(path))]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _too_many_rows(path: Path, count: int) -> UserInputError:
    return UserInputError(_("The file {file} has {count} rows; CarePoint reads at most {limit} "
                            "rows from one file. Split it into several files (for example one "
                            "per township) and import them one by one.")
                          .format(file=path.name, count=count, limit=MAX_ROWS))


def _file_kind(path: Path) -> str:
    if not path.exists():
        raise UserInputError(_("The file {path} does not exist.").format(path=path))
    if path.is_dir():
        raise UserInputError(_("{path} is a folder, not a spreadsheet file.").format(path=path))
    kind = _SPREADSHEET_TYPES.get(path.suffix.lower())
    if kind is None:
        raise UserInputError(_("{file} is not a spreadsheet CarePoint can read: use an .xlsx, "
                               ".xls or .csv file.").format(file=path.name))
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from error
    if size > MAX_FILE_BYTES:
        raise UserInputError(_("The file {file} is {size} MB; CarePoint reads roster files of at "
                               "most {limit} MB. Split it into several files and import them one "
                               "by one.").format(file=path.name, size=size >> 20,
                                                 limit=MAX_FILE_BYTES >> 20))
    if kind == "csv":
        return kind
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise _unreadable(path, error) from error
    # Files are often renamed between .xls and .xlsx; trust the content, not the name
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if head.lstrip()[:1] == b"<":
        raise UserInputError(_("The file {file} is a web page saved with a spreadsheet name. Open "
                               "it in Excel or WPS and save it as .xlsx, then import that copy.")
                             .format(file=path.name))
    raise _damaged(path)


def _pick_sheet(path: Path, names: list[str], wanted: str | None) -> int:
    if not names:
        raise UserInputError(_("The file {file} has no worksheets.").format(file=path.name))
    if wanted is None:
        return 0
    for matches in (lambda name: name == wanted, lambda name: name.strip() == wanted.strip()):
        for index, name in enumerate(names):
            if matches(name):
                return index
    raise UserInputError(_("The file {file} has no sheet named “{sheet}”. Its sheets are: "
                           "{sheets}.").format(file=path.name, sheet=wanted,
                                               sheets="、".join(names)))


def _damaged(path: Path) -> UserInputError:
    return UserInputError(_("The file {file} is damaged or is not really a spreadsheet. Open it "
                            "in Excel or WPS, save it again as .xlsx, then import that copy.")
                          .format(file=path.name))


def _unreadable(path: Path, error: OSError) -> UserInputError:
    return UserInputError(_("The file {file} could not be read: {reason}")
                          .format(file=path.name, reason=error.strerror or error))


def _locked(path: Path) -> UserInputError:
    return UserInputError(_("The file {file} is protected by a password. Open it in Excel or WPS, "
                            "save a copy without the password, then import that copy.")
                          .format(file=path.name))


def _is_blank(values: list) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _trimmed(values: list) -> list:
    while values and values[-1] is None:
        values.pop()
    return values


# --- csv ------------------------------------------------------------------------------------------

def _csv_rows(path: Path) -> list[tuple[int, list]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    text = _decode(path, data)
    nul = text.find("\x00")
    if nul >= 0:
        raise UserInputError(_("Row {row} of {file} contains a NUL character (a byte of zero), "
                               "which a roster never holds: the file is damaged or is not a CSV. "
                               "Open it in Excel or WPS, check that row and save it again.")
                             .format(row=text.count("\n", 0, nul) + 1, file=path.name))
    delimiter = _sniff_delimiter(text)
    _refuse_wide_lines(path, text, delimiter)
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for number, record in enumerate(records, 1):
            if number > MAX_ROWS:
                raise _too_many_rows(path, text.count("\n") + 1)
            rows.append((number, [cell if cell else None for cell in record[:MAX_COLUMNS]]))
    except csv.Error as error:
        raise UserInputError(_("The file {file} could not be read as CSV: {reason}")
                             .format(file=path.name, reason=error)) from error
    return [(number, _trimmed(values)) for number, values in rows if not _is_blank(values)]


def _refuse_wide_lines(path: Path, text: str, delimiter: str) -> None:
    """A line with far more separators than a roster has columns is refused before the csv module
    builds it as one row (a 50 MB line of commas became millions of cells)."""
    start, number = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text.count(delimiter, start, end) > MAX_SEPARATORS:
            raise UserInputError(_("Row {row} of {file} has more than {limit} separators, far "
                                   "more than a roster's columns: the file is damaged or is not "
                                   "a roster. Open it in Excel or WPS, check that row and save "
                                   "it again.").format(row=number, file=path.name,
                                                       limit=MAX_SEPARATORS))  # fmt: skip
        start, number = end + 1, number + 1


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):  # WPS and older Excel save GB18030/GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserInputError(_("The file {file} is not text in UTF-8 or GB18030. Save it from Excel or "
                           "WPS as “CSV UTF-8” and import it again.").format(file=path.name))


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits most sample lines into the same number (>1) of fields."""
    lines = [line for line in text[:65536].splitlines()[:40] if line.strip()]
    best, best_score = ",", 0
    for delimiter in (",", ";", "\t"):
        widths = [len(record) for record in csv.reader(lines, delimiter=delimiter)]
        score = max((widths.count(width) * (width - 1) for width in set(widths)), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- xls ------------------------------------------------------------------------------------------

def _open_xls(path: Path):
    import xlrd

    try:
        return xlrd.open_workbook(str(path), on_demand=True)
    except OSError as error:
        raise _unreadable(path, error) from error
    except Exception as error:  # xlrd raises assorted errors (struct, index, assertion) on damage
        if "encrypted" in str(error).lower() or _ENCRYPTED_MARK in path.read_bytes():
            raise _locked(path) from error
        raise _damaged(path) from error


def _xls_sheet(path: Path, wanted: str | None) -> RawSheet:
    import xlrd

    book = _open_xls(path)
    try:
        names = book.sheet_names()
        index = _pick_sheet(path, names, wanted)
        try:
            sheet = book.sheet_by_index(index)
        except Exception as error:  # see _open_xls
            raise _damaged(path) from error
        if sheet.nrows > MAX_ROWS:
            raise _too_many_rows(path, sheet.nrows)
        rows = []
        for row_index in range(sheet.nrows):
            values = [_xls_value(kind, value, book.datemode, xlrd)
                      for kind, value in zip(sheet.row_types(row_index)[:MAX_COLUMNS],
                                             sheet.row_values(row_index)[:MAX_COLUMNS],
                                             strict=True)]
            if not _is_blank(values):
                rows.append((row_index + 1, _trimmed(values)))
        return RawSheet(names[index], rows)
    finally:
        book.release_resources()


def _xls_value(kind: int, value, datemode: int, xlrd):
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_NUMBER:
        # whole numbers become int only when exact, so a float still betrays an ID Excel rounded
        return int(value) if value.is_integer() and abs(value) <= 2**53 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    return None  # empty, blank and error cells


# --- xlsx ---------------------------------------------------------------------------------------

def _xlsx_book(path: Path):
    import zipfile

    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except OSError as error:
        raise _unreadable(path, error) from error
    except zipfile.BadZipFile as error:
        raise _damaged(path) from error
    if unpacked > _MAX_UNPACKED:
        raise UserInputError(_("The file {file} is too large to import ({size} MB unpacked).")
                             .format(file=path.name, size=unpacked >> 20))
    try:
        # from a file object calamine goes by the content, so a renamed .xls/.xlsx still reads
        with path.open("rb") as stream:
            return CalamineWorkbook.from_filelike(stream)
    except OSError as error:
        raise _unreadable(path, error) from error
    except Exception as error:  # calamine raises its own error types for every kind of damage
        raise _damaged(path) from error


def _xlsx_names(path: Path) -> list[str]:
    book = _xlsx_book(path)
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def _xlsx_sheet(path: Path, wanted: str | None) -> RawSheet:
    from carepoint.spreadsheet.xlsx_extent import used_extent

    book = _xlsx_book(path)
    try:
        names = list(book.sheet_names)
        index = _pick_sheet(path, names, wanted)
        height, width = used_extent(path, index)
        if width > MAX_COLUMNS or height * width > MAX_DENSE_CELLS:
            return _xlsx_sparse(path, index, names[index])
        try:
            cells = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
        except Exception as error:  # see _xlsx_book
            raise _damaged(path) from error
    finally:
        book.close()
    if len(cells) > MAX_ROWS:
        raise _too_many_rows(path, len(cells))
    rows = []
    for number, record in enumerate(cells, 1):
        values = [_xlsx_value(value) for value in record[:MAX_COLUMNS]]
        if not _is_blank(values):
            rows.append((number, _trimmed(values)))
    return RawSheet(names[index], rows)


def _xlsx_value(value):
    if value == "":
        return None
    if type(value) is dt.date:  # as xlrd gives them, so every format yields the same types
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        # only exact whole numbers become int, so a float still betrays an ID Excel rounded
        return int(value)
    return value


def _xlsx_sparse(path: Path, index: int, name: str) -> RawSheet:
    """Row by row through openpyxl: slow, but memory follows the cells that exist."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many error types on damage
        raise _damaged(path) from error
    try:
        sheet = book.worksheets[index]
        sheet.reset_dimensions()  # the declared range is what cannot be trusted
        rows = []
        for number, record in enumerate(sheet.iter_rows(values_only=True), 1):
            if not record:
                continue
            values = [_xlsx_value("" if value is None else value)
                      for value in record[:MAX_COLUMNS]]
            if not _is_blank(values):
                if len(rows) >= MAX_ROWS:
                    raise _too_many_rows(path, number)
                rows.append((number, _trimmed(values)))
        return RawSheet(name, rows)
    finally:
        book.close()
