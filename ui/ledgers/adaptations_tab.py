"""适老化改造: the cases with where each stands, a new case, and the next step of a case."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date, format_fen
from carepoint.ledgers import adaptations

from ui.context import AppContext
from ui.ledgers.common import LedgerTab, current_key, fill, open_modal, table
from ui.ops import run_op


class AdaptationsTab(LedgerTab):
    follows = Changed.RESIDENTS | Changed.LEDGERS | Changed.RULES

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.state_box = QComboBox(self)
        self.state_box.addItem(_("All cases"), None)
        for state in adaptations.STATES:
            self.state_box.addItem(adaptations.state_label(state), state)
        self.new_button = QPushButton(_("New case…"), self)
        self.advance_button = QPushButton(_("Next step…"), self)
        self.photo_button = QPushButton(_("Add photos…"), self)
        for button in (self.new_button, self.advance_button, self.photo_button):
            button.setEnabled(context.session.can_edit)
        self.view = table(self, [_("Name"), _("Group"), _("Items"), _("State"), _("Since"),
                                 _("Cost"), _("Subsidy"), _("Contractor"),
                                 _("Photos")])  # fmt: skip
        self.totals = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.state_box)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.advance_button)
        top.addWidget(self.photo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        self.state_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.new_case)
        self.advance_button.clicked.connect(self.next_step)
        self.photo_button.clicked.connect(self.choose_photos)
        self.follow_changes()

    def refresh(self) -> None:
        cases = adaptations.list_cases(self.context.store, self.state_box.currentData())
        rows = [[c.name, c.group_name, "、".join(c.items), adaptations.state_label(c.state),
                 format_date(c.last_date), format_fen(c.cost_fen), format_fen(c.subsidy_fen),
                 c.contractor, "、".join(c.photos)] for c in cases]  # fmt: skip
        fill(self.view, rows, [c.id for c in cases])
        self.totals.setText(
            _("{count} cases; cost {cost}, subsidy {subsidy}").format(
                count=len(cases),
                cost=format_fen(sum(c.cost_fen for c in cases)),
                subsidy=format_fen(sum(c.subsidy_fen for c in cases)),
            )  # fmt: skip
        )

    def new_case(self) -> None:
        from ui.ledgers.adaptation_dialogs import CaseDialog

        open_modal(self, CaseDialog(self.context, self))

    def next_step(self) -> None:
        from ui.ledgers.adaptation_dialogs import AdvanceDialog

        key = current_key(self.view)
        if key is None:
            return
        case = adaptations.get_case(self.context.store, key)
        if case.state == "archived":
            return
        open_modal(self, AdvanceDialog(self.context, case, self))

    def choose_photos(self) -> None:
        from ui.ledgers.common import choose_photo_files

        if current_key(self.view) is None:
            return
        paths = choose_photo_files(self)
        if paths:
            self.add_photos(paths)

    def add_photos(self, paths: list) -> bool:
        from carepoint.ledgers.photos import add_photos

        key = current_key(self.view)
        if key is None:
            return False
        ok, _names = run_op(
            self, self.context,
            lambda: add_photos(self.context.store, "adaptation_case", key, paths),
            touches=Changed.LEDGERS,
        )  # fmt: skip
        return ok
