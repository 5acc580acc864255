"""Technical times (UTC in the database) as the user reads them: local date and time in the
user's language, for the lists that show when something happened."""

from __future__ import annotations

import datetime as dt

from carepoint import clock
from carepoint.i18n import current_locale


def format_when(at_utc: dt.datetime) -> str:
    """An audit time (UTC in the database) as local date and time in the user's language."""
    from babel.dates import format_datetime

    return format_datetime(clock.to_local(at_utc), "short", locale=current_locale())
