"""The page every printed form shares: A4, the shipped CJK font embedded, a header with the care
point, township and month, 第 x 页 共 y 页, table headers repeated on each page, wrapped cells,
and the preparer / reviewer / date / stamp block at the end.

Rows are drawn straight onto the canvas, page by page: ReportLab's platypus Table splits long
tables in more than linear time (15 s against 3.4 s for 10,000 rows; design.md, pitfalls).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from carepoint.assets import cjk_font_path
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.reports import ReportCancelled

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


class _NumberedCanvas(Canvas):
    """Keeps every page until the end so each can say how many pages there are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            width = self._pagesize[0]
            self.drawCentredString(
                width / 2, MARGIN / 2, _("Page {page} of {pages}").format(page=number, pages=total)
            )
            super().showPage()
        super().save()


def wrap(text: str, width: float, size: float = BODY_SIZE) -> list[str]:
    """Break text to fit `width` points; Chinese has no spaces, so any character may break."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, line_width = "", 0.0
        for char in paragraph:
            char_width = pdfmetrics.stringWidth(char, FONT, size)
            if line and line_width + char_width > width:
                lines.append(line)
                line, line_width = "", 0.0
            line += char
            line_width += char_width
        lines.append(line)
    return lines or [""]


class FormWriter:
    """Draws one form: call `rows`, then optionally `total_row`, `note`, and `finish`."""

    def __init__(
        self, path: Path, header: FormHeader, columns: Sequence[Column], *, wide: bool = False
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
        self.header = header
        self.columns = columns
        scale = (self.size[0] - 2 * MARGIN) / (sum(c.width_mm for c in columns) * mm)
        self.widths = [c.width_mm * mm * scale for c in columns]
        self.y = 0.0
        self._new_page(first=True)

    @property
    def left(self) -> float:
        return MARGIN

    @property
    def right(self) -> float:
        return self.size[0] - MARGIN

    def _new_page(self, first: bool = False) -> None:
        if not first:
            self.canvas.showPage()
        top = self.size[1] - MARGIN
        self.canvas.setFont(FONT, 15)
        self.canvas.drawCentredString(self.size[0] / 2, top - 12, self.header.title)
        self.canvas.setFont(FONT, 9)
        self.canvas.drawString(self.left, top - 30, "    ".join(self.header.facts))
        self.y = top - 38
        if self.columns:
            self._row([c.title for c in self.columns], header=True)

    def _row(self, cells: Sequence[object], header: bool = False) -> None:
        lines = [
            wrap("" if v is None else v, w - 2 * PADDING)
            for v, w in zip(cells, self.widths, strict=True)
        ]
        height = max(len(cell) for cell in lines) * LEADING + 2 * PADDING
        if self.y - height < MARGIN + 10 and not header:
            self._new_page()
        canvas, x = self.canvas, self.left
        if header:
            canvas.setFillGray(0.9)
            canvas.rect(self.left, self.y - height, self.right - self.left, height, 0, 1)
            canvas.setFillGray(0)
        canvas.setFont(FONT, BODY_SIZE)
        for column, width, cell_lines in zip(self.columns, self.widths, lines, strict=True):
            canvas.rect(x, self.y - height, width, height)
            for index, line in enumerate(cell_lines):
                baseline = self.y - PADDING - (index + 1) * LEADING + 3
                align = "center" if header else column.align
                if align == "center":
                    canvas.drawCentredString(x + width / 2, baseline, line)
                elif align == "right":
                    canvas.drawRightString(x + width - PADDING, baseline, line)
                else:
                    canvas.drawString(x + PADDING, baseline, line)
            x += width
        self.y -= height

    def rows(
        self,
        rows: Sequence[Sequence[object]],
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        for index, cells in enumerate(rows):
            if index % 200 == 0:
                if cancelled and cancelled():
                    raise ReportCancelled()
                if progress:
                    progress(index, len(rows))
            self._row(cells)

    def total_row(self, cells: Sequence[object]) -> None:
        self._row(cells)

    def note(self, text: str, size: float = 9) -> None:
        lines = wrap(text, self.right - self.left, size)
        if self.y - len(lines) * (size + 3) - 6 < MARGIN + 10:
            self._new_page()
        self.canvas.setFont(FONT, size)
        self.y -= 6
        for line in lines:
            self.y -= size + 3
            self.canvas.drawString(self.left, self.y, line)

    def finish(self) -> Path:
        """The signature block and stamp area, then the file."""
        block = 60
        if self.y - block < MARGIN + 10:
            self._new_page()
        canvas, y = self.canvas, self.y - 24
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
        canvas.showPage()
        try:
            canvas.save()
            with open(self.partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(self.partial, self.path)
        except OSError as error:
            self.partial.unlink(missing_ok=True)
            raise UserInputError(
                _("The form could not be saved as {file}: {reason}").format(
                    file=self.path, reason=error.strerror or error
                )
            ) from None
        return self.path

    def __enter__(self) -> FormWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is not None:
            self.partial.unlink(missing_ok=True)
