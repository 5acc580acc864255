"""Enroll a village (at a township) or a township (at a county): write its enrollment file (onto
the USB drive that goes to it). The first enrollment makes the office's keys, protected by a
passphrase chosen here; sealing them costs scrypt about a second, so that first one runs on a
worker behind a busy bar."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from carepoint.change_areas import Changed
from carepoint.county.enrollment import enroll_township
from carepoint.errors import CarePointError
from carepoint.exchange import keys
from carepoint.exchange.enrollment import enroll_village
from carepoint.i18n import _

from ui.context import AppContext
from ui.exchange.folder_chooser import FolderChooser, still_there
from ui.exchange.passphrase import PassphraseDialog
from ui.exchange.work import WorkBar


class EnrollDialog(QDialog):
    def __init__(self, context: AppContext, parent=None, *, township: bool = False):
        """`township`: a county enrolls one of its townships (9-digit code)."""
        super().__init__(parent)
        self.context = context
        self.township = township
        self.written = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.setWindowTitle(_("Enroll a township") if township else _("Enroll a village"))
        self.code = QLineEdit()
        self.code.setMaxLength(9 if township else 12)
        self.name = QLineEdit()
        self.destination = FolderChooser()
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(_("Division code"), self.code)
        form.addRow(_("Township name") if township else _("Village name"), self.name)
        form.addRow(_("Write to"), self.destination)
        self.work = WorkBar()
        form.addRow(self.message)
        form.addRow(self.work)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(560)

    def file_name(self) -> str:
        return f"enrollment-{self.code.text().strip()}-{self.name.text().strip()}.json"

    def accept(self) -> None:
        if self.destination.folder() is None:
            self.message.setText(_("Choose the USB drive or a folder"))
            return
        if keys.township_has_keys(self.context.store):
            self._write(None)
            return
        self.passphrase_dialog = PassphraseDialog(
            self.context.store, _("The first enrollment makes this office's keys."), self
        )
        self.passphrase_dialog.accepted.connect(
            lambda: self._write(self.passphrase_dialog.passphrase)
        )
        self.passphrase_dialog.open()

    def _write(self, passphrase: str | None) -> None:
        try:
            out = still_there(self.destination.folder()) / self.file_name()
        except CarePointError as error:
            self.message.setText(error.message)
            return
        store, actor = self.context.store, self.context.session
        code, name = self.code.text(), self.name.text()

        def enroll(_progress, _cancelled):
            if self.township:
                return enroll_township(store, code, name, out, passphrase, actor=actor)
            return enroll_village(store, code, name, out, passphrase, actor=actor)

        if passphrase is None:  # the keys are there: nothing slow to do
            try:
                self._written(enroll(None, None))
            except CarePointError as error:
                self.message.setText(error.message)
            return
        self.buttons.setEnabled(False)
        busy = _("Making the county's keys…") if self.township else _("Making the township's keys…")
        self.work.start(enroll, self._written, self._failed, busy)
        self.work.cancel_button.setEnabled(False)

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)

    def _written(self, enrollment) -> None:
        self.buttons.setEnabled(True)
        self.written = enrollment
        self.context.changes.announce(Changed.EXCHANGE)
        super().accept()

    def done(self, result: int) -> None:
        self.work.wait()
        super().done(result)
