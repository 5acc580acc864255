"""Read one sheet of an xlsx, xls or csv file as rows of typed cell values.

xlsx is parsed here with the standard library: openpyxl's read-only mode took 2.7–3.1 s for 10,000
rows of 25 columns written by openpyxl itself (it rescans sheets that lack a <dimension> and parses
inline strings slowly), against a 2 s budget; this parser takes 0.7–1.0 s.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError, fromstring, iterparse

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
    with _open_xlsx(path) as archive:
        return [name for name, _member in _xlsx_guarded(path, _Xlsx, archive).sheets]


def read_rows(path: str | Path, sheet: str | None = None) -> RawSheet:
    """The non-blank rows of one sheet (the first when none is named)."""
    path = Path(path)
    kind = _file_kind(path)
    if kind == "csv":
        _pick_sheet(path, [path.stem], sheet)
        return RawSheet(path.stem, _csv_rows(path))
    if kind == "xls":
        return _xls_sheet(path, sheet)
    with _open_xlsx(path) as archive:
        book = _xlsx_guarded(path, _Xlsx, archive)
        index = _pick_sheet(path, [name for name, _member in book.sheets], sheet)
        name, member = book.sheets[index]
        return RawSheet(name, _xlsx_guarded(path, book.rows, member))


def _file_kind(path: Path) -> str:
    if not path.exists():
        raise UserInputError(_("The file {path} does not exist.").format(path=path))
    if path.is_dir():
        raise UserInputError(_("{path} is a folder, not a spreadsheet file.").format(path=path))
    kind = _SPREADSHEET_TYPES.get(path.suffix.lower())
    if kind is None:
        raise UserInputError(_("{file} is not a spreadsheet CarePoint can read: use an .xlsx, "
                               ".xls or .csv file.").format(file=path.name))
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
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
        rows = [(number, [cell if cell else None for cell in record])
                for number, record in enumerate(records, 1)]
    except csv.Error as error:
        raise UserInputError(_("The file {file} could not be read as CSV: {reason}")
                             .format(file=path.name, reason=error)) from error
    return [(number, _trimmed(values)) for number, values in rows if not _is_blank(values)]


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return data.decode("utf-16")
    if b"\x00" not in data[:4096]:
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
        rows = []
        for row_index in range(sheet.nrows):
            values = [_xls_value(kind, value, book.datemode, xlrd)
                      for kind, value in zip(sheet.row_types(row_index),
                                             sheet.row_values(row_index), strict=True)]
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


# --- xlsx -----------------------------------------------------------------------------------------

def _open_xlsx(path: Path):
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except OSError as error:
        raise _unreadable(path, error) from error
    except zipfile.BadZipFile as error:
        raise _damaged(path) from error
    unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > _MAX_UNPACKED:
        archive.close()
        raise UserInputError(_("The file {file} is too large to import ({size} MB unpacked).")
                             .format(file=path.name, size=unpacked >> 20))
    return archive


def _xlsx_guarded(path: Path, action, *args):
    import zipfile
    import zlib

    try:
        return action(*args)
    except OSError as error:
        raise _unreadable(path, error) from error
    except (KeyError, IndexError, ValueError, ParseError, EOFError, zipfile.BadZipFile,
            zlib.error) as error:
        raise _damaged(path) from error


def _relations(archive, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part path) for one package part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for rel in fromstring(archive.read(rels)):
        target = rel.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id")] = (rel.get("Type", "").rpartition("/")[2], posixpath.normpath(path))
    return found


class _Xlsx:
    """The parts of a workbook needed to read cell values, with the namespace its XML uses."""

    def __init__(self, archive):
        self.archive = archive
        workbook = next((target for kind, target in _relations(archive, "").values()
                         if kind == "officeDocument"), "xl/workbook.xml")
        root = fromstring(archive.read(workbook))
        ns = self.ns = root.tag[: root.tag.find("}") + 1]  # transitional and strict files differ
        relations = _relations(archive, workbook)
        self.parts = {kind: target for kind, target in relations.values()}
        self.sheets = []
        for sheet in root.iter(ns + "sheet"):
            rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            kind, target = relations.get(rel_id, ("", ""))
            if kind == "worksheet":  # chart sheets have no cells
                self.sheets.append((sheet.get("name", ""), target))
        properties = root.find(ns + "workbookPr")
        flag = "0" if properties is None else properties.get("date1904", "0")
        self.epoch_1904 = flag.lower() in ("1", "true")

    def rows(self, member: str) -> list[tuple[int, list]]:
        ns, text_of = self.ns, self._text_of
        row_tag, value_tag, inline_tag = ns + "row", ns + "v", ns + "is"
        strings, date_styles = self._shared_strings(), self._date_styles()
        rows: list[tuple[int, list]] = []
        columns: dict[str, int] = {}
        row_number = 0
        with self.archive.open(member) as stream:
            for _event, row in iterparse(stream):
                if row.tag != row_tag:
                    continue
                row_number = int(row.get("r") or row_number + 1)
                values: list = []
                for cell in row:
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters)
                        if column is None:
                            column = columns[letters] = _column_index(letters)
                        values.extend([None] * (column - len(values)))
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        inline = cell.find(inline_tag)
                        values.append(None if inline is None else text_of(inline))
                        continue
                    text = cell.findtext(value_tag)
                    if text is None or kind == "e":  # empty, or an error such as #N/A
                        values.append(None)
                    elif kind == "s":
                        values.append(strings[int(text)])
                    elif kind == "n":
                        number = _number(text)
                        if date_styles and int(cell.get("s", 0)) in date_styles:
                            number = _excel_datetime(number, self.epoch_1904)
                        values.append(number)
                    elif kind == "b":
                        values.append(text == "1")
                    elif kind == "d":
                        values.append(dt.datetime.fromisoformat(text))
                    else:  # "str": the cached result of a text formula
                        values.append(_unescape(text))
                row.clear()
                if not _is_blank(values):
                    rows.append((row_number, _trimmed(values)))
        return rows

    def _text_of(self, element) -> str:
        # one <t>, or <r><t> runs of rich text; <rPh> phonetic guides are left out
        t_tag, run_tag = self.ns + "t", self.ns + "r"
        if len(element) == 1 and element[0].tag == t_tag:
            return _unescape(element[0].text or "")
        parts = []
        for child in element:
            if child.tag == t_tag:
                parts.append(child.text or "")
            elif child.tag == run_tag:
                parts.extend(t.text or "" for t in child.iter(t_tag))
        return _unescape("".join(parts))

    def _shared_strings(self) -> list[str]:
        part = self.parts.get("sharedStrings")
        if part not in self.archive.NameToInfo:
            return []
        strings, item_tag = [], self.ns + "si"
        with self.archive.open(part) as stream:
            for _event, element in iterparse(stream):
                if element.tag == item_tag:
                    strings.append(self._text_of(element))
                    element.clear()
        return strings

    def _date_styles(self) -> frozenset[int]:
        part = self.parts.get("styles")
        if part not in self.archive.NameToInfo:
            return frozenset()
        root = fromstring(self.archive.read(part))
        codes = {int(e.get("numFmtId", -1)): e.get("formatCode", "")
                 for e in root.iter(self.ns + "numFmt")}
        formats = root.find(self.ns + "cellXfs")
        return frozenset(index for index, xf in enumerate([] if formats is None else formats)
                         if _is_date_format(int(xf.get("numFmtId", 0)), codes))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _excel_datetime(serial: float, epoch_1904: bool) -> dt.datetime | float:
    # Excel counts 1900-02-29, which never was: serials before it are one day early
    start = (dt.datetime(1904, 1, 1) if epoch_1904 else
             dt.datetime(1899, 12, 31) if serial < 60 else dt.datetime(1899, 12, 30))
    try:
        return start + dt.timedelta(days=serial)
    except OverflowError:
        return serial


def _unescape(text: str) -> str:
    # Excel stores control characters as _xHHHH_
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _is_date_format(format_id: int, codes: dict[int, str]) -> bool:
    code = codes.get(format_id)
    if code is None:
        return format_id in _DATE_FORMAT_IDS
    return re.search(r"[ymdhs]", _NOT_DATE_PARTS.sub("", code), re.IGNORECASE) is not None
