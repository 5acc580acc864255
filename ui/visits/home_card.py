"""A card for the home page: overdue visits and this month's visit rate (visited / due).

Counting the rate reads every resident in a tier (about a second at county scale), so the card
refreshes when it is on screen and something changed, not on every change while hidden, and
counts on a worker after the schedule is up to date, showing "counting…" meanwhile.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carepoint import clock
from carepoint.i18n import _, format_number
from carepoint.visits.summary import HomeVisitFigures, home_figures

from ui.context import AppContext
from ui.home_loader import FigureLoader
from ui.visits.common import WATCHED, schedule_ready
from ui.widgets.figure_card import RefreshWhenSeen


class VisitsHomeCard(QFrame):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("card")
        self.figures: HomeVisitFigures | None = None
        self.ready = schedule_ready(context)
        store = context.store
        self.loader = FigureLoader(
            self, context, lambda: home_figures(store, clock.today()), self._show
        )
        self.waiting_for_schedule = False
        title = QLabel(_("Home visits"), self)
        title.setObjectName("cardTitle")
        self.overdue = QLabel("–", self)
        self.overdue.setObjectName("bigNumber")
        self.rate = QLabel("–", self)
        self.rate.setObjectName("bigNumber")
        self.detail = QLabel(self)
        self.detail.setObjectName("cardTitle")
        numbers = QHBoxLayout()
        for caption, number in (
            (_("overdue"), self.overdue),
            (_("visit rate this month"), self.rate),
        ):
            column = QVBoxLayout()
            column.addWidget(number)
            column.addWidget(QLabel(caption, self))
            numbers.addLayout(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addLayout(numbers)
        layout.addWidget(self.detail)
        self.seen = RefreshWhenSeen(self, context, WATCHED, self.refresh)

    @property
    def loading(self) -> bool:
        return self.waiting_for_schedule or self.loader.loading

    def refresh(self) -> None:
        self.seen.stale = False
        self.detail.setText(_("counting…"))
        self.waiting_for_schedule = True
        self.ready.run(self._count)

    def _count(self) -> None:
        self.waiting_for_schedule = False
        self.loader.request()

    def _show(self, figures: HomeVisitFigures) -> None:
        self.figures = figures
        rate = self.figures.rate
        self.overdue.setText(format_number(self.figures.overdue))
        self.rate.setText(f"{rate.rate:.0%}" if rate.rate is not None else "—")
        self.detail.setText(
            _("{visited} of {due} due this month visited").format(
                visited=format_number(rate.visited), due=format_number(rate.due)
            )
        )
