"""Column widths fitted to what a form's columns hold: a column of short values (or empty
ones) gives its width to one whose values would otherwise wrap (人员类别 on one line)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from carepoint.reports.template import BODY_SIZE, FONT, PADDING, Column, register_font

# A column is never narrower than its title's longest half (titles wrap onto two lines) nor
# wider than this, so one long note wraps instead of squeezing every other column.
WIDEST_MM = 70
FLEXIBLE_MM = 40  # content wider than this may wrap onto a second line


def _width_mm(text: str) -> float:
    return (stringWidth(text, FONT, BODY_SIZE) + 2 * PADDING + 1) / mm


def fit_columns(
    columns: Sequence[Column], lines: Sequence[Sequence[object]], page_mm: float
) -> list[Column]:
    """`columns` with widths from their content, scaled to fill `page_mm`."""
    register_font()
    contents, whole_titles, half_titles = [], [], []
    for index, column in enumerate(columns):
        title = column.title
        half = max(len(title) // 2, 2)
        whole_titles.append(_width_mm(title))
        half_titles.append(max(_width_mm(title[:half]), _width_mm(title[half:])))
        widest = max((_width_mm(str(line[index])) for line in lines if line[index] != ""),
                     default=0.0)  # fmt: skip
        contents.append(min(widest, WIDEST_MM))
    # Titles on one line when the page has room for that, else on two.
    needed = [max(t, c) for t, c in zip(whole_titles, contents, strict=True)]
    if sum(needed) > page_mm:
        needed = [max(min(t, h), c) for t, h, c in zip(whole_titles, half_titles, contents,
                                                          strict=True)]  # fmt: skip
    # Short values (names, ID and phone numbers, dates) keep their width and never break; the
    # long ones (categories, carers, notes) share what is left, in proportion to their length.
    flexible = [i for i, width in enumerate(needed) if contents[i] > FLEXIBLE_MM]
    fixed = sum(width for i, width in enumerate(needed) if i not in flexible)
    room = page_mm - fixed
    wanted = sum(needed[i] for i in flexible)
    if flexible and room > 0:
        for i in flexible:
            floor = min(whole_titles[i], half_titles[i]) + 2
            needed[i] = max(floor, needed[i] * room / wanted) if wanted > room else (
                needed[i] + (room - wanted) * needed[i] / wanted)  # fmt: skip
    return [replace(column, width_mm=width) for column, width in zip(columns, needed, strict=True)]
