"""确认村密钥: the packages held until a village's key is confirmed, one line per village and key,
with the key's fingerprint in large digits to compare with the 入网确认单 the village signed and
stamped. Confirming imports the held packages of that key (the passphrase opens them; the work
runs on a worker); refusing throws the village's held packages away."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from carepoint.exchange.confirmation import Held, confirm_village, held_packages, refuse_held
from carepoint.i18n import _

from ui.context import AppContext
from ui.exchange.passphrase import PassphraseDialog
from ui.exchange.work import WorkBar
from ui.ops import run_op


def _keys(held: list[Held]) -> list[tuple[str, str, str, int]]:
    """(village code, village name, digits, packages) per village and key, in the held order."""
    found: dict[tuple[str, str], list[Held]] = {}
    for package in held:
        found.setdefault((package.village_code, package.digits), []).append(package)
    return [(code, group[0].village_name, digits, len(group))
            for (code, digits), group in found.items()]  # fmt: skip


class ConfirmKeysDialog(QDialog):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.keys: list[tuple[str, str, str, int]] = []
        self.passphrase_dialog: PassphraseDialog | None = None
        self.setWindowTitle(_("Confirm the villages' keys"))
        explanation = QLabel(_(
            "A village's first package is held until its key is confirmed. Compare the digits "
            "below with the 入网确认单 the village signed and stamped: confirm only when all 40 "
            "digits are the same. Digits that differ mean the package was made with a copied "
            "enrollment file: refuse it."
        ))  # fmt: skip
        explanation.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("heldKeys")
        self.table.setHorizontalHeaderLabels(
            [_("Village code"), _("Village"), _("Packages"), _("Fingerprint of the key")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.digits = QLabel()
        self.digits.setObjectName("fingerprintDigits")
        big = QFont("monospace")
        big.setPointSize(20)
        big.setStyleHint(QFont.StyleHint.Monospace)
        self.digits.setFont(big)
        self.confirm_button = QPushButton(_("The digits match: confirm this key"))
        self.confirm_button.setObjectName("primary")
        self.refuse_button = QPushButton(_("They differ: refuse the village's held packages"))
        self.close_button = QPushButton(_("Close"))
        self.work = WorkBar()
        self.message = QLabel()
        self.message.setObjectName("confirmMessage")
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.digits)
        layout.addLayout(buttons)
        layout.addWidget(self.work)
        layout.addWidget(self.message)

        self.table.itemSelectionChanged.connect(self._show_state)
        self.confirm_button.clicked.connect(self.confirm)
        self.refuse_button.clicked.connect(self.refuse)
        self.close_button.clicked.connect(self.reject)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        self.keys = _keys(held_packages(self.context.store))
        self.table.setRowCount(len(self.keys))
        for row, (code, name, digits, count) in enumerate(self.keys):
            for column, text in enumerate((code, name, str(count), digits)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.keys:
            self.table.selectRow(0)
        self._show_state()

    def chosen(self) -> tuple[str, str, str, int] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys[rows[0].row()] if rows else None

    def _show_state(self) -> None:
        chosen = self.chosen()
        self.digits.setText(chosen[2] if chosen else "")
        allowed = chosen is not None and not self.work.busy and self.context.session.can_edit
        self.confirm_button.setEnabled(allowed)
        self.refuse_button.setEnabled(allowed)

    def confirm(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.work.busy:
            return
        self.passphrase_dialog = PassphraseDialog(
            self.context.store, _("The passphrase opens the held packages."), self
        )
        self.passphrase_dialog.accepted.connect(lambda: self._confirm(chosen))
        self.passphrase_dialog.open()

    def _confirm(self, chosen) -> None:
        code, _name, digits, _count = chosen
        store, actor = self.context.store, self.context.session
        passphrase = self.passphrase_dialog.passphrase
        self.work.start(
            lambda _p, _c: confirm_village(store, code, digits, passphrase, actor=actor),
            self._confirmed, self._failed, _("Importing the held packages…"),
        )  # fmt: skip
        self.work.cancel_button.setEnabled(False)  # one transaction: whole or not at all
        self._show_state()

    def _confirmed(self, done) -> None:
        text = _("The key of village {code} is confirmed; {count} held packages imported.").format(
            code=done.village_code, count=len(done.imported)
        )
        if done.refused:
            text += " " + _("{count} packages signed with another key were thrown away.").format(
                count=len(done.refused)
            )
        self.message.setText(text)
        self.context.changes.changed.emit({"exchange"})
        self.refresh()

    def _failed(self, message: str) -> None:
        self.message.setText(_("Nothing was changed: {reason}").format(reason=message))
        self._show_state()

    def refuse(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.work.busy:
            return
        code = chosen[0]
        count = sum(key[3] for key in self.keys if key[0] == code)
        answer = QMessageBox.question(
            self, _("Refuse the held packages?"),
            _("Throw away the {count} packages held for village {code}? Nothing of them has been "
              "imported.").format(count=count, code=code),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, actor = self.context.store, self.context.session
        done, refused = run_op(
            self, self.context, lambda: refuse_held(store, code, actor=actor), touches={"exchange"}
        )
        if done:
            self.message.setText(
                _("{count} held packages of village {code} thrown away; nothing was imported")
                .format(count=len(refused), code=code)
            )  # fmt: skip
            self.refresh()

    def done(self, result: int) -> None:
        self.work.wait()  # a confirmation under way ends before the dialog goes
        super().done(result)
