"""设置: language, the idle lock, the care point's details, and (for administrators) accounts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import rules
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _, current_locale, format_date

from ui.backup.section import BackupSection
from ui.context import AppContext
from ui.idle_lock import SETTING as IDLE_SETTING
from ui.idle_lock import lock_minutes
from ui.rule_editors import RULE_EDITORS

# Each language is named in itself, so anyone can find their own.
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
ROLE_LABELS = {"village": N_("village care point"), "township": N_("township office")}


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        store = context.store
        title = QLabel(_("Settings"))
        title.setObjectName("pageTitle")

        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        chosen = store.setting("language") or current_locale()
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language_note = QLabel()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(_(" minutes"))
        self.idle_minutes.setSpecialValueText(_("never"))
        self.idle_minutes.setValue(lock_minutes(store))
        self.idle_minutes.setEnabled(context.session.can_manage_accounts)

        general = QGroupBox(_("This computer"))
        form = QFormLayout(general)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addWidget(self.language_note, 1)
        form.addRow(_("Language"), language_row)
        form.addRow(_("Lock the window after"), self.idle_minutes)

        details = QGroupBox(_("Care point"))
        facts = QFormLayout(details)
        role = store.setting("role")
        for label, value in (
            (_("Care point name"), store.setting("care_point_name")),
            (_("Role"), _(ROLE_LABELS[role]) if role in ROLE_LABELS else role),
            (_("Division code"), store.setting("village_code")),
            (_("Village"), store.setting("village_name")),
            (_("Township"), store.setting("township")),
            (_("County"), store.setting("county")),
        ):
            facts.addRow(label, QLabel(value or "—"))
        self.preset_label = QLabel()
        self.preset_button = QPushButton(_("Change…"))
        self.preset_button.setVisible(context.session.can_manage_accounts and role == "village")
        self.preset_button.clicked.connect(self.change_preset)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset_label, 1)
        preset_row.addWidget(self.preset_button)
        facts.addRow(_("Rules of"), preset_row)
        self._show_preset()

        accounts = QGroupBox(_("Accounts"))
        buttons = QHBoxLayout(accounts)
        self.own_password_button = QPushButton(_("Change my password…"))
        self.own_password_button.clicked.connect(self.change_own_password)
        buttons.addWidget(self.own_password_button)
        self.accounts_button = QPushButton(_("Manage accounts…"))
        self.accounts_button.clicked.connect(self.open_accounts)
        self.accounts_button.setVisible(context.session.can_manage_accounts)
        buttons.addWidget(self.accounts_button)
        buttons.addStretch()

        rule_tables = QGroupBox(_("Rules"))
        rule_buttons = QHBoxLayout(rule_tables)
        self.rule_buttons = []
        for title_msgid, open_editor in RULE_EDITORS:
            button = QPushButton(_(title_msgid))
            button.clicked.connect(lambda _checked=False, o=open_editor: o(self, context))
            button.setEnabled(context.session.can_manage_accounts)
            rule_buttons.addWidget(button)
            self.rule_buttons.append(button)
        rule_buttons.addStretch()
        rule_tables.setVisible(bool(RULE_EDITORS))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(general)
        layout.addWidget(details)
        layout.addWidget(rule_tables)
        layout.addWidget(accounts)
        self.backup = BackupSection(context)
        layout.addWidget(self.backup)
        layout.addStretch()

        self.language.currentIndexChanged.connect(self._language_chosen)
        self.idle_minutes.valueChanged.connect(self._idle_minutes_chosen)
        self.accounts_dialog = None
        self.password_dialog = None
        self.preset_dialog = None

    def _language_chosen(self) -> None:
        code = self.language.currentData()
        self.context.store.set_setting("language", code)
        if code == current_locale():
            self.language_note.clear()
        else:
            self.language_note.setText(_("The new language is used after CarePoint restarts."))

    def _idle_minutes_chosen(self, minutes: int) -> None:
        self.context.store.set_setting(IDLE_SETTING, str(minutes))
        self.context.changes.announce(Changed.SETTINGS)

    def _show_preset(self) -> None:
        store = self.context.store
        if store.setting("role") != "village":
            self.preset_label.setText(store.setting("rules_preset") or "—")
            return
        text = rules.presets()[rules.active_preset(store)].label
        since = rules.preset_since(store)
        if since:
            text = _("{preset} (from {date})").format(preset=text, date=format_date(since))
        self.preset_label.setText(text)

    def change_preset(self) -> None:
        from ui.preset_dialog import PresetDialog

        self.preset_dialog = PresetDialog(self.context, self)
        self.preset_dialog.accepted.connect(self._show_preset)
        self.preset_dialog.open()

    def open_accounts(self) -> None:
        from ui.accounts_dialog import AccountsDialog

        self.accounts_dialog = AccountsDialog(self.context, self)
        self.accounts_dialog.open()

    def change_own_password(self) -> None:
        from ui.accounts_dialog import PasswordDialog

        self.password_dialog = PasswordDialog(self.context, self.context.session.username, self)
        self.password_dialog.open()
