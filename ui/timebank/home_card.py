"""A small card for the home page: this month's volunteer hours (numbers from the core)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from carepoint import clock
from carepoint.i18n import _
from carepoint.timebank.caps import hours_text
from carepoint.timebank.summary import MonthHours, month_hours

from ui.context import AppContext
from ui.home_loader import FigureLoader


class TimebankHomeCard(QFrame):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.context = context
        self.hours: MonthHours | None = None
        self._stale = True
        store = context.store
        self.loader = FigureLoader(
            self, store, lambda: month_hours(store, clock.today()), self._show
        )
        caption = QLabel(_("Volunteer hours this month"), self)
        caption.setObjectName("cardTitle")
        self.number = QLabel("–", self)
        self.number.setObjectName("bigNumber")
        self.details = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(caption)
        layout.addWidget(self.number)
        layout.addWidget(self.details)
        context.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, areas: set[str]) -> None:
        if "timebank" in areas:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.refresh()
        super().showEvent(event)

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        self._stale = False
        self.loader.request()  # counted on a worker; the placeholder stays until then

    def _show(self, hours: MonthHours) -> None:
        self.hours = hours
        self.number.setText(hours_text(hours.minutes))
        self.details.setText(
            _("{services} services by {volunteers} volunteers").format(
                services=hours.services, volunteers=hours.volunteers
            )
        )
