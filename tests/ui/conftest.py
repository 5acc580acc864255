"""Qt fixtures: the application set up as the real one is (font, style, Qt's translations), a
village with accounts, a signed-in context and a main window."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from carepoint import users
from carepoint.session import Session

from ui.context import AppContext

ADMIN_PASSWORD = "taoyuan-2026"
CLERK_PASSWORD = "clerk-password"
VIEWER_PASSWORD = "viewer-password"


def _commit_text(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def type_chinese():
    """Type Chinese as a cadre does, through an input method (QTest can only send ASCII keys)."""
    return _commit_text


@pytest.fixture
def passwords():
    return {"admin": ADMIN_PASSWORD, "clerk1": CLERK_PASSWORD, "viewer1": VIEWER_PASSWORD}


@pytest.fixture(scope="session", autouse=True)
def carepoint_app(qapp):
    """The session QApplication, prepared like `carepoint gui` prepares it, in Chinese."""
    from ui.qt_setup import install_qt_translations, prepare_application

    prepare_application()
    install_qt_translations("zh_CN")
    return qapp


@pytest.fixture
def village(store):
    """The initialised test village with three accounts: admin, clerk1 and viewer1."""
    store.actor = "admin"
    users.create_account(store, "admin", ADMIN_PASSWORD, "administrator")
    users.create_account(store, "clerk1", CLERK_PASSWORD, "clerk")
    users.create_account(store, "viewer1", VIEWER_PASSWORD, "viewer")
    return store


@pytest.fixture
def context(village):
    return AppContext(village, Session("admin", "administrator"))


@pytest.fixture
def make_window(qtbot):
    """Build main windows for a test; each is closed (saving its geometry) before the data is."""
    from ui.main_window import MainWindow

    windows = []

    def make(context: AppContext, **options) -> MainWindow:
        window = MainWindow(context, **options)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def main_window(make_window, context):
    window = make_window(context)
    window.show()
    return window
