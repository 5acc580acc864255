"""Time bank rules: coins per hour, daily and lifetime caps, kinds of service; saved as a new
version taking effect on a chosen day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.timebank.caps import AREA, timebank_rules_on, validate

from ui.context import AppContext
from ui.timebank.dialogs import hours_box
from ui.widgets.rule_version import RuleVersionDialog


def _hours_value(minutes: int) -> int | float:
    # Caps are whole or half hours: exact in JSON either way.
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


class TimebankCapsDialog(RuleVersionDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        today = clock.today()
        touches = Changed.TIMEBANK | Changed.RULES
        super().__init__(context, AREA, validate, touches, parent)
        self.setWindowTitle(_("Time bank caps"))
        current = timebank_rules_on(context.store, today)
        self.add_version_fields(today + dt.timedelta(days=1))
        self.coins = QSpinBox(self)
        self.coins.setRange(1, 100)
        self.coins.setValue(current.coins_per_hour)
        self.daily = hours_box(self)
        self.daily.setValue(current.daily_cap_minutes / 60)
        self.lifetime = QSpinBox(self)
        self.lifetime.setRange(1, 100_000)
        self.lifetime.setSuffix(_(" hours"))
        self.lifetime.setValue(current.lifetime_cap_minutes // 60)
        self.kinds = QPlainTextEdit("\n".join(current.service_types), self)
        form = QFormLayout()
        form.addRow(_("Takes effect on"), self.effective)
        form.addRow(_("Time coins per hour"), self.coins)
        form.addRow(_("At most per volunteer and day"), self.daily)
        form.addRow(_("At most per volunteer in all"), self.lifetime)
        form.addRow(_("Kinds of service (one per line)"), self.kinds)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.add_buttons())

    def content(self) -> dict:
        daily_minutes = round(self.daily.value() * 2) * 30  # the box steps in half hours
        return {
            "coins_per_hour": self.coins.value(),
            "daily_cap_hours": _hours_value(daily_minutes),
            "lifetime_cap_hours": self.lifetime.value(),
            "service_types": [
                line.strip() for line in self.kinds.toPlainText().splitlines() if line.strip()
            ],
        }


def open_timebank_caps(parent: QWidget, context: AppContext) -> None:
    dialog = TimebankCapsDialog(context, parent)
    parent._timebank_caps_dialog = dialog  # kept alive while open; tests find it here
    dialog.open()
