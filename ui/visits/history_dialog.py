"""One person's visits and assessments, newest first, with the trend of the assessment totals."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from carepoint.i18n import _, format_date
from carepoint.residents import resident_detail
from carepoint.visits.assessment_items import MAX_TOTAL
from carepoint.visits.assessments import assessments_of
from carepoint.visits.labels import (
    AREA_SHORT_LABELS,
    AREAS,
    finding_label,
    level_label,
    method_label,
    need_label,
)
from carepoint.visits.records import visits_of
from carepoint.visits.schedule import tier_of

from ui.context import AppContext
from ui.visits.common import fill, read_only_table

SHOWN_VISITS = 200


def trend_arrow(newer: int, older: int | None) -> str:
    if older is None or newer == older:
        return ""
    return "↑" if newer > older else "↓"


class HistoryDialog(QDialog):
    def __init__(self, context: AppContext, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        store = context.store
        resident = resident_detail(resident_id).resident
        self.setWindowTitle(_("Visits and assessments: {name}").format(name=resident.name))
        tier = QLabel(tier_of(store, resident_id).explanation(), self)
        self.visits = read_only_table(
            [_("Date"), _("Method"), _("Visitor"), _("Findings"), _("Problems"), _("Needs"),
             _("Follow-up")],
            self,
        )  # fmt: skip
        found = visits_of(store, resident_id, SHOWN_VISITS)
        fill(
            self.visits,
            [[f"{format_date(v.visit_date)} {v.visit_time}".strip(), method_label(v.method),
              v.visitor, self._findings(v), v.problems or v.notes,
              "、".join(need_label(n) for n in v.needs),
              format_date(v.follow_up_date) if v.follow_up_date else ""] for v in found],
            [v.id for v in found],
        )  # fmt: skip
        self.assessments = read_only_table(
            [_("Date"), _("Total"), _("Level"), _("Trend"), _("Assessors")], self
        )
        history = assessments_of(store, resident_id)
        rows = []
        for index, item in enumerate(history):
            older = history[index + 1].total if index + 1 < len(history) else None
            assessors = _("{first} and {second}").format(
                first=item.assessor_1, second=item.assessor_2
            )
            rows.append(
                [
                    format_date(item.assessed_on),
                    f"{item.total} / {MAX_TOTAL}",
                    level_label(item.level),
                    trend_arrow(item.total, older),
                    assessors,
                ]
            )
        fill(self.assessments, rows)
        assessed = QWidget(self)
        column = QVBoxLayout(assessed)
        column.addWidget(self.assessments, 1)
        if len(history) >= 2:
            column.addWidget(self._chart(history), 1)
        tabs = QTabWidget(self)
        tabs.addTab(self.visits, _("Visits ({count})").format(count=len(found)))
        tabs.addTab(assessed, _("Assessments ({count})").format(count=len(history)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tier)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    @staticmethod
    def _findings(visit) -> str:
        parts = [
            f"{_(AREA_SHORT_LABELS[area])} {finding_label(status)}{'：' + note if note else ''}"
            for area in AREAS
            for status, note in [visit.findings[area]]
            if status or note
        ]
        return "；".join(parts)

    def _chart(self, history) -> QChartView:
        series = QLineSeries()
        for item in reversed(history):
            day = item.assessed_on
            moment = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
            series.append(float(moment.toMSecsSinceEpoch()), item.total)
        chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setTitle(_("Assessment totals over time"))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        when = QDateTimeAxis()
        when.setFormat("yyyy-MM")
        chart.addAxis(when, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(when)
        points = QValueAxis()
        points.setRange(0, MAX_TOTAL)
        points.setLabelFormat("%d")
        chart.addAxis(points, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(points)
        view = QChartView(chart, self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(160)
        return view
