"""结对帮扶: the pairs standing today (or every pair), new pairs, ending a pair and the helper's
visits, which count as the resident's visits."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date
from carepoint.ledgers import pairs

from ui.context import AppContext
from ui.ledgers.common import LedgerTab, current_key, fill, open_modal, table


class PairsTab(LedgerTab):
    follows = Changed.RESIDENTS | Changed.LEDGERS | Changed.VISITS

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.show_ended = QCheckBox(_("Show ended pairs"), self)
        self.new_button = QPushButton(_("New pair…"), self)
        self.visit_button = QPushButton(_("Record a visit…"), self)
        self.end_button = QPushButton(_("End pair…"), self)
        for button in (self.new_button, self.visit_button, self.end_button):
            button.setEnabled(context.session.can_edit)
        self.view = table(self, [_("Resident"), _("Group"), _("Helper"), _("Helper is"),
                                 _("Phone"), _("Paired from"), _("Paired until"),
                                 _("Visits this month")])  # fmt: skip
        top = QHBoxLayout()
        top.addWidget(self.show_ended)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.visit_button)
        top.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.show_ended.toggled.connect(lambda _on: self.refresh())
        self.new_button.clicked.connect(self.new_pair)
        self.visit_button.clicked.connect(self.record_visit)
        self.end_button.clicked.connect(self.end_pair)
        self.follow_changes()

    def refresh(self) -> None:
        today = clock.today()
        store = self.context.store
        visits = {line.pair.id: line.visits for line in pairs.pairing_roster(store, today)}
        found = pairs.list_pairs(store, None if self.show_ended.isChecked() else today)
        rows = [
            [p.resident_name, p.group_name, p.helper_name, pairs.helper_kind_label(p.helper_kind),
             p.helper_phone, format_date(p.start_date), format_date(p.end_date),
             visits.get(p.id, 0)]
            for p in found
        ]  # fmt: skip
        fill(self.view, rows, [p.id for p in found])

    def current_pair(self) -> pairs.Pair | None:
        key = current_key(self.view)
        return pairs.get_pair(self.context.store, key) if key is not None else None

    def new_pair(self) -> None:
        from ui.ledgers.pair_dialogs import PairDialog

        open_modal(self, PairDialog(self.context, self))

    def record_visit(self) -> None:
        from ui.ledgers.pair_dialogs import PairVisitDialog

        pair = self.current_pair()
        if pair is None:
            return
        open_modal(self, PairVisitDialog(self.context, pair, self))

    def end_pair(self) -> None:
        from ui.ledgers.pair_dialogs import EndPairDialog

        pair = self.current_pair()
        if pair is None:
            return
        open_modal(self, EndPairDialog(self.context, pair, self))
