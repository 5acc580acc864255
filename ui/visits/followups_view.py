"""Open follow-ups and extra visits (listed until closed), reassessments due, and the counts per
tier and villager group."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _, format_date
from carepoint.visits.assessments import reassessments_due
from carepoint.visits.due import counts_by_tier_and_group
from carepoint.visits.labels import TASK_LABELS, level_label, tier_label
from carepoint.visits.tasks import close_task, open_tasks

from ui.context import AppContext
from ui.ops import run_op
from ui.visits.common import due_words, fill, read_only_table
from ui.widgets.lists import key_of_current


def _titled(title: str, widget: QWidget, *extra: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    head = QHBoxLayout()
    head.addWidget(QLabel(f"<b>{title}</b>"))
    head.addStretch()
    for item in extra:
        head.addWidget(item)
    layout.addLayout(head)
    layout.addWidget(widget, 1)
    return box


class FollowUpsView(QWidget):
    resident_chosen = Signal(int)  # record a visit for this resident
    assessment_wanted = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tasks = read_only_table(
            [_("Name"), _("Villager group"), _("For"), _("Due"), _("When"), _("Reason")], self
        )
        self.close_button = QPushButton(_("Close without a visit…"), self)
        self.close_button.setEnabled(context.session.can_edit)
        self.close_button.clicked.connect(self.close_current)
        self.reassessments = read_only_table(
            [_("Name"), _("Villager group"), _("Last assessed"), _("Level"), _("Due"), _("Why")],
            self,
        )
        self.tasks.doubleClicked.connect(self._visit_current)
        self.reassessments.doubleClicked.connect(self._assess_current)
        splitter = QSplitter(self)
        splitter.addWidget(
            _titled(_("Open follow-ups and extra visits"), self.tasks, self.close_button)
        )
        splitter.addWidget(_titled(_("Reassessments due"), self.reassessments))
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def load(self) -> None:
        store, today = self.context.store, clock.today()
        found = open_tasks(store)
        fill(
            self.tasks,
            [[t.name, t.group_name, _(TASK_LABELS[t.kind]), format_date(t.due_date),
              due_words(t.due_date, today), t.reason] for t in found],
            [(t.id, t.resident_id) for t in found],
        )  # fmt: skip
        due = reassessments_due(store, today)
        fill(
            self.reassessments,
            [[r.name, r.group_name, format_date(r.last_assessed), level_label(r.level),
              format_date(r.due_date), _("health changed") if r.because_of_change
              else _("six months on")] for r in due],
            [r.resident_id for r in due],
        )  # fmt: skip

    def close_current(self) -> None:
        key = key_of_current(self.tasks)
        if key is None or not self.context.session.can_edit:
            return
        note, ok = QInputDialog.getText(
            self, _("Close without a visit"), _("Why is it closed without a visit?")
        )
        if not ok:
            return
        store = self.context.store
        run_op(self, self.context, lambda: close_task(store, key[0], note))

    def _visit_current(self) -> None:
        key = key_of_current(self.tasks)
        if key is not None:
            self.resident_chosen.emit(key[1])

    def _assess_current(self) -> None:
        key = key_of_current(self.reassessments)
        if key is not None:
            self.assessment_wanted.emit(key)


class TierGroupView(QWidget):
    """Residents per villager group and tier: how many, overdue, due this week."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.table = read_only_table(
            [_("Villager group"), _("Tier"), _("Residents"), _("Overdue"), _("Due this week")],
            self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def load(self) -> None:
        counts = counts_by_tier_and_group(self.context.store, clock.today())
        fill(
            self.table,
            [[c.group_name or "—", tier_label(c.tier), str(c.residents), str(c.overdue),
              str(c.due_this_week)] for c in counts],
        )  # fmt: skip
