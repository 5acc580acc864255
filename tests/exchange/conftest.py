"""Exchange fixtures (tests/exchange/exchange_helpers.py): the passphrase and a township office."""

from exchange.exchange_helpers import office, passphrase  # noqa: F401 - fixtures are found by name
