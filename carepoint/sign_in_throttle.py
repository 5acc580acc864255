"""Wrong passwords slow sign-in down: after each one the account waits longer (1, 2, 4, 8 s)
before the next try is even checked, and after 5 in a row it is locked for 15 minutes. The count
lives in the setting table (one row per account), so it holds across restarts of the app and for
the command line alike; the times come from carepoint.clock."""

from __future__ import annotations

import datetime as dt
import json
import math

from carepoint import clock
from carepoint.errors import EXIT_INTEGRITY, CarePointError
from carepoint.i18n import _
from carepoint.models import Setting

MAX_FAILURES = 5
LOCK = dt.timedelta(minutes=15)
_PREFIX = "sign_in_failures:"


class SignInRefused(CarePointError):
    """Too many wrong passwords: the account waits or is locked; the password was not checked."""

    exit_code = EXIT_INTEGRITY


def delay_after(failures: int) -> dt.timedelta:
    return dt.timedelta(seconds=0 if failures <= 0 else min(2 ** (failures - 1), 8))


def _key(username: str) -> str:
    return _PREFIX + username.strip().lower()


def _state(username: str) -> tuple[int, dt.datetime | None]:
    row = Setting.get_or_none(Setting.key == _key(username))
    try:
        found = json.loads(row.value) if row else {}
        return int(found["failures"]), dt.datetime.fromisoformat(found["last"])
    except (KeyError, TypeError, ValueError):
        return 0, None


def check_allowed(username: str) -> None:
    """Refuses a try that comes while the account waits after a wrong password or is locked."""
    failures, last = _state(username)
    if not failures or last is None:
        return
    now = clock.utcnow()
    if failures >= MAX_FAILURES:
        until = last + LOCK
        if now < until:
            raise SignInRefused(
                _(
                    "After {count} wrong passwords the account {username} is locked until {time}. "
                    "An administrator can set a new password."
                ).format(
                    count=MAX_FAILURES,
                    username=username,
                    time=clock.to_local(until).strftime("%H:%M"),
                )
            )
        return
    wait = last + delay_after(failures) - now
    if wait > dt.timedelta(0):
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise SignInRefused(
            _("Wrong password: wait {seconds} s before trying again.").format(seconds=seconds)
        )


def record_failure(username: str) -> int:
    failures, last = _state(username)
    if failures >= MAX_FAILURES and last is not None and clock.utcnow() >= last + LOCK:
        failures = 0  # the lock ran out: a fresh start, not an instant new lock
    failures += 1
    value = json.dumps({"failures": failures, "last": clock.utcnow().isoformat()})
    with Setting._meta.database.writing():
        # ON CONFLICT … DO UPDATE: SQLite's and PostgreSQL's alike (an office's accounts)
        Setting.insert(key=_key(username), value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
    return failures


def record_success(username: str) -> None:
    Setting.delete().where(Setting.key == _key(username)).execute()
