"""Another locality's preset from a month on (administrators): earlier months keep their rules."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock, rules
from carepoint.i18n import _, format_month
from carepoint.rules.preset_change import change_preset, earliest_start
from carepoint.values import Month

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import date_edit


class PresetDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Change the locality's rules"))
        store = context.store
        current = rules.active_preset(store)
        self.preset = QComboBox()
        for key, preset in rules.presets().items():
            if key != current:
                self.preset.addItem(preset.label, key)
        this_month = Month.of(clock.today())
        first = max(earliest_start(store) or this_month, this_month)
        shown = max(first, this_month + 1)
        self.month = date_edit(shown.first_day, self, minimum=first.first_day)
        self.month.setDisplayFormat("yyyy-MM")
        explanation = QLabel(
            _(
                "Now: {current}. The chosen rules apply from the first day of the month below, "
                "as new rule versions; months before it keep the rules they were worked out with. "
                "The earliest month possible is {first}, after every month already computed or "
                "closed."
            ).format(current=rules.presets()[current].label, first=format_month(first.first_day))
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Rules of"), self.preset)
        form.addRow(_("From the month"), self.month)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change the rules"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        key = self.preset.currentData()
        picked = self.month.date().toPython()
        day = Month.of(picked).first_day
        done, _change = run_op(
            self,
            self.context,
            lambda: change_preset(self.context.store, key, day, actor=self.context.session),
            touches={"rules", "settings"},
        )
        if done:
            super().accept()
