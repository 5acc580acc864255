"""Accounts (administrators only): list, add, change role, reset a password, disable, enable.

Problems are shown inside the dialog rather than in a message box, so a refused change (the last
administrator, a short password) reads as part of the form and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from carepoint import users
from carepoint.change_areas import Changed
from carepoint.i18n import _, pgettext
from carepoint.session import ROLE_LABELS, ROLES

from ui.context import AppContext
from ui.ops import run_op


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _role_combo() -> QComboBox:
    combo = QComboBox()
    for role in ROLES:
        combo.addItem(_(ROLE_LABELS[role]), role)
    return combo


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


class _AccountForm(QDialog):
    """A small form whose OK runs one account change; problems stay in the form."""

    def __init__(self, context: AppContext, title: str, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)

    def run_change(self, change: Callable[[], object]) -> bool:
        done, _result = run_op(
            self, self.context, change, touches=Changed.ACCOUNTS, refused=self.message.setText
        )
        if done:
            self.accept()
        return done


class NewAccountDialog(_AccountForm):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, _("New account"), parent)
        self.username = QLineEdit()
        self.username.setMaxLength(users.MAX_USERNAME_LENGTH)
        self.role = _role_combo()
        self.role.setCurrentIndex(self.role.findData("clerk"))
        self.password = _password_edit()
        self.repeated = _password_edit()
        self.form.addRow(_("Username"), self.username)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow(_("Password"), self.password)
        self.form.addRow(_("Password again"), self.repeated)

    def save(self) -> None:
        problem = users.username_problem(self.username.text()) or users.password_problem(
            self.password.text(), self.repeated.text()
        )
        if problem:
            self.message.setText(problem)
            return
        self.run_change(
            lambda: users.create_account(
                self.context.store,
                self.username.text(),
                self.password.text(),
                self.role.currentData(),
            )
        )


class PasswordDialog(_AccountForm):
    """Reset someone's password (administrator), or change one's own with the current one."""

    def __init__(self, context: AppContext, username: str, parent=None):
        super().__init__(context, _("Password of {username}").format(username=username), parent)
        self.username = username
        self.own = username == context.session.username
        self.current = _password_edit()
        self.password = _password_edit()
        self.repeated = _password_edit()
        if self.own:
            self.form.addRow(_("Current password"), self.current)
        self.form.addRow(_("New password"), self.password)
        self.form.addRow(_("New password again"), self.repeated)

    def save(self) -> None:
        store = self.context.store
        if self.own and users.authenticate(store, self.username, self.current.text()) is None:
            self.message.setText(_("The current password is not right"))
            return
        problem = users.password_problem(self.password.text(), self.repeated.text())
        if problem:
            self.message.setText(problem)
            return
        self.run_change(
            lambda: users.change_password(self.context.store, self.username, self.password.text())
        )


class AccountsDialog(QDialog):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Accounts"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Username"), _("Role"), _("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = _error_label()

        self.add_button = QPushButton(_("Add…"))
        self.role = _role_combo()
        self.role_button = QPushButton(_("Set role"))
        self.password_button = QPushButton(_("Reset password…"))
        self.active_button = QPushButton(_("Disable"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        actions = QHBoxLayout()
        for widget in (self.add_button, self.role, self.role_button, self.password_button):
            actions.addWidget(widget)
        actions.addWidget(self.active_button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(640, 380)

        self.add_button.clicked.connect(self.add_account)
        self.role_button.clicked.connect(self.set_role)
        self.password_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        context.changes.follow(self, Changed.ACCOUNTS, self._changed)
        self.form: QDialog | None = None
        self.reload()

    def reload(self, select: str | None = None) -> None:
        select = select or self.selected_username()
        self.accounts = users.list_accounts(self.context.store)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            if account.active:
                state = pgettext("account", "active")
            else:
                state = pgettext("account", "disabled")
            for column, text in enumerate((account.username, _(ROLE_LABELS[account.role]), state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if account.username == select:
                self.table.selectRow(row)
        self._selection_changed()

    def select(self, username: str) -> None:
        for row, account in enumerate(self.accounts):
            if account.username == username:
                self.table.selectRow(row)

    def selected_username(self) -> str | None:
        account = self._selected()
        return account.username if account else None

    def _selected(self) -> users.Account | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        account = self._selected()
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(account is not None)
        if account:
            self.role.setCurrentIndex(self.role.findData(account.role))
            self.active_button.setText(_("Disable") if account.active else _("Enable"))

    def _changed(self, _changed: Changed) -> None:
        self.reload()

    def _run(self, change: Callable[[], object]) -> bool:
        done, _result = run_op(
            self, self.context, change, touches=Changed.ACCOUNTS, refused=self.message.setText,
            success=lambda _result: self.message.clear(),
        )  # fmt: skip
        return done

    def add_account(self) -> None:
        self.form = NewAccountDialog(self.context, self)
        self.form.open()

    def reset_password(self) -> None:
        username = self.selected_username()
        if username:
            self.form = PasswordDialog(self.context, username, self)
            self.form.open()

    def set_role(self) -> None:
        username = self.selected_username()
        if username:
            role = self.role.currentData()
            self._run(lambda: users.set_role(self.context.store, username, role))

    def toggle_active(self) -> None:
        account = self._selected()
        if account:
            store = self.context.store
            self._run(lambda: users.set_active(store, account.username, not account.active))
