"""确认村密钥: the packages held until a village's key is confirmed, one line per village and key,
with the key's fingerprint in large digits to compare with the 入网确认单 the village signed and
stamped. The clerk types the digits from the paper (all 40, or three groups the dialog picks at
random and names), and confirming is possible only once they match: a click on "they match" alone
let a skimming clerk pass a key ground to share the first and last groups. Confirming imports the
held packages of that key (the passphrase opens them; the work runs on a worker); refusing throws
the village's held packages away."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from carepoint.change_areas import Changed
from carepoint.exchange.confirmation import (
    Held,
    confirm_village,
    held_packages,
    pick_groups,
    refuse_held,
    slip_entry,
)
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
        self.groups: list[int] = pick_groups()
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
        self.several = QLabel()
        self.several.setObjectName("severalKeys")
        self.several.setWordWrap(True)
        self.ask = QLabel()
        self.ask.setObjectName("slipAsk")
        self.ask.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setObjectName("slipDigits")
        self.typed.setPlaceholderText(_("Digits from the 入网确认单"))
        self.typed.setFont(big)
        self.check = QLabel()
        self.check.setObjectName("slipCheck")
        self.check.setWordWrap(True)
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
        layout.addWidget(self.several)
        layout.addWidget(self.ask)
        layout.addWidget(self.typed)
        layout.addWidget(self.check)
        layout.addLayout(buttons)
        layout.addWidget(self.work)
        layout.addWidget(self.message)

        self.table.itemSelectionChanged.connect(self._chose)
        self.typed.textChanged.connect(self._show_state)
        self.typed.returnPressed.connect(self.confirm)
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
        self._chose()

    def chosen(self) -> tuple[str, str, str, int] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys[rows[0].row()] if rows else None

    def _chose(self) -> None:
        """Another line: new groups to type, and what was typed for the last one goes."""
        self.groups = pick_groups()
        self.typed.clear()
        self._show_state()

    def matches(self) -> bool | None:
        chosen = self.chosen()
        return slip_entry(chosen[2], self.typed.text(), self.groups) if chosen else None

    def _show_state(self) -> None:
        chosen = self.chosen()
        self.digits.setText(chosen[2] if chosen else "")
        others = [key for key in self.keys if chosen and key[0] == chosen[0]]
        self.several.setText(
            _("{count} different keys are held for village {code}: only one of them is the "
              "village's, the others were made with a copy of its enrollment file. Compare with "
              "the 入网确认单 on paper.").format(count=len(others), code=chosen[0])
            if len(others) > 1 else ""
        )  # fmt: skip
        a, b, c = self.groups
        self.ask.setText(
            _("Type the digits from the 入网确认单 on paper, not from this screen: all 40, or "
              "groups {a}, {b} and {c}.").format(a=a, b=b, c=c) if chosen else ""
        )  # fmt: skip
        match = self.matches()
        self.check.setText(
            "" if match is None or not chosen else _("The digits match this key.") if match else
            _("These digits are not this key's; nothing was changed. Check them against the "
              "入网确认单 again: if they are right, this key is not the village's.")
        )  # fmt: skip
        allowed = chosen is not None and not self.work.busy and self.context.session.can_edit
        self.typed.setEnabled(allowed)
        self.confirm_button.setEnabled(allowed and match is True)
        self.refuse_button.setEnabled(allowed)

    def confirm(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.work.busy or not self.confirm_button.isEnabled():
            self._show_state()  # Return on a wrong or short entry: say so, change nothing
            if chosen is not None and self.matches() is None and self.typed.text().strip():
                self.check.setText(
                    _("Not complete: type all 40 digits, or the three groups named above.")
                )
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
        self.context.changes.announce(Changed.EXCHANGE)
        self.refresh()

    def _failed(self, message: str) -> None:
        self.message.setText(message)  # the core's refusal, which says what was (not) done
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
            self, self.context, lambda: refuse_held(store, code, actor=actor),
            touches=Changed.EXCHANGE,
        )  # fmt: skip
        if done:
            self.message.setText(
                _("{count} held packages of village {code} thrown away; nothing was imported")
                .format(count=len(refused), code=code)
            )  # fmt: skip
            self.refresh()

    def done(self, result: int) -> None:
        self.work.wait()  # a confirmation under way ends before the dialog goes
        super().done(result)
