"""本村密钥: the village's key on the exchange page. The 入网确认单 (the key's fingerprint, for the
township to compare) is printed here, and the recovery passphrase is set here: it locks the
signing key on this PC and in every backup, and the 密钥恢复单 printed after says where it is kept
(never the passphrase itself). The same core functions as `carepoint keys recovery` and
`carepoint sync slip | recovery-sheet`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from carepoint.change_areas import Changed
from carepoint.exchange import keys
from carepoint.exchange.confirmation import own_digits
from carepoint.i18n import _
from carepoint.reports.enrollment_slip import write_enrollment_slip, write_recovery_sheet

from ui.context import AppContext
from ui.exchange.work import WorkBar
from ui.ops import run_op
from ui.widgets import file_dialogs


def _hidden() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class RecoveryDialog(QDialog):
    """Set (or change) the recovery passphrase; then save the 密钥恢复单."""

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.locked = keys.sign_key_locked(context.store)
        self.setWindowTitle(_("Recovery passphrase"))
        explanation = QLabel(_(
            "The recovery passphrase locks this village's signing key on this PC and in every "
            "backup. When the PC is replaced, the last backup is restored on the new one with "
            "this passphrase. Choose one of at least 8 characters and keep it apart from the PC: "
            "the 密钥恢复单 printed next says where, not what it is."
        ))  # fmt: skip
        explanation.setWordWrap(True)
        self.current = _hidden()
        self.current.setObjectName("currentPassphrase")
        self.field = _hidden()
        self.field.setObjectName("newPassphrase")
        self.again = _hidden()
        self.again.setObjectName("newPassphraseAgain")
        self.kept = QLineEdit()
        self.kept.setObjectName("keptWhere")
        self.kept.setPlaceholderText(_("e.g. sealed envelope in the village committee's safe"))
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.work = WorkBar()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(explanation)
        if self.locked:
            form.addRow(_("Passphrase set before"), self.current)
        form.addRow(_("New passphrase"), self.field)
        form.addRow(_("New passphrase again"), self.again)
        form.addRow(_("Where it will be kept"), self.kept)
        form.addRow(self.message)
        form.addRow(self.work)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sheet: Path | None = None
        self.setMinimumWidth(520)

    def problem(self) -> str | None:
        if len(self.field.text()) < 8:
            return _("The passphrase must have at least 8 characters")
        if self.field.text() != self.again.text():
            return _("The two passphrases differ; nothing was changed")
        if not self.kept.text().strip():
            return _("Say where the recovery passphrase is kept")
        return None

    def accept(self) -> None:
        if self.work.busy:
            return
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        store, actor = self.context.store, self.context.session
        new, current = self.field.text(), self.current.text() if self.locked else None
        self.message.clear()
        self.buttons.setEnabled(False)
        self.work.start(  # scrypt: about a second, off the GUI thread
            lambda _p, _c: keys.set_recovery_passphrase(store, new, current=current, actor=actor),
            self._set, self._failed, _("Locking the key…"),
        )  # fmt: skip
        self.work.cancel_button.setEnabled(False)

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)
        self.current.clear()

    def _set(self, _result) -> None:
        self.buttons.setEnabled(True)
        self.context.changes.changed.emit({"exchange"})
        name, _chosen = file_dialogs.get_save_file_name(
            self, _("Save the key recovery sheet"), str(Path.home() / "密钥恢复单.pdf"),
            _("PDF file (*.pdf)"),
        )  # fmt: skip
        if name:
            store, kept = self.context.store, self.kept.text()
            done, written = run_op(
                self, self.context, lambda: write_recovery_sheet(store, Path(name), kept),
                touches=Changed.NOTHING,
            )  # fmt: skip
            self.sheet = written if done else None
        super().accept()

    def done(self, result: int) -> None:
        self.work.wait()
        super().done(result)


class VillageKeyBox(QGroupBox):
    """The fingerprint, whether the key is locked, and the two papers."""

    def __init__(self, context: AppContext, parent=None):
        super().__init__(_("This village's key"), parent)
        self.context = context
        self.state = QLabel()
        self.state.setObjectName("villageKeyState")
        self.state.setWordWrap(True)
        self.slip_button = QPushButton(_("Print the 入网确认单…"))
        self.recovery_button = QPushButton(_("Recovery passphrase…"))
        self.dialog: RecoveryDialog | None = None
        row = QHBoxLayout(self)
        row.addWidget(self.state, 1)
        row.addWidget(self.slip_button)
        row.addWidget(self.recovery_button)
        self.slip_button.clicked.connect(self.print_slip)
        self.recovery_button.clicked.connect(self.set_recovery)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if not store.setting("exchange_sign_public"):
            self.state.setText(_("This care point has no exchange key yet"))
            self.slip_button.setEnabled(False)
            self.recovery_button.setEnabled(False)
            return
        locked = keys.sign_key_locked(store)
        text = _("Fingerprint: {digits}").format(digits=own_digits(store)) + "\n" + (
            _("Locked with the recovery passphrase; backups carry it.") if locked else
            _("No recovery passphrase yet: set one, or a new PC cannot go on sending packages.")
        )  # fmt: skip
        self.state.setText(text)
        allowed = self.context.session.role == "administrator"
        self.slip_button.setEnabled(True)
        self.recovery_button.setEnabled(allowed)

    def print_slip(self) -> None:
        name, _chosen = file_dialogs.get_save_file_name(
            self, _("Save the 入网确认单"), str(Path.home() / "入网确认单.pdf"),
            _("PDF file (*.pdf)"),
        )  # fmt: skip
        if name:
            store = self.context.store
            run_op(self, self.context, lambda: write_enrollment_slip(store, Path(name)),
                   touches=Changed.NOTHING)  # fmt: skip

    def set_recovery(self) -> None:
        self.dialog = RecoveryDialog(self.context, self)
        self.dialog.finished.connect(lambda _result: self.refresh())
        self.dialog.open()
