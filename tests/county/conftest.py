"""County fixtures (tests/county/county_helpers.py)."""

from county.county_helpers import county  # noqa: F401 - fixtures are found by name
from exchange.exchange_helpers import passphrase  # noqa: F401
