"""Time bank rules: coins per hour, daily and lifetime caps, kinds of service; saved as a new
version taking effect on a chosen day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock, rules
from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.timebank.caps import AREA, timebank_rules_on, validate

from ui.context import AppContext
from ui.ops import run_op
from ui.timebank.dialogs import date_edit, hours_box


def _hours_value(minutes: int) -> int | float:
    # Caps are whole or half hours: exact in JSON either way.
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


class TimebankCapsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Time bank caps"))
        today = clock.today()
        current = timebank_rules_on(context.store, today)
        self.effective = date_edit(self, today + dt.timedelta(days=1))
        self.note = QLineEdit(self)
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
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Takes effect on"), self.effective)
        form.addRow(_("Time coins per hour"), self.coins)
        form.addRow(_("At most per volunteer and day"), self.daily)
        form.addRow(_("At most per volunteer in all"), self.lifetime)
        form.addRow(_("Kinds of service (one per line)"), self.kinds)
        form.addRow(_("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

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

    def save(self) -> None:
        content = self.content()
        problems = validate(content)
        if problems:
            self.error.setText("\n".join(problems))
            return
        store, day, note = self.context.store, self.effective.date().toPython(), self.note.text()
        ok, _version = run_op(
            self,
            self.context,
            lambda: rules.save_version(store, AREA, day, content, note, validate),
            touches=Changed.TIMEBANK | Changed.RULES,
        )
        if ok:
            self.accept()


def open_timebank_caps(parent: QWidget, context: AppContext) -> None:
    dialog = TimebankCapsDialog(context, parent)
    parent._timebank_caps_dialog = dialog  # kept alive while open; tests find it here
    dialog.open()
