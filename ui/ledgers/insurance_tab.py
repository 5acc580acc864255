"""意外伤害保险: who is insured this year by the locality's rule, the list in the insurer's
layout, and claims noted against people with the insurer's answer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date, format_fen
from carepoint.ledgers import insurance

from ui.context import AppContext
from ui.ledgers.common import LedgerTab, current_key, fill, open_modal, table
from ui.ops import run_op
from ui.widgets import file_dialogs

GENDER = {"male": "男", "female": "女"}


class InsuranceTab(LedgerTab):
    follows = Changed.RESIDENTS | Changed.LEDGERS | Changed.RULES

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.year_box = QSpinBox(self)
        self.year_box.setRange(2000, clock.today().year + 1)
        self.year_box.setValue(clock.today().year)
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.export_button = QPushButton(_("Export for the insurer…"), self)
        self.claim_button = QPushButton(_("New claim…"), self)
        self.settle_button = QPushButton(_("The insurer's answer…"), self)
        for button in (self.claim_button, self.settle_button):
            button.setEnabled(context.session.can_edit)
        self.view = table(self, [_("Name"), _("Gender"), _("ID number"), _("Age"), _("Group")])
        self.claims = table(self, [_("Date"), _("Name"), _("Accident"), _("Amount claimed"),
                                   _("Amount paid"), _("State")])  # fmt: skip
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Policy year"), self))
        top.addWidget(self.year_box)
        top.addWidget(self.rule_label, 1)
        top.addWidget(self.export_button)
        claims_bar = QHBoxLayout()
        claims_bar.addWidget(QLabel(_("Claims"), self))
        claims_bar.addStretch(1)
        claims_bar.addWidget(self.claim_button)
        claims_bar.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 3)
        layout.addLayout(claims_bar)
        layout.addWidget(self.claims, 1)
        self.year_box.valueChanged.connect(lambda _y: self.refresh())
        self.export_button.clicked.connect(self.choose_export_file)
        self.claim_button.clicked.connect(self.new_claim)
        self.settle_button.clicked.connect(self.settle)
        self.follow_changes()

    def refresh(self) -> None:
        store, year = self.context.store, self.year_box.value()
        rule = insurance.rule_for(store, year)
        people = insurance.insured_list(store, year)
        self.rule_label.setText(
            _("{count} people insured: aged {age} or over on {day}{categories}").format(
                count=len(people), age=rule.min_age, day=format_date(rule.reference_day(year)),
                categories=_(", in the categories {codes}").format(codes=", ".join(rule.categories))
                if rule.categories else "",
            )
        )  # fmt: skip
        mask = not self.context.session.can_see_sensitive
        from carepoint.privacy import mask_id_number

        rows = [[p.name, GENDER.get(p.gender, p.gender),
                 mask_id_number(p.id_number) if mask else p.id_number, p.age, p.group_name]
                for p in people]  # fmt: skip
        fill(self.view, rows, [p.id for p in people])
        claims = insurance.claims_in(store, year)
        rows = [
            [format_date(c.incident_date), c.name, insurance.claim_kind_label(c.kind),
             format_fen(c.claimed_fen), format_fen(c.paid_fen) if c.paid_fen else "",
             _(insurance.CLAIM_STATE_LABELS[c.state])]
            for c in claims
        ]  # fmt: skip
        fill(self.claims, rows, [c.id for c in claims])

    def choose_export_file(self) -> None:
        name = _("insured-{year}.xlsx").format(year=self.year_box.value())
        path, _filter = file_dialogs.get_save_file_name(
            self, _("Export for the insurer"), name, _("Spreadsheets (*.xlsx *.csv)")
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path, layout_file: Path | None = None) -> bool:
        from carepoint.ledgers.insurance_export import BUILT_IN, export_insured, read_layout

        year = self.year_box.value()

        def write():
            layout = read_layout(layout_file) if layout_file else BUILT_IN
            return export_insured(self.context.store, year, path, layout)

        ok, _path = run_op(self, self.context, write)
        return ok

    def new_claim(self) -> None:
        from ui.ledgers.insurance_dialogs import ClaimDialog

        open_modal(self, ClaimDialog(self.context, self))

    def settle(self) -> None:
        from ui.ledgers.insurance_dialogs import SettleDialog

        key = current_key(self.claims)
        if key is None:
            return
        claim = insurance.get_claim(self.context.store, key)
        open_modal(self, SettleDialog(self.context, claim, self))
