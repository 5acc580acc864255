"""A person's blood pressure and blood sugar over time, as the doctor reads a 健康档案."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from carepoint.i18n import _
from carepoint.ledgers.health import Reading


def _moment(reading: Reading) -> float:
    day = reading.measured_on
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class TrendChart(QChartView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.series: dict[str, QLineSeries] = {}
        self.show_readings([])

    def show_readings(self, readings: list[Reading]) -> None:
        """`readings` latest first, as the core lists them."""
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitle(_("Readings over time"))
        when = QDateTimeAxis()
        when.setFormat("MM-dd")
        pressure = QValueAxis()
        pressure.setTitleText(_("mmHg"))
        pressure.setLabelFormat("%d")
        pressure.setRange(40, 200)
        sugar = QValueAxis()
        sugar.setTitleText(_("mmol/L"))
        sugar.setRange(0, 20)
        chart.addAxis(when, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(pressure, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(sugar, Qt.AlignmentFlag.AlignRight)
        self.series = {}
        measures = (
            ("systolic", _("Systolic"), pressure, lambda r: r.systolic),
            ("diastolic", _("Diastolic"), pressure, lambda r: r.diastolic),
            ("glucose", _("Blood sugar"), sugar,
             lambda r: r.glucose_tenths / 10 if r.glucose_tenths is not None else None),
        )  # fmt: skip
        for key, name, axis, value in measures:
            series = QLineSeries()
            series.setName(name)
            for reading in reversed(readings):
                if value(reading) is not None:
                    series.append(_moment(reading), float(value(reading)))
            chart.addSeries(series)
            series.attachAxis(when)
            series.attachAxis(axis)
            self.series[key] = series
        if readings:
            first, last = _moment(readings[-1]), _moment(readings[0])
            pad = 86_400_000.0 * 3
            when.setRange(
                QDateTime.fromMSecsSinceEpoch(int(first - pad)),
                QDateTime.fromMSecsSinceEpoch(int(last + pad)),
            )
        self.setChart(chart)
