"""What the ledgers share: writing a synced row with its audit entry, finding residents, months."""

from __future__ import annotations

import datetime as dt

from carepoint import audit, synced
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.values import Month


def month_range(month: dt.date) -> tuple[str, str]:
    """The first and last day of `month` as ISO text, for a BETWEEN on a date column."""
    whole = Month.of(month)
    return whole.first_day.isoformat(), whole.last_day.isoformat()


@uses_store
def insert_audited(store: Store, table: str, values: dict[str, object], extra=None) -> tuple:
    """Insert one synced row and its creation entry in the audit log; returns (id, uuid).
    `extra`: fields for the entry that are not columns (a resident's uuid for its id)."""
    with store.db.writing():
        row_id, uuid = synced.insert(store, table, values)
        snapshot = {
            k: audit.as_text(synced.sql_value(v))
            for k, v in {**values, **(extra or {})}.items()
            if v not in ("", None)
        }
        audit.record(store, "create", table, uuid, {"*": (None, snapshot)})
    return row_id, uuid


@uses_store
def update_audited(
    store: Store, table: str, row_id: int, changes: dict[str, tuple[object, object]], action: str
) -> None:
    uuid = store.db.execute_sql(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
    with store.db.writing():
        synced.update(store, table, row_id, {k: new for k, (_old, new) in changes.items()})
        audit.record(store, action, table, uuid, changes)


@uses_store
def soft_delete(store: Store, table: str, row_id: int) -> None:
    uuid = store.db.execute_sql(f"SELECT uuid FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
    with store.db.writing():
        synced.update(store, table, row_id, {"deleted_at": synced.now()})
        audit.record(store, "delete", table, uuid)


@uses_store
def resident_on(store: Store, resident_id: int, day: dt.date) -> tuple[str, str]:
    """(name, uuid) of a resident who could take part on `day`; refuses the dead and moved out."""
    found = store.db.execute_sql(
        "SELECT name, uuid, status, status_date FROM resident WHERE id = ? AND deleted_at IS NULL",
        [resident_id],
    ).fetchone()
    if found is None:
        raise UserInputError(_("No such resident"))
    name, uuid, status, since = found
    if status in ("deceased", "moved_out") and since and day.isoformat() >= since:
        text = (
            _("{name} died on {date}") if status == "deceased" else _("{name} moved out on {date}")
        )
        raise UserInputError(text.format(name=name, date=format_date(dt.date.fromisoformat(since))))
    return name, uuid


@uses_store
def resident_by_id_number(store: Store, id_number: str) -> int:
    from carepoint import idcard

    try:
        number = idcard.normalise(id_number)
    except Exception:  # noqa: BLE001 - any malformed number reads as "not in the register"
        number = id_number.strip().upper()
    found = store.db.execute_sql(
        "SELECT id FROM resident WHERE id_number = ? AND deleted_at IS NULL", [number]
    ).fetchone()
    if found is None:
        raise UserInputError(
            _("No resident with the ID number {number}").format(number=id_number.strip())
        )
    return found[0]


def check_not_future(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise UserInputError(_("The date {date} is in the future").format(date=format_date(day)))
