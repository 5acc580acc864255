"""A small card for the home page: today's meals by meal and mode (numbers from the core)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _, format_number
from carepoint.meals.labels import MODES, meal_label, mode_label
from carepoint.meals.summary import TodayMeals, today_meals

from ui.context import AppContext
from ui.widgets.figure_card import FigureCard


class MealsHomeCard(FigureCard):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        self.summary: TodayMeals | None = None
        store = context.store
        super().__init__(
            context,
            _("Today's meals"),
            Changed.MEALS | Changed.RESIDENTS,
            lambda: today_meals(store, clock.today()),
            parent,
        )

    def show_figures(self, summary: TodayMeals) -> None:
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
