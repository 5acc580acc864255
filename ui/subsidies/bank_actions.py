"""The month page's way to the bank: reopen an approved, unpaid month; write the bank's payment
file (代发文件) in the chosen layout; read the bank's result back after showing what it says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.errors import CarePointError
from carepoint.i18n import _
from carepoint.subsidies import months
from carepoint.subsidies.reasons import money
from carepoint.subsidies.workflow import may

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets import file_dialogs


class BankActions(QWidget):
    """The death list for clerks and administrators; the bank and reopening for
    administrators, enabled while the month shown is approved."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.month = 0
        self.reopen_button = QPushButton(_("Reopen…"), self)
        self.reopen_button.setToolTip(
            _("Take the approved, unpaid month back and compute it again (a death recorded "
              "after approval must not be paid)")
        )  # fmt: skip
        self.layout_choice = QComboBox(self)
        self.file_button = QPushButton(_("Bank file…"), self)
        self.result_button = QPushButton(_("Bank result…"), self)
        self.two_person = QCheckBox(_("Two people for money"), self)
        self.two_person.setToolTip(
            _("The account that approves a month is not the one that computed or reviewed it; "
              "the log shows all three either way")
        )  # fmt: skip
        self.deaths_button = QPushButton(_("Death list…"), self)
        self.deaths_button.setToolTip(
            _("A death list from the crematorium, the police or health: who is still in the "
              "register, what they were paid since, and record the deaths")
        )  # fmt: skip
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.insertWidget(0, self.two_person)
        for widget in (self.deaths_button, self.reopen_button, self.layout_choice,
                       self.file_button, self.result_button):  # fmt: skip
            row.addWidget(widget)
        from carepoint.subsidies.workflow import two_person

        self.two_person.setChecked(two_person(context.store))
        self.two_person.toggled.connect(self.set_two_person)
        self.deaths_button.clicked.connect(self.death_list)
        self.reopen_button.clicked.connect(self.reopen)
        self.file_button.clicked.connect(self.write_file)
        self.result_button.clicked.connect(self.read_result)
        from carepoint.subsidies.bank import layouts

        try:
            found = layouts(context.store)
        except CarePointError:
            found = layouts()
        for key, layout in found.items():
            self.layout_choice.addItem(layout.label, key)

    def show_month(self, month: int, state: str) -> None:
        self.month = month
        role = self.context.session.role
        allowed = may(role, "pay")
        for widget in (self.reopen_button, self.layout_choice, self.file_button,
                       self.result_button, self.two_person):  # fmt: skip
            widget.setVisible(allowed)
        self.deaths_button.setVisible(may(role, "compute"))
        approved = state == "approved"
        self.reopen_button.setEnabled(approved)
        self.file_button.setEnabled(approved)
        self.layout_choice.setEnabled(approved)
        self.result_button.setEnabled(state in ("approved", "paid"))

    def set_two_person(self, on: bool) -> None:
        from carepoint.subsidies.workflow import set_two_person

        store, role = self.context.store, self.context.session.role
        done, _result = run_op(self, self.context, lambda: set_two_person(store, on, role=role),
                               touches=Changed.SUBSIDIES)  # fmt: skip
        if not done:
            self.two_person.blockSignals(True)
            self.two_person.setChecked(not on)
            self.two_person.blockSignals(False)

    def death_list(self) -> None:
        from ui.subsidies.death_list import import_death_list

        import_death_list(self, self.context)

    def reopen(self) -> None:
        from carepoint.subsidies.workflow import reopen_month

        answer = QMessageBox.question(
            self, _("Reopen"),
            _("Take {month} back to computed and compute it again? It must then be reviewed and "
              "approved again.").format(month=months.label(self.month)),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, month, role = self.context.store, self.month, self.context.session.role
        run_op(self, self.context, lambda: reopen_month(store, month, role=role),
               touches=Changed.SUBSIDIES)  # fmt: skip

    def write_file(self) -> None:
        from carepoint.subsidies.bank import write_bank_file

        name = f"代发-{months.text(self.month)}.xlsx"
        path, _filter = file_dialogs.get_save_file_name(
            self, _("Save the bank file"), str(Path.home() / name), "Excel (*.xlsx)"
        )
        if not path:
            return
        store, month, role = self.context.store, self.month, self.context.session.role
        layout = self.layout_choice.currentData()
        done, written = run_op(
            self, self.context,
            lambda: write_bank_file(store, month, Path(path), layout, role=role),
        )  # fmt: skip
        if done:
            text = _("{file}: {count} people, total {total}").format(
                file=written.path.name, count=written.people, total=money(written.total_fen)
            )
            if written.without_account:
                text += "\n" + _("No bank account: {names}").format(
                    names="、".join(written.without_account)
                )
            QMessageBox.information(self, _("Bank file"), text)

    def read_result(self) -> None:
        from carepoint.subsidies.bank import read_bank_result

        path, _filter = file_dialogs.get_open_file_name(
            self, _("The bank's result file"), str(Path.home()), "Excel / CSV (*.xlsx *.xls *.csv)"
        )
        if not path:
            return
        store, role = self.context.store, self.context.session.role
        done, preview = run_op(
            self, self.context,
            lambda: read_bank_result(store, Path(path), dry_run=True, role=role),
        )  # fmt: skip
        if not done:
            return
        lines = [_("{month}: {paid} paid, {failed} not received").format(
            month=preview.month, paid=len(preview.paid), failed=len(preview.failed))]  # fmt: skip
        lines += [f"{x.name} {money(x.amount_fen)}: {x.reason}" for x in preview.failed[:20]]
        lines += preview.problems[:20]
        answer = QMessageBox.question(
            self, _("Bank result"), "\n".join(lines) + "\n\n" + _("Record this result?")
        )
        if answer == QMessageBox.StandardButton.Yes:
            run_op(self, self.context, lambda: read_bank_result(store, Path(path), role=role),
                   touches=Changed.SUBSIDIES)  # fmt: skip
