"""Open a home adaptation case; move a case to its next step with what is settled there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from carepoint.i18n import _
from carepoint.ledgers import adaptations
from carepoint.values import parse_yuan, yuan_text

from ui.context import AppContext
from ui.ledgers.common import FormDialog, ResidentFormDialog, date_box, from_qdate


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


def _yuan_or_none(edit: QLineEdit) -> int | None:
    """An empty box leaves the amount as it was."""
    return parse_yuan(edit.text()) if edit.text().strip() else None


class CaseDialog(ResidentFormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New home adaptation case"), parent)
        self.date_edit = date_box(self)
        self.household_edit = QLineEdit(self)
        self.others_edit = QLineEdit(self)
        self.items = item_checklist(self, adaptations.item_list(context.store), ())
        self.lay_out(
            (_("Applied"), self.date_edit),
            (_("Household"), self.household_edit),
            (_("Others living there"), self.others_edit),
            (_("Items"), self.items),
        )

    def first_field(self) -> QWidget:
        return self.household_edit

    def save_for(self, resident_id: int) -> None:
        day = from_qdate(self.date_edit.date())
        self.submit(
            lambda: adaptations.open_case(
                self.context.store, resident_id, day, household=self.household_edit.text(),
                others=self.others_edit.text(), items=checked(self.items),
            )
        )  # fmt: skip


class AdvanceDialog(FormDialog):
    def __init__(self, context: AppContext, case: adaptations.Case, parent: QWidget | None = None):
        to_state = adaptations.STATES[adaptations.STATES.index(case.state) + 1]
        title = _("{name}: {state}").format(name=case.name, state=adaptations.state_label(to_state))
        super().__init__(context, title, parent)
        self.case = case
        self.to_state = to_state
        self.date_edit = date_box(self)
        self.items = item_checklist(self, adaptations.item_list(context.store), case.items)
        self.cost_edit = QLineEdit(yuan_text(case.cost_fen) if case.cost_fen else "", self)
        self.subsidy_edit = QLineEdit(yuan_text(case.subsidy_fen) if case.subsidy_fen else "", self)
        self.contractor_edit = QLineEdit(case.contractor, self)
        self.lay_out(
            (_("Date"), self.date_edit),
            (_("Items"), self.items),
            (_("Cost (yuan)"), self.cost_edit),
            (_("Subsidy (yuan)"), self.subsidy_edit),
            (_("Contractor"), self.contractor_edit),
        )

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        self.submit(
            lambda: adaptations.advance(
                self.context.store, self.case.id, self.to_state, day, items=checked(self.items),
                cost_fen=_yuan_or_none(self.cost_edit),
                subsidy_fen=_yuan_or_none(self.subsidy_edit),
                contractor=self.contractor_edit.text(),
            )
        )  # fmt: skip
