"""Signing in: at start, and again when the idle lock covers the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import users
from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.i18n import _
from carepoint.session import Session


class SignInForm(QWidget):
    """Username, password and a sign-in button; emits `signed_in(Session)` on success.

    Enter in either field signs in. A failure says only that the pair was wrong, never which part.
    """

    signed_in = Signal(object)

    def __init__(self, store: Store, *, username: str = "", parent=None):
        super().__init__(parent)
        self.store = store
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setMaxLength(users.MAX_USERNAME_LENGTH)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.sign_in_button = QPushButton(_("Sign in"))
        self.sign_in_button.setAutoDefault(False)

        fields = QFormLayout()
        fields.addRow(_("Username"), self.username)
        fields.addRow(_("Password"), self.password)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch()
        self.buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(fields)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons)

        self.username.returnPressed.connect(self._username_entered)
        self.password.returnPressed.connect(self.attempt)
        self.sign_in_button.clicked.connect(self.attempt)
        self.setFocusProxy(self.password if username else self.username)

    def _username_entered(self) -> None:
        if self.password.text():
            self.attempt()
        else:
            self.password.setFocus()

    def attempt(self) -> Session | None:
        # The core makes each try after a wrong password wait longer and locks the account
        # after five; its refusal says which, in the user's language.
        try:
            session = users.sign_in(self.store, self.username.text(), self.password.text())
        except CarePointError as refused:
            self.password.clear()
            self.message.setText(refused.message)
            self.password.setFocus()
            return None
        self.password.clear()
        self.message.clear()
        self.signed_in.emit(session)
        return session


class SignInDialog(QDialog):
    """The dialog at start. After `accept`, `session` holds who signed in."""

    def __init__(self, store: Store, parent=None, *, username: str = ""):
        super().__init__(parent)
        self.session: Session | None = None
        name = store.setting("care_point_name") or store.setting("village_name")
        self.setWindowTitle(_("Sign in to {name}").format(name=name) if name else _("Sign in"))
        title = QLabel(name or "CarePoint")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = SignInForm(store, username=username)
        quit_button = QPushButton(_("Quit"))
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)
        self.form.buttons.insertWidget(1, quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.form)
        self.setMinimumWidth(380)
        self.form.signed_in.connect(self._signed_in)
        self.form.setFocus()

    def _signed_in(self, session: Session) -> None:
        self.session = session
        self.accept()
