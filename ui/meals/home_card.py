"""A small card for the home page: today's meals by meal and mode (numbers from the core)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from carepoint import clock
from carepoint.i18n import _, format_number
from carepoint.meals.labels import MODES, meal_label, mode_label
from carepoint.meals.summary import TodayMeals, today_meals

from ui.context import AppContext
from ui.home_loader import FigureLoader


class MealsHomeCard(QFrame):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.context = context
        self.summary: TodayMeals | None = None
        self._stale = True
        store = context.store
        self.loader = FigureLoader(
            self, store, lambda: today_meals(store, clock.today()), self._show
        )
        caption = QLabel(_("Today's meals"), self)
        caption.setObjectName("cardTitle")
        self.number = QLabel("–", self)
        self.number.setObjectName("bigNumber")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(caption)
        layout.addWidget(self.number)
        layout.addWidget(self.details)
        context.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, areas: set[str]) -> None:
        if areas & {"meals", "residents"}:
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

    def _show(self, summary: TodayMeals) -> None:
        self.summary = summary
        served = sum(count.total_served for count in summary.meals)
        expected = sum(count.expected for count in summary.meals)
        self.number.setText(
            _("{served} / {expected}").format(
                served=format_number(served), expected=format_number(expected)
            )
        )
        lines = []
        for count in summary.meals:
            if not (count.expected or count.total_served):
                continue
            modes = " · ".join(
                f"{mode_label(mode)} {format_number(count.served[mode])}" for mode in MODES
            )
            lines.append(f"{meal_label(count.meal)}: {modes}")
        self.details.setText("\n".join(lines) or _("No meals expected today"))
