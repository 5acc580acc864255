"""Fixtures shared with the exchange pages' tests (tests/exchange_gui_fixtures.py)."""

from exchange_gui_fixtures import (  # noqa: F401 - fixtures are found by name
    answer_message_box,
    file_dialogs,
    no_unexpected_message_box,
    open_context,
    passphrase,
    show,
)
