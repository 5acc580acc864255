"""Today's date, which tests and scripted runs can fix with CAREPOINT_TODAY=YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    fixed = os.environ.get("CAREPOINT_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()
