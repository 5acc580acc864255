"""A clerk's decision on a row the whole office shares (a village-month's review, a conflict, a
key's confirmation) is one unit of work that loses no other clerk's decision (issue 21).

Two clerks at two desks may load the same pending item and both press the button. The decision
therefore locks its row inside a writing transaction (`store.db.writing()`), reads the row again
and goes on only if it is still as the clerk saw it; otherwise it is refused, naming who decided
and when, and nothing is written. On PostgreSQL the lock is `SELECT … FOR UPDATE`: the second
clerk's transaction waits for the first's commit, then (READ COMMITTED reads each statement
afresh) sees the first decision. On SQLite the writing transaction begins IMMEDIATE, which holds
the whole file, so the second clerk's transaction begins only after the first has committed.
"""

from __future__ import annotations

from carepoint import clock, dialect
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _


@uses_store
def locked_row(store: Store, sql: str, params: list) -> tuple | None:
    """The row `sql` selects, locked until the transaction ends (call inside `writing()`)."""
    return store.db.execute_sql(sql + dialect.for_update(store.db), params).fetchone()


def when_text(utc_text: str | None) -> str:
    """A stored UTC stamp as the care point's local date and time (language-neutral digits)."""
    local = clock.to_local(utc_text)
    return f"{local:%Y-%m-%d %H:%M}" if local else "—"


def already_decided(who: str, when: str | None, what: str) -> UserInputError:
    """The refusal a clerk sees when another clerk decided the item first."""
    return UserInputError(
        _("This item was already handled by {who} at {when}: {what}; nothing was changed").format(
            who=who or _("another clerk"), when=when_text(when), what=what
        )
    )


@uses_store
def last_entry(store: Store, action: str, entity: str, key: str) -> tuple[str, str | None]:
    """(who, when) of the latest audit entry of `action` on a row that keeps no such columns of
    its own (a village's or township's confirmed key)."""
    row = store.db.execute_sql(
        "SELECT actor, at FROM audit_entry WHERE action = ? AND entity = ? AND entity_uuid = ?"
        " ORDER BY id DESC LIMIT 1",
        [action, entity, key],
    ).fetchone()
    return (row[0], str(row[1])) if row else ("", None)


@uses_store
def refuse_confirmed_key(store: Store, table: str, code: str, confirmed: str, already: str) -> None:
    """A key already confirmed is refused: `confirmed` (a template with {code}, {who} and
    {when}) names the clerk and time of the audit's last confirmation (another desk, moments
    ago, or long since), `already` ({code}) says it when the audit holds none."""
    who, when = last_entry(store, "confirm_key", table, code)
    if when is None:
        raise UserInputError(already.format(code=code))
    raise UserInputError(
        confirmed.format(code=code, who=who or _("another clerk"), when=when_text(when))
    )


@uses_store
def refuse_if_key_decided(store: Store, table: str, code: str, seen: tuple | None) -> None:
    """A key confirmation (township_village / county_township): lock the row and refuse if its
    key or typed fingerprint is no longer `seen` (sign_key, confirmed_fingerprint)."""
    now = locked_row(
        store, f"SELECT sign_key, confirmed_fingerprint FROM {table} WHERE code = ?", [code]
    )
    if tuple(now or ()) == tuple(seen or ()):
        return
    who, when = last_entry(store, "confirm_key", table, code)
    if now is not None and now[0]:
        what = _("the key was confirmed")
    else:
        what = _("the fingerprint {digits} was entered").format(digits=now[1] if now else "")
    raise already_decided(who, when, what)
