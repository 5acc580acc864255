"""助餐: the daily sign-in sheet, enrollment and month close, one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from carepoint.change_areas import Changed
from carepoint.i18n import _

from ui.context import AppContext
from ui.meals.enrollment_tab import EnrollmentTab
from ui.meals.month_tab import MonthTab
from ui.meals.sign_in_sheet import SignInSheet


class MealsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        title = QLabel(_("Meals"))
        title.setObjectName("pageTitle")
        self.sheet = SignInSheet(context, self)
        self.enrollment = EnrollmentTab(context, self)
        self.month = MonthTab(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sheet, _("Sign-in sheet"))
        self.tabs.addTab(self.enrollment, _("Enrollment"))
        self.tabs.addTab(self.month, _("Month close"))
        self.sheet.enroll_requested.connect(self._enroll)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        follows = Changed.MEALS | Changed.RESIDENTS | Changed.RULES
        context.changes.follow(self, follows, self._changed)

    def _enroll(self) -> None:
        self.tabs.setCurrentWidget(self.enrollment)
        self.enrollment.new_enrollment()

    def _changed(self, _changed: Changed) -> None:
        # The sheet follows changes itself; the other tabs are refreshed when next shown.
        self._stale |= {self.enrollment, self.month}
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in self._stale:
            self._stale.discard(tab)
            tab.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.sheet.view.setFocus()
