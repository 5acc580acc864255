"""首页: the care point at a glance (numbers from carepoint.home, counted in SQL on a worker: the
page and its cards show placeholders first and their figures when counted)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock, home
from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date, format_number

from ui.context import AppContext
from ui.home_loader import FigureLoader
from ui.month_path import MonthPathPanel
from ui.widgets.figure_card import RefreshWhenSeen
from ui.widgets.lists import FIT, NO_SELECTION, read_only_table
from ui.widgets.times import format_when

BAR_COLOUR = QColor("#2f6fa8")
LABEL_COLOUR = QColor("#1f2933")


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    number = QLabel("–")
    number.setObjectName("bigNumber")
    caption = QLabel(title)
    caption.setObjectName("cardTitle")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 10, 16, 10)
    layout.addWidget(caption)
    layout.addWidget(number)
    return frame, number


def _read_only_table(headers: list[str]) -> QTableWidget:
    return read_only_table(headers, selection=NO_SELECTION, columns=FIT)


def _fill(table: QTableWidget, rows: list[list[str]], right_aligned: tuple[int, ...] = ()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right_aligned:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _area_cards() -> list[type[QWidget]]:
    """Each service area's own card: today's meals, this month's volunteer hours …"""
    from ui.meals.home_card import MealsHomeCard
    from ui.subsidies.home_card import SubsidiesCard
    from ui.timebank.home_card import TimebankHomeCard
    from ui.visits.home_card import VisitsHomeCard

    return [VisitsHomeCard, MealsHomeCard, TimebankHomeCard, SubsidiesCard]


class HomePage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.summary: home.HomeSummary | None = None
        store = context.store
        self.loader = FigureLoader(
            self,
            context,
            lambda: (today := clock.today(), home.summarise(store, today)),
            self._show,
        )

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.date = QLabel()
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch()
        header.addWidget(self.date)

        cards = QHBoxLayout()
        self.numbers: dict[str, QLabel] = {}
        for key, title in (
            ("active", _("Residents in the register")),
            ("oldest_old", _("Aged 80 and over")),
            ("centenarians", _("Aged 100 and over")),
        ):
            frame, self.numbers[key] = _card(title)
            cards.addWidget(frame)
        # The services have a row of their own, so no card's text is cut at 1366×768.
        services = QHBoxLayout()
        self.area_cards = [card(context) for card in _area_cards()]
        for card in self.area_cards:
            services.addWidget(card)
        for row in (cards, services):
            for index in range(row.count()):
                # text may be cut on a narrow window, but a card never makes the window wider
                row.itemAt(index).widget().setMinimumWidth(80)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(cards)
        layout.addLayout(services)
        layout.addLayout(self._overview(context), 1)
        self.seen = RefreshWhenSeen(
            self, context, Changed.RESIDENTS | Changed.SETTINGS, self.refresh
        )

    def _overview(self, context: AppContext) -> QGridLayout:
        """The month's steps and the age chart, recent changes, and the residents by category."""
        self.chart = QChart()
        self.chart.setTitle(_("Residents by age (years)"))
        self.chart.setTitleFont(self.font())
        self.chart.legend().hide()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundRoundness(0)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(200)

        self.categories = _read_only_table([_("Category"), _("Residents")])
        self.changes = _read_only_table([_("When"), _("Who"), _("Resident"), _("What")])

        grid = QGridLayout()
        # Categories take the whole right column: a dozen rows fit there even at 1366×768.
        # The month's steps come first: they say what to do next (the chart is one tab away).
        self.month_path = MonthPathPanel(context)
        self.overview = QTabWidget()
        self.overview.addTab(self.month_path, _("This month's work"))
        self.overview.addTab(self.chart_view, _("Residents by age"))
        grid.addWidget(self.overview, 0, 0)
        grid.addWidget(self._titled(_("Recent changes"), self.changes), 1, 0)
        grid.addWidget(self._titled(_("By category"), self.categories), 0, 1, 2, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        return grid

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title)
        label.setObjectName("cardTitle")
        layout.addWidget(label)
        layout.addWidget(widget)
        return box

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        self.seen.stale = False
        self.loader.request()

    def _show(self, counted: tuple[dt.date, home.HomeSummary]) -> None:
        today, summary = counted
        self.summary = summary
        self.title.setText(summary.care_point_name)
        self.date.setText(_("Today: {date}").format(date=format_date(today, "long")))
        centenarians = next(b.count for b in summary.age_bands if b.key == "100_plus")
        for key, value in (
            ("active", summary.active_residents),
            ("oldest_old", summary.oldest_old),
            ("centenarians", centenarians),
        ):
            self.numbers[key].setText(format_number(value))
        self._draw_chart(summary)
        shown = [line for line in summary.categories if line.count]
        _fill(self.categories, [[c.label, format_number(c.count)] for c in shown], (1,))
        _fill(
            self.changes,
            [
                [format_when(c.at), c.actor, c.resident_name, c.description]
                for c in summary.recent_changes
            ],
        )

    def _draw_chart(self, summary: home.HomeSummary) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        bars = QBarSet(_("Residents"))
        bars.setColor(BAR_COLOUR)
        bars.setLabelColor(LABEL_COLOUR)
        bars.setLabelFont(self.font())
        bars.append([float(band.count) for band in summary.age_bands])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append([band.label for band in summary.age_bands])
        x_axis.setLabelsFont(self.font())
        y_axis = QValueAxis()
        top = max((band.count for band in summary.age_bands), default=0)
        y_axis.setRange(0, max(5, top * 1.15))
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%d")
        y_axis.setLabelsFont(self.font())
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
