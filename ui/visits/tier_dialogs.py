"""Setting a resident's tier by hand (with a reason, audited), and scheduling extra visits for a
whole group at once (a cold wave, a festival)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.residents import groups, resident_detail
from carepoint.visits.labels import OVERRIDE_TIERS, TIERS, tier_label
from carepoint.visits.overrides import end_override, set_override
from carepoint.visits.schedule import tier_of
from carepoint.visits.tasks import schedule_extra_visits

from ui.context import AppContext
from ui.ops import run_op
from ui.visits.common import combo, date_edit, error_label

BY_RULES = "rules"


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TierOverrideDialog(QDialog):
    def __init__(self, context: AppContext, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id = resident_id
        self.today = clock.today()
        resident = resident_detail(resident_id).resident
        self.setWindowTitle(_("Visit tier of {name}").format(name=resident.name))
        current = tier_of(context.store, resident_id, self.today)
        now = QLabel(_("Now: {explanation}").format(explanation=current.explanation()), self)
        now.setWordWrap(True)
        choices = [(_("as the rules say"), BY_RULES)] + [(tier_label(t), t) for t in OVERRIDE_TIERS]
        self.tier = combo(self, choices)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(_("e.g. just out of hospital; family moved back in"))
        self.start = date_edit(self.today, self, maximum=self.today)
        self.error_label = error_label(self)
        form = QFormLayout()
        form.addRow(_("Tier"), self.tier)
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("From"), self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(now)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(_buttons(self, _("Save")))
        self.setMinimumWidth(440)

    def save(self) -> None:
        store, tier = self.context.store, self.tier.currentData()
        start, reason = self.start.date().toPython(), self.reason.text()
        if tier == BY_RULES:

            def call():
                return end_override(store, self.resident_id, start - dt.timedelta(days=1))
        else:

            def call():
                return set_override(store, self.resident_id, tier, reason, start)

        done, _override = run_op(
            self, self.context, call, refused=self.error_label.setText
        )
        if done:
            self.accept()


class ExtraVisitsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.today = clock.today()
        self.scheduled = 0
        self.setWindowTitle(_("Extra visits for a group"))
        self.group = combo(
            self, [(_("All groups"), None)] + [(g, g) for g in groups(self.context.store)]
        )
        self.tiers = {t: QCheckBox(tier_label(t), self) for t in TIERS}
        tier_row = QHBoxLayout()
        for code, box in self.tiers.items():
            box.setChecked(code in ("high_risk", "key"))
            tier_row.addWidget(box)
        self.due = date_edit(self.today + dt.timedelta(days=2), self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(_("e.g. cold wave, heat wave, Spring Festival"))
        self.error_label = error_label(self)
        form = QFormLayout()
        form.addRow(_("Villager group"), self.group)
        form.addRow(_("Tiers"), tier_row)
        form.addRow(_("Visit by"), self.due)
        form.addRow(_("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(_buttons(self, _("Schedule")))
        self.setMinimumWidth(440)

    def save(self) -> None:
        tiers = tuple(code for code, box in self.tiers.items() if box.isChecked())
        store, due, reason = self.context.store, self.due.date().toPython(), self.reason.text()
        group = self.group.currentData()
        done, scheduled = run_op(
            self, self.context,
            lambda: schedule_extra_visits(store, due, reason, group=group, tiers=tiers),
            refused=self.error_label.setText,
        )  # fmt: skip
        if done:
            self.scheduled = scheduled
            self.accept()
