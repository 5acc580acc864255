"""台账: the care point's other ledgers, one tab each (activities, pairs, health checks,
emergency calls, accident insurance, home adaptations)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from carepoint.i18n import _

from ui.context import AppContext
from ui.ledgers.activities_tab import ActivitiesTab
from ui.ledgers.adaptations_tab import AdaptationsTab
from ui.ledgers.calls_tab import CallsTab
from ui.ledgers.health_tab import HealthTab
from ui.ledgers.insurance_tab import InsuranceTab
from ui.ledgers.pairs_tab import PairsTab


class LedgersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(_("Ledgers"))
        title.setObjectName("pageTitle")
        self.activities = ActivitiesTab(context, self)
        self.pairs = PairsTab(context, self)
        self.health = HealthTab(context, self)
        self.calls = CallsTab(context, self)
        self.insurance = InsuranceTab(context, self)
        self.adaptations = AdaptationsTab(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.activities, _("Activities"))
        self.tabs.addTab(self.pairs, _("Pairs"))
        self.tabs.addTab(self.health, _("Health checks"))
        self.tabs.addTab(self.calls, _("Emergency calls"))
        self.tabs.addTab(self.insurance, _("Accident insurance"))
        self.tabs.addTab(self.adaptations, _("Home adaptations"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
