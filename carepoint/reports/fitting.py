"""Column widths fitted to what a form's columns hold: a column of short values (or empty
ones) gives its width to one whose values would otherwise wrap (人员类别 on one line)."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import replace
from operator import itemgetter

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from carepoint.reports.template import BODY_SIZE, FONT, PADDING, Column, register_font

# A column is never narrower than its title's longest half (titles wrap onto two lines) nor
# wider than this, so one long note wraps instead of squeezing every other column.
WIDEST_MM = 70
FLEXIBLE_MM = 40  # content wider than this may wrap onto a second line
SAMPLE = 64  # distinct values measured per column
LANDSCAPE_MM = 297 - 2 * 12  # A4 between the template's margins (template.MARGIN)
PORTRAIT_MM = 210 - 2 * 12


def _width_mm(text: str) -> float:
    return (stringWidth(text, FONT, BODY_SIZE) + 2 * PADDING + 1) / mm


def _longest(values: set[str]) -> list[str] | set[str]:
    # Measuring every cell of a 100,000-line form costs seconds; the widest are among the
    # longest (a Chinese character is about two digits wide, hence the weight).
    if len(values) <= SAMPLE:
        return values
    if all(map(str.isascii, values)):  # ID and account numbers: every character one width
        return heapq.nlargest(SAMPLE, values, key=len)
    return heapq.nlargest(SAMPLE, values, key=lambda text: len(text.encode("gb18030")))


def page_mm(writer) -> float:
    """The width a FormWriter's tables fill, between its margins."""
    return (writer.right - writer.left) / mm


def fitted_table(
    writer, columns: Sequence[Column], lines, *, keep: Sequence[int] = (), **options
) -> list[Column]:
    """Start a table on `writer` with `columns` fitted to the `lines` it is about to hold."""
    fitted = fit_columns(columns, lines, page_mm(writer), keep=keep)
    writer.table(fitted, **options)
    return fitted


def fit_columns(
    columns: Sequence[Column],
    lines: Sequence[Sequence[object]],
    page_mm: float,
    *,
    keep: Sequence[int] = (),
) -> list[Column]:
    """`columns` with widths from their content, scaled to fill `page_mm`; the columns in
    `keep` (room to sign or write by hand, empty when printed) keep their declared width.
    A None cell (the part of a total row its label spans) is not measured."""
    register_font()
    contents, whole_titles, half_titles = [], [], []
    for index, column in enumerate(columns):
        title = column.title
        half = max(len(title) // 2, 2)
        whole_titles.append(_width_mm(title))
        half_titles.append(max(_width_mm(title[:half]), _width_mm(title[half:])))
        # The distinct values, gathered in C; only those are made text and measured.
        found = set(map(str, set(map(itemgetter(index), lines)) - {None})) - {""}
        widest = max(map(_width_mm, _longest(found)), default=0.0)
        contents.append(column.width_mm if index in keep else min(widest, WIDEST_MM))
    # Titles on one line when the page has room for that, else on two.
    needed = [max(t, c) for t, c in zip(whole_titles, contents, strict=True)]
    if sum(needed) > page_mm:
        needed = [max(min(t, h), c) for t, h, c in zip(whole_titles, half_titles, contents,
                                                          strict=True)]  # fmt: skip
    # Short values (names, ID and phone numbers, dates) keep their width and never break; the
    # long ones (categories, carers, notes) share what is left, in proportion to their length.
    flexible = [i for i in range(len(needed)) if contents[i] > FLEXIBLE_MM and i not in keep]
    fixed = sum(width for i, width in enumerate(needed) if i not in flexible)
    room = page_mm - fixed
    wanted = sum(needed[i] for i in flexible)
    if flexible and room > 0:
        for i in flexible:
            floor = min(whole_titles[i], half_titles[i]) + 2
            needed[i] = max(floor, needed[i] * room / wanted) if wanted > room else (
                needed[i] + (room - wanted) * needed[i] / wanted)  # fmt: skip
    return [replace(column, width_mm=width) for column, width in zip(columns, needed, strict=True)]
