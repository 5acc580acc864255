"""A small card for the home page: this month's volunteer hours (numbers from the core)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.timebank.caps import hours_text
from carepoint.timebank.summary import MonthHours, month_hours

from ui.context import AppContext
from ui.widgets.figure_card import FigureCard


class TimebankHomeCard(FigureCard):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        self.hours: MonthHours | None = None
        store = context.store
        super().__init__(
            context,
            _("Volunteer hours this month"),
            Changed.TIMEBANK,
            lambda: month_hours(store, clock.today()),
            parent,
        )
        self.details.setWordWrap(False)

    def show_figures(self, hours: MonthHours) -> None:
        self.hours = hours
        self.number.setText(hours_text(hours.minutes))
        self.details.setText(
            _("{services} services by {volunteers} volunteers").format(
                services=hours.services, volunteers=hours.volunteers
            )
        )
