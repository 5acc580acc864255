"""本月工作: the month's steps in order with their state and a button that opens each step's page,
so a cadre alone always sees what comes next (numbers from carepoint.month_path)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _, format_month
from carepoint.month_path import DONE, OPEN, OVERDUE, WAITING, MonthStep, month_path

from ui.context import AppContext
from ui.home_loader import FigureLoader
from ui.widgets.figure_card import RefreshWhenSeen

# Mark and colour per state: the words say it too, colour only helps the eye.
STATE_MARKS = {
    DONE: ("✓", "#2e7d32"),
    OPEN: ("●", "#2f6fa8"),
    OVERDUE: ("!", "#b3261e"),
    WAITING: ("○", "#8a949e"),
}
WATCHED = (
    Changed.RESIDENTS
    | Changed.VISITS
    | Changed.MEALS
    | Changed.SUBSIDIES
    | Changed.EXCHANGE
    | Changed.SETTINGS
    | Changed.RULES
)


def state_label(state: str) -> str:
    return {
        DONE: _("Done"),
        OPEN: _("To do"),
        OVERDUE: _("Overdue"),
        WAITING: _("Waiting"),
    }[state]


class MonthPathPanel(QWidget):
    """One row per step: mark, step, state, what it means, and the button that goes there."""

    open_page = Signal(str)  # the main window's page key

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.steps: list[MonthStep] = []
        self.buttons: dict[str, QPushButton] = {}
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.rows = QWidget()
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setColumnStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidget(self.rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self.open_page.connect(self._go)
        store = context.store
        # read on a worker (a second at county scale): the home page is up before the path is
        self.loader = FigureLoader(
            self, context, lambda: (today := clock.today(), month_path(store, today)), self._counted
        )
        self.seen = RefreshWhenSeen(self, context, WATCHED, self.refresh)

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        self.seen.stale = False
        self.loader.request()

    def _counted(self, counted: tuple) -> None:
        today, steps = counted
        self.show_steps(steps, format_month(today))

    def show_steps(self, steps: list[MonthStep], month_words: str) -> None:
        self.steps = steps
        self.title.setText(_("This month's work ({month})").format(month=month_words))
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons.clear()
        for row, step in enumerate(steps):
            mark, colour = STATE_MARKS[step.state]
            sign = QLabel(f"{row + 1}. {mark}")
            sign.setStyleSheet(f"color: {colour}; font-weight: bold;")
            name = QLabel(step.title)
            name.setStyleSheet("font-weight: bold;")
            state = QLabel(state_label(step.state))
            state.setStyleSheet(f"color: {colour};")
            words = QLabel(step.words)
            words.setWordWrap(True)
            button = QPushButton(step.action)
            button.setProperty("step", step.key)
            button.clicked.connect(lambda _checked=False, page=step.page: self.open_page.emit(page))
            if step.state == WAITING:
                button.setFlat(True)
            self.buttons[step.key] = button
            for column, widget in enumerate((sign, name, state, words, button)):
                align = Qt.AlignmentFlag.AlignVCenter
                self.grid.addWidget(widget, row, column, align)

    def _go(self, page: str) -> None:
        window = self.window()
        if hasattr(window, "page"):
            window.page(page)
