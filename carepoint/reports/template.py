"""The page every printed form shares: A4, the shipped CJK font embedded, a header with the care
point, township and month, 第 x 页 共 y 页, table headers repeated on each page, wrapped cells,
and the preparer / reviewer / date / stamp block at the end.

Rows are drawn straight onto the canvas, page by page: ReportLab's platypus Table splits long
tables in more than linear time (15 s against 3.4 s for 10,000 rows; design.md, pitfalls).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from carepoint.assets import cjk_font_path
from carepoint.i18n import _
from carepoint.reports import ReportCancelled

# Compressed streams are stored as binary, not again as ASCII85 text: a tenth smaller and less
# to encode; readers and QtPdf (the preview, and printing from it) read both alike.
rl_config.useA85 = 0

FONT = "CarePointCJK"
MARGIN = 12 * mm
BODY_SIZE = 9
LEADING = 11.5
PADDING = 2.5


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        # TTFont embeds only the glyphs used (a subset), so a form stays small
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
    return FONT


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    align: str = "left"  # left / center / right


@dataclass(frozen=True)
class FormHeader:
    title: str  # e.g. 桃园村互助幸福院 2026年11月 老年人花名册
    facts: Sequence[str]  # the line under the title: care point, township, county, month
    watermark: str = ""  # across every page, e.g. 草稿（未审批） on a month not yet approved


class _NumberedCanvas(Canvas):
    """Each page says how many pages there are without being kept until the end: its footer is
    a form XObject, referenced as the page is finished and filled in by `save` once the total is
    known (a few bytes per page; keeping every page's state doubled the memory of a long form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_count = 0

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._page_count += 1
        self.doForm(_footer_name(self._page_count))
        super().showPage()

    def save(self):
        total = self._page_count
        width = self._pagesize[0]
        for number in range(1, total + 1):
            self.beginForm(_footer_name(number))
            self.setFillGray(0)
            self.setFont(FONT, 8)
            self.drawCentredString(
                width / 2, MARGIN / 2, _("Page {page} of {pages}").format(page=number, pages=total)
            )
            self.endForm()
        super().save()


def _footer_name(number: int) -> str:
    return f"CarePointPage{number}"


_CHAR_WIDTHS: dict[tuple[str, float], float] = {}


def _char_width(char: str, size: float) -> float:
    width = _CHAR_WIDTHS.get((char, size))
    if width is None:
        width = _CHAR_WIDTHS[(char, size)] = pdfmetrics.stringWidth(char, FONT, size)
    return width


_CLOSING = frozenset("）)，,、；;：:。.！!？?」』》”’")  # never the first thing on a line
_OPENING = frozenset("（(「『《“‘")  # never the last thing on a line
_UNITS = re.compile(r"[!-~]+| +|.")  # an ASCII word or number, a run of spaces, any other char


def _units(paragraph: str) -> list[str]:
    """The pieces a line may break between: an English word or a number stays whole, Chinese
    breaks at any character, punctuation stays with the character it belongs to."""
    units: list[str] = []
    opening = ""
    for unit in _UNITS.findall(paragraph):
        if unit in _OPENING:
            opening += unit
        elif unit in _CLOSING and units and not units[-1].isspace():
            units[-1] += unit
        else:
            units.append(opening + unit)
            opening = ""
    if opening:
        units.append(opening)
    return units


def wrap(text: str, width: float, size: float = BODY_SIZE) -> list[str]:
    """Break text to fit `width` points. Chinese has no spaces, so any character may break, but
    an English word or a number (a phone, an ID number) moves whole to the next line; only one
    longer than the whole line is broken."""
    text = str(text)
    # Most cells fit on one line: one measurement of the whole text (in C with rl-accel) says
    # so, and the result is what breaking it into pieces would give.
    if "\n" not in text and text == text.strip() and (
        pdfmetrics.stringWidth(text, FONT, size) < width - 0.01
    ):
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for unit in _units(paragraph):
            unit_width = sum(_char_width(c, size) for c in unit)
            if unit.isspace():
                if line:
                    line, line_width = line + unit, line_width + unit_width
                continue
            if line and line_width + unit_width > width:
                lines.append(line.rstrip())
                line, line_width = "", 0.0
            if unit_width <= width:
                line, line_width = line + unit, line_width + unit_width
                continue
            for char in unit:  # longer than a whole line: break it where it must
                char_width = _char_width(char, size)
                if line and line_width + char_width > width:
                    lines.append(line.rstrip())
                    line, line_width = "", 0.0
                line, line_width = line + char, line_width + char_width
        lines.append(line.rstrip())
    return lines or [""]


_Lines = tuple[tuple[str, str], ...]  # (where the line starts, its text operators) per line


class _CellText:
    """Table cells as the PDF operators `drawString`, `drawCentredString` and `drawRightString`
    write (one text object per line of a cell, so a reader still takes the cells apart), made
    once per distinct text in a column. ReportLab builds a text object and encodes the string
    for each call, which made a roster 1.5–1.7× the raw canvas; a column's values repeat
    (gender, age, group, categories), and the rest is cut to one dictionary look-up."""

    KEPT = 20_000  # distinct texts remembered at most; ID numbers and phones never repeat

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.font = pdfmetrics.getFont(FONT)
        self.places: dict[tuple[float, float, str], dict[str, _Lines]] = {}
        self.boxes: dict[tuple[float, float], tuple[str, str]] = {}
        self.kept = 0
        # what a fresh text object says before the first string: font size and leading
        self.size = f"{fp_str(BODY_SIZE)} Tf {fp_str(BODY_SIZE * 1.2)} TL"

    def box(self, x: float, width: float) -> tuple[str, str]:
        found = self.boxes.get((x, width))
        if found is None:
            found = self.boxes[(x, width)] = (fp_str(x), fp_str(width))
        return found

    def cell(self, value: object, x: float, width: float, align: str) -> _Lines:
        """(start, operators) per line of the cell's wrapped text."""
        text = value if isinstance(value, str) else str(value)
        known = self.places.get((x, width, align))
        if known is None:
            known = self.places[(x, width, align)] = {}
        found = known.get(text)
        if found is None:
            if self.kept >= self.KEPT:
                for place in self.places.values():
                    place.clear()
                self.kept = 0
            found = known[text] = self._lay(text, x, width, align)
            self.kept += 1
        return found

    def _lay(self, text: str, x: float, width: float, align: str) -> _Lines:
        font, doc, escape = self.font, self.canvas._doc, self.canvas._escape
        laid = []
        for line in wrap(text, width - 2 * PADDING):
            if align == "center":
                start = x + width / 2 - 0.5 * pdfmetrics.stringWidth(line, FONT, BODY_SIZE)
            elif align == "right":
                start = x + width - PADDING - pdfmetrics.stringWidth(line, FONT, BODY_SIZE)
            else:
                start = x + PADDING
            shown = []
            for subset, chunk in font.splitString(line, doc):
                shown.append(f"{font.getSubsetInternalName(subset, doc)} {self.size}")
                shown.append(f"({escape(chunk)}) Tj")
            laid.append((fp_str(start), " ".join(shown)))
        return tuple(laid)


class FormWriter:
    """Draws one form top to bottom: tables (`table`, `rows`, `total_row`), `heading`, `note`,
    `drawing` (a chart), then `finish` with the signature block. A table's column titles are
    drawn again at the top of every page it runs onto."""

    def __init__(
        self,
        path: Path,
        header: FormHeader,
        columns: Sequence[Column] = (),
        *,
        wide: bool = False,
        signatures: bool = True,
    ):
        register_font()
        self.path = Path(path)
        # Written under a temporary name and renamed at the end: a full disk or a cancelled form
        # never leaves half a PDF where the finished one should be.
        self.partial = self.path.with_name(f".{self.path.name}.part")
        self.size = landscape(A4) if wide else A4
        self.canvas = _NumberedCanvas(
            str(self.partial), pagesize=self.size, pageCompression=1, initialFontName=FONT
        )
        self.canvas.setTitle(header.title)
        self.canvas.setAuthor("CarePoint")
        self._text = _CellText(self.canvas)
        self.header = header
        self.signatures = signatures
        self.columns: Sequence[Column] = ()
        self.widths: list[float] = []
        self._columns: Sequence[Column] = ()
        self.y = 0.0
        self._new_page(first=True)
        if columns:
            self.table(columns)

    @property
    def left(self) -> float:
        return MARGIN

    @property
    def right(self) -> float:
        return self.size[0] - MARGIN

    @property
    def bottom(self) -> float:
        return MARGIN + 10

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self.canvas.showPage()
        if self.header.watermark:
            self._watermark(self.header.watermark)
        top = self.size[1] - MARGIN
        self.canvas.setFont(FONT, 15)
        for index, line in enumerate(wrap(self.header.title, self.right - self.left, 15)):
            self.canvas.drawCentredString(self.size[0] / 2, top - 12 - index * 18, line)
            self.y = top - 12 - index * 18
        self.canvas.setFont(FONT, 9)
        facts = "    ".join(self.header.facts)
        for line in wrap(facts, self.right - self.left, 9):
            self.y -= 16
            self.canvas.drawString(self.left, self.y, line)
        self.y -= 8
        if self.columns:
            self._row([c.title for c in self.columns], header=True)

    def _watermark(self, text: str) -> None:
        # drawn first and pale, so the rows stay readable over it; a draft can't pass for the
        # approved form even when one page is copied alone
        canvas = self.canvas
        canvas.saveState()
        canvas.setFillColorRGB(0.8, 0.8, 0.8)
        canvas.setFont(FONT, 60)
        canvas.translate(self.size[0] / 2, self.size[1] / 2)
        canvas.rotate(28)
        canvas.drawCentredString(0, -20, text)
        canvas.restoreState()

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` points are left on this one."""
        if self.y - height < self.bottom:
            self._new_page()

    def table(self, columns: Sequence[Column], *, titles: bool = True) -> None:
        """Start a table; its widths are scaled to fill the page between the margins."""
        scale = (self.right - self.left) / (sum(c.width_mm for c in columns) * mm)
        self.widths = [c.width_mm * mm * scale for c in columns]
        self.columns = columns if titles else ()
        self._columns = columns
        if titles:
            self.ensure(3 * LEADING + 4 * PADDING)
            self._row([c.title for c in columns], header=True)

    def _end_table(self) -> None:
        self.columns = ()

    def _cells(self, cells: Sequence[object], merge: bool) -> list[tuple[Column, float, object]]:
        """(column, width, value) per cell; with `merge`, a None joins the cell on its left."""
        found: list[tuple[Column, float, object]] = []
        for column, width, value in zip(self._columns, self.widths, cells, strict=True):
            if merge and value is None and found:
                left = found[-1]
                found[-1] = (left[0], left[1] + width, left[2])
            else:
                found.append((column, width, "" if value is None else value))
        return found

    def _row(
        self,
        cells: Sequence[object],
        header: bool = False,
        min_lines: int = 1,
        shade: bool = False,
        merge: bool = False,
    ) -> None:
        laid = self._cells(cells, merge)
        text, x = self._text, self.left
        placed, boxes = [], []
        for column, width, value in laid:
            placed.append(text.cell(value, x, width, "center" if header else column.align))
            boxes.append(text.box(x, width))
            x += width
        height = max(min_lines, *(len(lines) for lines in placed)) * LEADING + 2 * PADDING
        if self.y - height < self.bottom and not header:
            self._new_page()
        canvas = self.canvas
        if header or shade:
            canvas.setFillGray(0.9 if header else 0.95)
            canvas.rect(self.left, self.y - height, self.right - self.left, height, 0, 1)
            canvas.setFillGray(0)
        canvas.setFont(FONT, BODY_SIZE)
        top, bottom = self.y, fp_str(self.y - height)
        tall = fp_str(height)
        baselines = [fp_str(top - PADDING - (index + 1) * LEADING + 3)
                     for index in range(max(len(lines) for lines in placed))]  # fmt: skip
        code = []
        for (left, width), lines in zip(boxes, placed, strict=True):
            code.append(f"n {left} {bottom} {width} {tall} re S")
            for baseline, (start, shown) in zip(baselines, lines, strict=False):
                code.append(f"BT 1 0 0 1 {start} {baseline} Tm {shown} T* ET")
        canvas.addLiteral("\n".join(code))
        self.y -= height

    def rows(
        self,
        rows: Sequence[Sequence[object]],
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        min_lines: int = 1,
    ) -> None:
        """Table rows; `min_lines` leaves room to write by hand (a signature, a thumbprint)."""
        for index, cells in enumerate(rows):
            if index % 200 == 0:
                if cancelled and cancelled():
                    raise ReportCancelled()
                if progress:
                    progress(index, len(rows))
            self._row(cells, min_lines=min_lines)

    def total_row(self, cells: Sequence[object]) -> None:
        """A shaded row; a None cell widens the cell on its left (a label across columns)."""
        self._row(cells, shade=True, merge=True)

    def heading(self, text: str, size: float = 11) -> None:
        """A section title; kept on the same page as at least a few lines of what follows."""
        self._end_table()
        self.ensure(size + 8 + 4 * LEADING)
        self.y -= size + 8
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(self.left, self.y, text)
        self.y -= 4

    def note(self, text: str, size: float = 9) -> None:
        self._end_table()
        lines = wrap(text, self.right - self.left, size)
        self.ensure(len(lines) * (size + 3) + 6)
        self.canvas.setFont(FONT, size)
        self.y -= 6
        for line in lines:
            self.y -= size + 3
            self.canvas.drawString(self.left, self.y, line)
        self.y -= 5  # clear of the descenders before a table follows

    def drawings(self, drawings: Sequence[object], gap: float = 12) -> None:
        """ReportLab graphics drawings (charts) side by side in one band, left to right."""
        from reportlab.graphics import renderPDF

        self._end_table()
        height = max(d.height for d in drawings)
        self.ensure(height + gap)
        x = self.left
        for drawing in drawings:
            renderPDF.draw(drawing, self.canvas, x, self.y - gap - height)
            x += drawing.width + gap
        self.y -= height + gap

    def finish(self) -> Path:
        """The signature block and stamp area (unless the form has none), then the file."""
        self._end_table()
        if self.signatures:
            self._signature_block()
        self.canvas.showPage()
        try:
            self.canvas.save()
            with open(self.partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(self.partial, self.path)
        except OSError as error:
            from carepoint.safety.files import storage_error

            self.partial.unlink(missing_ok=True)
            raise storage_error(self.path, error) from None
        return self.path

    def _signature_block(self) -> None:
        self.ensure(95)
        canvas, y = self.canvas, self.y - 44
        canvas.setFont(FONT, 10)
        labels = [_("Prepared by"), _("Reviewed by"), _("Person in charge"), _("Date")]
        step = (self.right - self.left - 110) / len(labels)
        for index, label in enumerate(labels):
            x = self.left + index * step
            canvas.drawString(x, y, f"{label}：")
            canvas.line(
                x + pdfmetrics.stringWidth(f"{label}：", FONT, 10), y - 2, x + step - 12, y - 2
            )
        canvas.setDash(3, 3)
        canvas.circle(self.right - 50, y + 4, 34)
        canvas.setDash()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(self.right - 50, y + 1, _("(stamp)"))
        self.y = y - 44

    def __enter__(self) -> FormWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is not None:
            self.partial.unlink(missing_ok=True)
