"""Open a home adaptation case; move a case to its next step with what is settled there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from carepoint.i18n import _
from carepoint.ledgers import adaptations
from carepoint.values import parse_yuan, yuan_text

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


def item_checklist(parent: QWidget, items: tuple[str, ...], chosen: tuple[str, ...]) -> QListWidget:
    view = QListWidget(parent)
    for name in items:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        view.addItem(item)
    view.setMaximumHeight(view.sizeHintForRow(0) * len(items) + 8)
    return view


def checked(view: QListWidget) -> tuple[str, ...]:
    return tuple(
        view.item(i).text()
        for i in range(view.count())
        if view.item(i).checkState() == Qt.CheckState.Checked
    )


class CaseDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id: int | None = None
        self.setWindowTitle(_("New home adaptation case"))
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.chosen_label = QLabel(_("No resident chosen yet"), self)
        self.date_edit = date_box(self)
        self.household_edit = QLineEdit(self)
        self.others_edit = QLineEdit(self)
        self.items = item_checklist(self, adaptations.item_list(context.store), ())
        form = QFormLayout(self)
        form.addRow(_("Resident"), self.picker)
        form.addRow("", self.chosen_label)
        form.addRow(_("Applied"), self.date_edit)
        form.addRow(_("Household"), self.household_edit)
        form.addRow(_("Others living there"), self.others_edit)
        form.addRow(_("Items"), self.items)
        form.addRow(_buttons(self, self._save))
        self.picker.chosen.connect(self._chosen)

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.chosen_label.setText(self.picker.matches.currentItem().text())
        self.household_edit.setFocus()

    def _save(self) -> None:
        if self.resident_id is None:
            self.chosen_label.setText(_("Choose the resident first"))
            return
        resident_id, day = self.resident_id, from_qdate(self.date_edit.date())
        ok, _case = run_op(
            self, self.context,
            lambda: adaptations.open_case(
                self.context.store, resident_id, day, household=self.household_edit.text(),
                others=self.others_edit.text(), items=checked(self.items),
            ),
            touches={"ledgers"},
        )  # fmt: skip
        if ok:
            self.accept()


class AdvanceDialog(QDialog):
    def __init__(self, context: AppContext, case: adaptations.Case, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.case = case
        self.to_state = adaptations.STATES[adaptations.STATES.index(case.state) + 1]
        self.setWindowTitle(
            _("{name}: {state}").format(
                name=case.name, state=adaptations.state_label(self.to_state)
            )
        )
        self.date_edit = date_box(self)
        self.items = item_checklist(self, adaptations.item_list(context.store), case.items)
        self.cost_edit = QLineEdit(yuan_text(case.cost_fen) if case.cost_fen else "", self)
        self.subsidy_edit = QLineEdit(yuan_text(case.subsidy_fen) if case.subsidy_fen else "", self)
        self.contractor_edit = QLineEdit(case.contractor, self)
        form = QFormLayout(self)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Items"), self.items)
        form.addRow(_("Cost (yuan)"), self.cost_edit)
        form.addRow(_("Subsidy (yuan)"), self.subsidy_edit)
        form.addRow(_("Contractor"), self.contractor_edit)
        form.addRow(_buttons(self, self._save))

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())

        def step():
            cost = parse_yuan(self.cost_edit.text()) if self.cost_edit.text().strip() else None
            subsidy = (
                parse_yuan(self.subsidy_edit.text()) if self.subsidy_edit.text().strip() else None
            )
            return adaptations.advance(
                self.context.store, self.case.id, self.to_state, day, items=checked(self.items),
                cost_fen=cost, subsidy_fen=subsidy, contractor=self.contractor_edit.text(),
            )  # fmt: skip

        ok, _case = run_op(self, self.context, step, touches={"ledgers"})
        if ok:
            self.accept()
