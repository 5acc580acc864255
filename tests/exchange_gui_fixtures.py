"""Fixtures of the exchange and township GUI tests: a township office and its villages made through
the command line (tests/exchange/exchange_helpers.py), then one data folder opened for the page
under test. Data is built before that folder is opened: the models follow the folder opened last.
"""

from __future__ import annotations

import pytest
from exchange.exchange_helpers import office  # noqa: F401 - fixtures found by name
from message_box_fixtures import answer_message_box, no_unexpected_message_box  # noqa: F401
from service_page_fixtures import show  # noqa: F401

from PySide6.QtCore import Qt

from carepoint import i18n
from carepoint.db import open_store
from carepoint.session import Session

from ui.context import AppContext
from ui.widgets import file_dialogs as shared_dialogs

# Typed into a password field, which takes keys and no input method: plain ASCII.
GUI_PASSPHRASE = "baitu-minzheng-2026"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    """The township's keys are made with this passphrase when the office is set up."""
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", GUI_PASSPHRASE)
    return GUI_PASSPHRASE


@pytest.fixture
def open_context():
    """open(folder) → an AppContext signed in as an administrator; closed after the test."""
    opened = []

    def open_(folder, role="administrator") -> AppContext:
        i18n.set_language("zh_CN")  # the command line of the setup ran in English
        store = open_store(folder, actor="admin")
        opened.append(store)
        return AppContext(store, Session("admin", role))

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def file_dialogs(monkeypatch):
    """What the cadre picks in the next file dialogs: set `.file`, `.files`, `.folder` or
    `.save` (the name typed in a save dialog)."""

    class Picks:
        file = ""
        files: list[str] = []
        folder = ""
        save = ""

    picks = Picks()
    # The pages ask through the shared Chinese dialogs (ui/widgets/file_dialogs); a test that
    # opens the real dialog uses file_dialog_fixtures instead.
    monkeypatch.setattr(
        shared_dialogs, "get_open_file_name", lambda *a, **k: (str(picks.file), "")
    )
    monkeypatch.setattr(
        shared_dialogs, "get_open_file_names", lambda *a, **k: ([str(f) for f in picks.files], "")
    )
    monkeypatch.setattr(
        shared_dialogs, "get_existing_directory", lambda *a, **k: str(picks.folder)
    )
    monkeypatch.setattr(shared_dialogs, "get_save_file_name", lambda *a, **k: (str(picks.save), ""))
    return picks


def click(qtbot, button) -> None:
    """Click a button as the cadre would; it must be enabled."""
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def column(table, number: int) -> list[str]:
    return [table.item(row, number).text() for row in range(table.rowCount())]
