"""Small charts for the monthly report (ReportLab graphics), titled, in the form's font; a chart
with nothing to show says so instead of drawing empty axes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from carepoint.i18n import _
from carepoint.reports.template import FONT, register_font

BAR = colors.HexColor("#4a7ab5")
TITLE_SIZE = 10
LABEL_SIZE = 8


def _frame(title: str, width: float, height: float) -> Drawing:
    register_font()
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - TITLE_SIZE, title, fontName=FONT,
                       fontSize=TITLE_SIZE, textAnchor="middle"))  # fmt: skip
    return drawing


def _empty(drawing: Drawing) -> Drawing:
    drawing.add(String(drawing.width / 2, drawing.height / 2, _("No data this month"),
                       fontName=FONT, fontSize=LABEL_SIZE + 1, textAnchor="middle",
                       fillColor=colors.grey))  # fmt: skip
    return drawing


def _axis_top(values: Sequence[float]) -> float:
    top = max(values)
    step = 10 ** max(len(str(int(top))) - 1, 0)
    return (int(top / step) + 1) * step


def _style(chart, labels: Sequence[str], values: Sequence[float]) -> None:
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _axis_top(values)
    chart.bars[0].fillColor = BAR
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE - 1
    chart.barLabelFormat = "%d"


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[int], width: float, height: float
) -> Drawing:
    """Columns, each with its figure on top."""
    drawing = _frame(title, width, height)
    if not any(values):
        return _empty(drawing)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 24
    chart.width, chart.height = width - 40, height - 24 - TITLE_SIZE - 14
    chart.data = [list(values)]
    _style(chart, labels, values)
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def row_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    height: float,
    *,
    label_width: float = 80,
    value_format: str = "%d",
) -> Drawing:
    """Horizontal bars: long labels (categories, subsidy items) stay readable."""
    drawing = _frame(title, width, height)
    if not any(values):
        return _empty(drawing)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 16
    chart.width, chart.height = width - label_width - 30, height - 16 - TITLE_SIZE - 8
    # ReportLab draws the first category at the bottom; reversed, the list reads top down.
    chart.data = [list(values)[::-1]]
    _style(chart, list(labels)[::-1], values)
    chart.barLabelFormat = value_format
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def line_chart(
    title: str, labels: Sequence[str], values: Sequence[int], width: float, height: float
) -> Drawing:
    drawing = _frame(title, width, height)
    if not any(values):
        return _empty(drawing)
    chart = HorizontalLineChart()
    chart.x, chart.y = 30, 24
    chart.width, chart.height = width - 40, height - 24 - TITLE_SIZE - 10
    chart.data = [list(values)]
    chart.lines[0].strokeColor = BAR
    chart.lines[0].strokeWidth = 1.5
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _axis_top(values)
    drawing.add(chart)
    return drawing
