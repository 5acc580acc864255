"""A claim noted against a person; the insurer's answer to a claim."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from carepoint.i18n import _
from carepoint.ledgers import insurance
from carepoint.values import parse_yuan

from ui.context import AppContext
from ui.ledgers.common import date_box, from_qdate
from ui.meals.resident_picker import ResidentPicker
from ui.ops import run_op


def _buttons(dialog: QDialog, save) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ClaimDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id: int | None = None
        self.setWindowTitle(_("New claim"))
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.chosen_label = QLabel(_("No resident chosen yet"), self)
        self.date_edit = date_box(self)
        self.kind_box = QComboBox(self)
        for kind in insurance.CLAIM_KINDS:
            self.kind_box.addItem(insurance.claim_kind_label(kind), kind)
        self.claimed_edit = QLineEdit(self)
        self.claimed_edit.setPlaceholderText(_("yuan, e.g. 1200"))
        self.description_edit = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(_("Resident"), self.picker)
        form.addRow("", self.chosen_label)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Accident"), self.kind_box)
        form.addRow(_("Amount claimed"), self.claimed_edit)
        form.addRow(_("What happened"), self.description_edit)
        form.addRow(_buttons(self, self._save))
        self.picker.chosen.connect(self._chosen)

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.chosen_label.setText(self.picker.matches.currentItem().text())
        self.claimed_edit.setFocus()

    def _save(self) -> None:
        if self.resident_id is None:
            self.chosen_label.setText(_("Choose the resident first"))
            return
        resident_id, day = self.resident_id, from_qdate(self.date_edit.date())

        def add():
            data = insurance.ClaimInput(
                day.year, day, self.kind_box.currentData(),
                parse_yuan(self.claimed_edit.text() or "0"), self.description_edit.text(),
            )  # fmt: skip
            return insurance.add_claim(self.context.store, resident_id, data)

        ok, _claim = run_op(self, self.context, add, touches={"ledgers"})
        if ok:
            self.accept()


class SettleDialog(QDialog):
    def __init__(self, context: AppContext, claim: insurance.Claim, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.claim = claim
        self.setWindowTitle(_("The insurer's answer"))
        self.state_box = QComboBox(self)
        for state in ("paid", "refused"):
            self.state_box.addItem(_(insurance.CLAIM_STATE_LABELS[state]), state)
        self.paid_edit = QLineEdit(self)
        self.paid_edit.setPlaceholderText(_("yuan, e.g. 800"))
        form = QFormLayout(self)
        form.addRow(_("Claim"), QLabel(f"{claim.name}  {claim.incident_date.isoformat()}", self))
        form.addRow(_("State"), self.state_box)
        form.addRow(_("Amount paid"), self.paid_edit)
        form.addRow(_buttons(self, self._save))
        self.state_box.currentIndexChanged.connect(
            lambda _i: self.paid_edit.setEnabled(self.state_box.currentData() == "paid")
        )

    def _save(self) -> None:
        state = self.state_box.currentData()

        def settle():
            paid = parse_yuan(self.paid_edit.text()) if state == "paid" else None
            return insurance.settle_claim(self.context.store, self.claim.id, state, paid)

        ok, _claim = run_op(self, self.context, settle, touches={"ledgers"})
        if ok:
            self.accept()
