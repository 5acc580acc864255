"""What a backup holds, shown before anything is replaced; the user confirms or goes back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from carepoint import migrations
from carepoint.i18n import _, format_number
from carepoint.safety.facts import SHOWN_COUNTS
from carepoint.safety.restore import RestorePlan, made_at_text


class RestoreDialog(QDialog):
    def __init__(self, plan: RestorePlan, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Restore from a backup"))
        facts = plan.backup
        form = QFormLayout()
        rows = [
            (_("File"), facts.path.name),
            (_("Made"), made_at_text(facts)),
            (_("Village"), f"{facts.village_name} ({facts.village_code})"),
            (_("Data version"), _("{found} (this program: {known})").format(
                found=facts.schema_version, known=migrations.latest_version())),
        ]
        rows += [(_(label), format_number(facts.counts.get(key, 0)))
                 for key, (label, _sql) in SHOWN_COUNTS.items()]
        self.values = {}
        for label, value in rows:
            shown = QLabel(value)
            form.addRow(label, shown)
            self.values[label] = shown
        # On a new PC the village's keys come back from the backup with the passphrase written
        # on its key recovery sheet (密钥恢复单).
        self.key_passphrase = QLineEdit()
        self.key_passphrase.setObjectName("keyPassphrase")
        self.key_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        if plan.needs_key_passphrase:
            form.addRow(_("Recovery passphrase (密钥恢复单)"), self.key_passphrase)
        self.warnings = QLabel("\n".join(plan.warnings()))
        self.warnings.setObjectName("warningText")
        self.warnings.setStyleSheet("color: #b00020")
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(plan.warnings()))
        note = QLabel(_("The data as it is now is kept as a safety copy in the backups folder. "
                        "CarePoint closes after restoring; start it again."))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warnings)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
