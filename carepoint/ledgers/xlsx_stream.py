"""A plain .xlsx written as a stream: one sheet of text cells, nothing else.

Why not openpyxl: its write-only mode took 67 s for a county's insured list (283,066 rows × 10
columns) where the insurer's file is wanted in well under 10 s. Every cell here is an inline
string (so ID numbers stay text, as in the other exports); the file is checked by reading it
back with openpyxl in the tests, and WPS and Excel open it as they open any workbook.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from xml.sax.saxutils import escape

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0 at all
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


# A batch of rows is escaped as one text, rows and cells marked by characters illegal in XML (so
# never part of a written value) and not white space to str.strip(): \x02 N \x03 cell \x01 cell …
_CELL, _ROW, _FIRST = "\x01", "\x02", "\x03"
_ANY_ODD = re.compile(r"[\x00\x04-\x08\x0b\x0c\x0e-\x1f\s]")  # rare: then look closer
_ILLEGAL_LEFT = re.compile(r"[\x00\x04-\x08\x0b\x0c\x0e-\x1f]")
_LEADING = re.compile(r"[\x01\x03]\s")
_TRAILING_REVERSED = re.compile(r"[\x01\x02]\s")  # searched in the reversed text: fast
_OPEN, _CLOSE = '<c t="inlineStr"><is><t>', "</t></is></c>"
_BATCH = 2000


def _rows(first: int, rows: list[list[str]]) -> str:
    """`rows` as sheet XML numbered from `first`: what _cell writes cell by cell, made with a few
    calls a batch (a county's insured list is 2.8 million cells; calls per cell took most of the
    time). A batch with a stray control or a value with white space at either end, which only
    _cell handles, goes cell by cell."""
    blob = "".join(f"{_ROW}{n}{_FIRST}{_CELL.join(cells)}" for n, cells in enumerate(rows, first))
    if not all(rows) or not _plain(blob, len(rows), sum(map(len, rows))):
        return "".join(
            f'<row r="{n}">{"".join(map(_cell, row))}</row>' for n, row in enumerate(rows, first)
        )
    xml = (
        escape(blob)
        .replace(_CELL, _CLOSE + _OPEN)
        .replace(_FIRST, '">' + _OPEN)
        .replace(_ROW, _CLOSE + '</row><row r="')
    )
    xml = xml[len(_CLOSE + "</row>") :] + _CLOSE + "</row>"
    return xml.replace(_OPEN + _CLOSE, "<c/>")


def _plain(blob: str, rows: int, cells: int) -> bool:
    if (blob.count(_ROW), blob.count(_FIRST), blob.count(_CELL)) != (rows, rows, cells - rows):
        return False  # a marker inside a value
    if not _ANY_ODD.search(blob):
        return True
    return not (
        _ILLEGAL_LEFT.search(blob)
        or _LEADING.search(blob)
        or _TRAILING_REVERSED.search(blob[::-1])
        or blob[-1:].isspace()
    )


def _cell(value: str) -> str:
    text = escape(_ILLEGAL.sub("", value))
    if not text:
        return "<c/>"  # an empty cell, as the insurer's template leaves it
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c t="inlineStr"><is><t{space}>{text}</t></is></c>'


def write_xlsx(path: Path, sheet: str, headers: list[str], rows: Iterable[list[str]]) -> None:
    """Write `headers` and `rows` (all text) as the one sheet of a new workbook at `path`."""
    widths = [max(8, min(40, 2 * len(h) + 2)) for h in headers]
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><sheets><sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _PARTS.items():
            book.writestr(name, text)
        book.writestr("xl/workbook.xml", workbook)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
                f'xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
                f'topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>'
                f"</sheetViews><cols>{cols}</cols><sheetData>".encode()
            )
            part.write(_rows(1, [headers]).encode())
            rows, number = iter(rows), 2
            while batch := list(islice(rows, _BATCH)):
                part.write(_rows(number, batch).encode())
                number += len(batch)
            part.write(b"</sheetData></worksheet>")
