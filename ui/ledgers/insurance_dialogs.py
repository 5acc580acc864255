"""A claim noted against a person; the insurer's answer to a claim."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from carepoint.i18n import _
from carepoint.ledgers import insurance
from carepoint.values import parse_yuan

from ui.context import AppContext
from ui.ledgers.common import FormDialog, ResidentFormDialog, date_box, from_qdate


class ClaimDialog(ResidentFormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New claim"), parent)
        self.date_edit = date_box(self)
        self.kind_box = QComboBox(self)
        for kind in insurance.CLAIM_KINDS:
            self.kind_box.addItem(insurance.claim_kind_label(kind), kind)
        self.claimed_edit = QLineEdit(self)
        self.claimed_edit.setPlaceholderText(_("yuan, e.g. 1200"))
        self.description_edit = QLineEdit(self)
        self.lay_out(
            (_("Date"), self.date_edit),
            (_("Accident"), self.kind_box),
            (_("Amount claimed"), self.claimed_edit),
            (_("What happened"), self.description_edit),
        )

    def first_field(self) -> QWidget:
        return self.claimed_edit

    def save_for(self, resident_id: int) -> None:
        day = from_qdate(self.date_edit.date())

        def add():
            data = insurance.ClaimInput(
                day.year, day, self.kind_box.currentData(),
                parse_yuan(self.claimed_edit.text() or "0"), self.description_edit.text(),
            )  # fmt: skip
            return insurance.add_claim(self.context.store, resident_id, data)

        self.submit(add)


class SettleDialog(FormDialog):
    def __init__(self, context: AppContext, claim: insurance.Claim, parent: QWidget | None = None):
        super().__init__(context, _("The insurer's answer"), parent)
        self.claim = claim
        self.state_box = QComboBox(self)
        for state in ("paid", "refused"):
            self.state_box.addItem(_(insurance.CLAIM_STATE_LABELS[state]), state)
        self.paid_edit = QLineEdit(self)
        self.paid_edit.setPlaceholderText(_("yuan, e.g. 800"))
        self.lay_out(
            (_("Claim"), QLabel(f"{claim.name}  {claim.incident_date.isoformat()}", self)),
            (_("State"), self.state_box),
            (_("Amount paid"), self.paid_edit),
        )
        self.state_box.currentIndexChanged.connect(
            lambda _i: self.paid_edit.setEnabled(self.state_box.currentData() == "paid")
        )

    def _save(self) -> None:
        state = self.state_box.currentData()

        def settle():
            paid = parse_yuan(self.paid_edit.text()) if state == "paid" else None
            return insurance.settle_claim(self.context.store, self.claim.id, state, paid)

        self.submit(settle)
