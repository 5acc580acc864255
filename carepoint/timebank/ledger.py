"""The passbook of a volunteer: services deposited, hours withdrawn, corrections; never an edit.

Deposits obey the daily and lifetime caps in force on the service date. A correction is a new
entry pointing at the one it corrects, holding the difference and the reason; the corrected
entry stays as it was. Hours belong to the volunteer who served them: there is no transfer
between volunteers (records may not be traded), and a withdrawal cannot exceed the balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.timebank.caps import hours_text, timebank_rules_on
from carepoint.timebank.volunteers import Volunteer, get_volunteer

KINDS = ("service", "withdrawal", "correction")


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    uuid: str
    volunteer_id: int
    entry_date: dt.date
    kind: str
    deposit_minutes: int
    withdraw_minutes: int
    service_type: str
    recipient_resident_id: int | None
    recipient_name: str
    description: str
    corrects_id: int | None
    reason: str
    recorded_by: str


_COLUMNS = (
    "id, uuid, volunteer_id, entry_date, kind, deposit_minutes, withdraw_minutes, service_type,"
    " recipient_resident_id, recipient_name, description, corrects_id, reason, recorded_by"
)


def _entry(row: tuple) -> Entry:
    return Entry(*row[:3], dt.date.fromisoformat(row[3]), *row[4:])


@uses_store
def entries(store: Store, volunteer_id: int) -> list[Entry]:
    """A volunteer's entries in passbook order: by date, then as recorded."""
    return [
        _entry(row)
        for row in store.db.execute_sql(
            f"SELECT {_COLUMNS} FROM timebank_entry WHERE volunteer_id = ? AND deleted_at IS NULL"
            " ORDER BY entry_date, id",
            [volunteer_id],
        )
    ]


@uses_store
def get_entry(store: Store, entry_id: int) -> Entry:
    row = store.db.execute_sql(
        f"SELECT {_COLUMNS} FROM timebank_entry WHERE id = ? AND deleted_at IS NULL", [entry_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such time bank entry"))
    return _entry(row)


@uses_store
def deposited_on(store: Store, volunteer_id: int, day: dt.date) -> int:
    """Minutes deposited for services on `day`, corrections of those services included."""
    return store.db.execute_sql(
        "SELECT coalesce(sum(e.deposit_minutes), 0) FROM timebank_entry e"
        " LEFT JOIN timebank_entry o ON o.id = e.corrects_id WHERE e.volunteer_id = ?"
        " AND e.deleted_at IS NULL AND coalesce(o.entry_date, e.entry_date) = ?",
        [volunteer_id, day.isoformat()],
    ).fetchone()[0]


@uses_store
def _check_deposit(store: Store, volunteer: Volunteer, day: dt.date, minutes: int) -> None:
    caps = timebank_rules_on(store, day)
    already = deposited_on(store, volunteer.id, day)
    if already + minutes > caps.daily_cap_minutes:
        raise UserInputError(
            _(
                "{name} already has {hours} hours on {date}; the daily cap is {cap} hours, so at "
                "most {left} more can be recorded"
            ).format(
                name=volunteer.name,
                hours=hours_text(already),
                date=format_date(day),
                cap=hours_text(caps.daily_cap_minutes),
                left=hours_text(max(caps.daily_cap_minutes - already, 0)),
            )
        )
    if volunteer.deposited_minutes + minutes > caps.lifetime_cap_minutes:
        raise UserInputError(
            _(
                "{name} has deposited {hours} hours in all; the lifetime cap is {cap} hours, so "
                "at most {left} more can be recorded"
            ).format(
                name=volunteer.name,
                hours=hours_text(volunteer.deposited_minutes),
                cap=hours_text(caps.lifetime_cap_minutes),
                left=hours_text(max(caps.lifetime_cap_minutes - volunteer.deposited_minutes, 0)),
            )
        )


def _check_day(day: dt.date, today: dt.date, volunteer: Volunteer) -> None:
    if day > today:
        raise UserInputError(_("The date {date} is in the future").format(date=format_date(day)))
    if not volunteer.active:
        raise UserInputError(
            _("{name} is no longer an active volunteer").format(name=volunteer.name)
        )


@uses_store
def _append(store: Store, values: dict[str, object]) -> Entry:
    values = {**values, "recorded_by": store.actor}
    row_id, uuid = synced.insert(store, "timebank_entry", values)
    snapshot = {
        k: audit.as_text(synced.sql_value(v)) for k, v in values.items() if v not in ("", None)
    }
    audit.record(store, values["kind"], "timebank_entry", uuid, {"*": (None, snapshot)})
    return get_entry(store, row_id)


@changes(Changed.TIMEBANK)
@uses_store
def record_service(
    store: Store,
    volunteer_id: int,
    day: dt.date,
    minutes: int,
    service_type: str,
    *,
    recipient_resident_id: int | None = None,
    recipient_name: str = "",
    description: str = "",
    today: dt.date | None = None,
) -> Entry:
    """Deposit a service: date, hours, kind of service and who received it."""
    volunteer = get_volunteer(store, volunteer_id)
    _check_day(day, today or clock.today(), volunteer)
    if minutes <= 0:
        raise UserInputError(_("The hours of a service must be more than zero"))
    service_type = service_type.strip()
    if not service_type:
        raise UserInputError(_("Choose the kind of service"))
    if recipient_resident_id is not None:
        if recipient_resident_id == volunteer.resident_id:
            raise UserInputError(_("A volunteer cannot record a service to themselves"))
        found = store.db.execute_sql(
            "SELECT name FROM resident WHERE id = ? AND deleted_at IS NULL", [recipient_resident_id]
        ).fetchone()
        if found is None:
            raise UserInputError(_("No such resident"))
        recipient_name = found[0]
    with store.db.writing():
        _check_deposit(store, volunteer, day, minutes)
        return _append(
            store,
            {
                "volunteer_id": volunteer_id,
                "entry_date": day,
                "kind": "service",
                "deposit_minutes": minutes,
                "service_type": service_type,
                "recipient_resident_id": recipient_resident_id,
                "recipient_name": recipient_name.strip(),
                "description": description.strip(),
            },
        )


@changes(Changed.TIMEBANK)
@uses_store
def withdraw(
    store: Store,
    volunteer_id: int,
    day: dt.date,
    minutes: int,
    description: str,
    *,
    today: dt.date | None = None,
) -> Entry:
    """The volunteer spends their own hours on a service they receive (取出)."""
    get_volunteer(store, volunteer_id)  # hours stay spendable after a volunteer stops
    if day > (today or clock.today()):
        raise UserInputError(_("The date {date} is in the future").format(date=format_date(day)))
    if minutes <= 0:
        raise UserInputError(_("The hours withdrawn must be more than zero"))
    if not description.strip():
        raise UserInputError(_("Say which service the hours were spent on"))
    with store.db.writing():
        _refuse_overdraft(store, volunteer_id, minutes)
        return _append(
            store,
            {
                "volunteer_id": volunteer_id,
                "entry_date": day,
                "kind": "withdrawal",
                "withdraw_minutes": minutes,
                "description": description.strip(),
            },
        )


@uses_store
def _refuse_overdraft(store: Store, volunteer_id: int, minutes: int) -> None:
    volunteer = get_volunteer(store, volunteer_id)
    if minutes > volunteer.balance_minutes:
        raise UserInputError(
            _("{name}'s balance is {hours} hours; {wanted} hours cannot be taken out").format(
                name=volunteer.name,
                hours=hours_text(volunteer.balance_minutes),
                wanted=hours_text(minutes),
            )
        )


@uses_store
def current_minutes(store: Store, entry: Entry) -> int:
    """An entry's hours after the corrections made to it so far."""
    column = "deposit_minutes" if entry.kind == "service" else "withdraw_minutes"
    corrections = store.db.execute_sql(
        f"SELECT coalesce(sum({column}), 0) FROM timebank_entry WHERE corrects_id = ?"
        " AND deleted_at IS NULL",
        [entry.id],
    ).fetchone()[0]
    original = entry.deposit_minutes if entry.kind == "service" else entry.withdraw_minutes
    return original + corrections


@changes(Changed.TIMEBANK)
@uses_store
def correct(
    store: Store, entry_id: int, minutes: int, reason: str, *, today: dt.date | None = None
) -> Entry:
    """Record what an entry's hours should have been (0 voids it) as a new entry with a reason."""
    today = today or clock.today()
    reason = reason.strip()
    if not reason:
        raise UserInputError(_("A correction needs a reason"))
    original = get_entry(store, entry_id)
    if original.kind == "correction":
        raise UserInputError(_("Correct the original entry, not a correction"))
    if minutes < 0:
        raise UserInputError(_("The hours cannot be below zero"))
    with store.db.writing():
        delta = minutes - current_minutes(store, original)
        if delta == 0:
            raise UserInputError(
                _("The hours are already {hours}").format(hours=hours_text(minutes))
            )
        volunteer = get_volunteer(store, original.volunteer_id)
        if original.kind == "service":
            if delta > 0:
                _check_deposit(store, volunteer, original.entry_date, delta)
            else:
                _refuse_overdraft(store, volunteer.id, -delta)
        elif delta > 0:
            _refuse_overdraft(store, volunteer.id, delta)
        return _append(
            store,
            {
                "volunteer_id": volunteer.id,
                "entry_date": today,
                "kind": "correction",
                "deposit_minutes": delta if original.kind == "service" else 0,
                "withdraw_minutes": delta if original.kind == "withdrawal" else 0,
                "service_type": original.service_type,
                "corrects_id": original.id,
                "reason": reason,
            },
        )
