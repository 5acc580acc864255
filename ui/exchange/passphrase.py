"""The township's passphrase, asked in a dialog that never shows it. A wrong one is said at once
in the dialog, which stays open; nothing is done until the key opens. Opening the key costs scrypt
its 128 MiB and about a second: it runs on a worker while a busy bar moves, so the window never
freezes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
)

from carepoint.db import Store
from carepoint.exchange import keys
from carepoint.i18n import _

from ui.tasks import Worker, tasks_for


def _hidden_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PassphraseDialog(QDialog):
    """Checks the passphrase against the township's key; when the township has no keys yet it is
    asked twice, since it will make them."""

    def __init__(self, store: Store, purpose: str, parent=None, *, village_key: bool = False):
        """`village_key`: the village's recovery passphrase, which opens its signing key."""
        super().__init__(parent)
        self.store = store
        self.village_key = village_key
        self.creating = not village_key and not keys.township_has_keys(store)
        self.setWindowTitle(_("Recovery passphrase") if village_key else _("Township passphrase"))
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
        self.busy = QProgressBar()
        self.busy.setObjectName("unlockBusy")
        self.busy.setRange(0, 0)  # moving while the key is being opened
        self.busy.setFormat(_("Opening the key…"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.worker: Worker | None = None
        self.thread = None
        form.addRow(self.message)
        form.addRow(self.busy)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    @property
    def passphrase(self) -> str:
        return self.field.text()

    def problem(self) -> str | None:
        """What is wrong with a new passphrase (an existing one is tried on a worker)."""
        text = self.field.text()
        if len(text) < 8:
            return _("The passphrase must have at least 8 characters")
        if text != self.again.text():
            return _("The two passphrases differ; nothing was changed")
        return None

    @property
    def checking(self) -> bool:
        return self.thread is not None

    def accept(self) -> None:
        if self.checking:
            return
        if self.creating:
            self._answer(self.problem())
            return
        store, text = self.store, self.field.text()
        self.message.clear()
        self.busy.show()
        self.buttons.setEnabled(False)
        self.field.setEnabled(False)
        opens = keys.village_sign_key if self.village_key else keys.township_keys
        # On the window's task manager; the answer comes to this dialog on the GUI thread.
        task = tasks_for(self).start(
            lambda _progress, _cancelled: opens(store, text),
            finished=self._opened, failed=self._answer, owner=self,
        )  # fmt: skip
        self.worker, self.thread = task.worker, task.thread

    def _opened(self, _keys) -> None:
        self._answer(None)

    def _answer(self, problem: str | None) -> None:
        if self.thread is not None:
            self.thread.wait()  # it is only quitting: the job has ended
            self.thread = None
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.field.setEnabled(True)
        if problem:
            self.message.setText(problem)
            self.field.clear()
            self.again.clear()
            self.field.setFocus()
            return
        super().accept()

    def reject(self) -> None:
        if not self.checking:  # scrypt cannot stop halfway; it ends within a second or two
            super().reject()
