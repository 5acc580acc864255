"""The township's passphrase, asked in a dialog that never shows it. A wrong one is said at once
in the dialog, which stays open; nothing is done until the key opens."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.exchange import keys
from carepoint.i18n import _


def _hidden_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PassphraseDialog(QDialog):
    """Checks the passphrase against the township's key; when the township has no keys yet it is
    asked twice, since it will make them."""

    def __init__(self, store: Store, purpose: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.creating = not keys.township_has_keys(store)
        self.setWindowTitle(_("Township passphrase"))
        self.field = _hidden_field()
        self.field.setObjectName("passphrase")
        self.again = _hidden_field()
        explanation = QLabel(purpose)
        explanation.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(explanation)
        if self.creating:
            form.addRow(
                QLabel(
                    _(
                        "This office has no keys yet: the passphrase you choose now protects"
                        " them. Keep it safe; it cannot be recovered."
                    )
                )  # fmt: skip
            )
        form.addRow(_("Passphrase"), self.field)
        if self.creating:
            form.addRow(_("Passphrase again"), self.again)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    @property
    def passphrase(self) -> str:
        return self.field.text()

    def problem(self) -> str | None:
        text = self.field.text()
        if self.creating:
            if len(text) < 8:
                return _("The passphrase must have at least 8 characters")
            if text != self.again.text():
                return _("The two passphrases differ; nothing was changed")
            return None
        try:
            keys.township_keys(self.store, text)
        except CarePointError as error:
            return error.message
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            self.field.clear()
            self.again.clear()
            self.field.setFocus()
            return
        super().accept()
