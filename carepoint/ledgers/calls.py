"""一键通: emergency-call devices given to people who live alone, and the calls they made.

A device has a number, the person it was given to, the day it was installed and, later, the day
it was taken back; one number is in use by one person at a time. A call is entered by hand or
read from the service provider's monthly file (calls_import.py): when, which device, what kind
(emergency, enquiry, pressed by mistake, test), whether someone answered, what was done and the
follow-up. One call per device and minute, so a file imported twice adds nothing. An emergency
nobody answered opens a follow-up visit due that same day: someone must go and look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _, format_date
from carepoint.ledgers.common import (
    check_not_future,
    insert_audited,
    month_range,
    resident_on,
    update_audited,
)

KINDS = ("emergency", "enquiry", "mistaken", "test")
KIND_LABELS = {
    "emergency": N_("emergency"),
    "enquiry": N_("enquiry"),
    "mistaken": N_("pressed by mistake"),
    "test": N_("test"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class Device:
    id: int
    uuid: str
    resident_id: int
    name: str
    group_name: str
    device_number: str
    installed_on: dt.date
    removed_on: dt.date | None
    provider: str
    note: str


_DEVICE = (
    "SELECT d.id, d.uuid, d.resident_id, r.name, r.group_name, d.device_number, d.installed_on,"
    " d.removed_on, d.provider, d.note FROM call_device d JOIN resident r ON r.id = d.resident_id"
    " WHERE d.deleted_at IS NULL"
)


def _device(row: tuple) -> Device:
    *head, installed, removed, provider, note = row
    removed_on = dt.date.fromisoformat(removed) if removed else None
    return Device(*head, dt.date.fromisoformat(installed), removed_on, provider, note)


@uses_store
def add_device(
    store: Store,
    resident_id: int,
    device_number: str,
    installed_on: dt.date,
    provider: str = "",
    note: str = "",
    *,
    today: dt.date | None = None,
) -> Device:
    number = device_number.strip()
    if not number:
        raise UserInputError(_("The device number is missing"))
    check_not_future(installed_on, today or clock.today())
    _name, uuid = resident_on(store, resident_id, installed_on)
    holder = store.db.execute_sql(
        "SELECT r.name FROM call_device d JOIN resident r ON r.id = d.resident_id"
        " WHERE d.device_number = ? AND d.removed_on IS NULL AND d.deleted_at IS NULL",
        [number],
    ).fetchone()
    if holder:
        raise UserInputError(
            _("Device {number} is in use by {name}; record its removal first").format(
                number=number, name=holder[0]
            )
        )
    values = {"resident_id": resident_id, "device_number": number, "installed_on": installed_on,
              "provider": provider.strip(), "note": note.strip()}  # fmt: skip
    row_id, _uuid = insert_audited(store, "call_device", values, {"resident": uuid})
    return get_device(store, row_id)


@uses_store
def get_device(store: Store, device_id: int) -> Device:
    row = store.db.execute_sql(_DEVICE + " AND d.id = ?", [device_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such device"))
    return _device(row)


@uses_store
def list_devices(store: Store, include_removed: bool = False) -> list[Device]:
    sql = _DEVICE + ("" if include_removed else " AND d.removed_on IS NULL")
    sql += " ORDER BY r.name_pinyin COLLATE NOCASE, d.installed_on"
    return [_device(row) for row in store.db.execute_sql(sql)]


@uses_store
def remove_device(store: Store, device_number: str, removed_on: dt.date) -> Device:
    """The device was taken back (the person died, moved, or no longer wants it)."""
    found = [d for d in list_devices(store) if d.device_number == device_number.strip()]
    if not found:
        raise UserInputError(_("No device {number} is in use").format(number=device_number))
    device = found[0]
    if removed_on < device.installed_on:
        raise UserInputError(_("The removal date is before the installation"))
    update_audited(store, "call_device", device.id, {"removed_on": (None, removed_on)}, "remove")
    return get_device(store, device.id)


@uses_store
def device_on(store: Store, device_number: str, day: dt.date) -> Device:
    """The device with this number that was in use on `day`."""
    row = store.db.execute_sql(
        _DEVICE + " AND d.device_number = ? AND d.installed_on <= ?"
        " AND (d.removed_on IS NULL OR d.removed_on >= ?) ORDER BY d.installed_on DESC LIMIT 1",
        [device_number.strip(), day.isoformat(), day.isoformat()],
    ).fetchone()
    if row is None:
        raise UserInputError(
            _("No device {number} was in use on {date}").format(
                number=device_number.strip(), date=format_date(day)
            )
        )
    return _device(row)


@dataclass(frozen=True)
class CallInput:
    called_at: dt.datetime  # the care point's local time, to the minute
    device_number: str
    kind: str
    answered: bool = True
    response: str = ""
    follow_up: str = ""


@dataclass(frozen=True)
class Call:
    id: int
    uuid: str
    device_number: str
    resident_id: int
    name: str
    group_name: str
    called_at: dt.datetime
    kind: str
    answered: bool
    response: str
    follow_up: str
    source: str

    @property
    def needs_follow_up(self) -> bool:
        return self.kind == "emergency" and not self.answered


def minute_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


@uses_store
def prepare_call(store: Store, data: CallInput, today: dt.date) -> tuple[Device, str]:
    """The device a call came from and its minute, or a refusal saying what is wrong."""
    if data.kind not in KINDS:
        raise UserInputError(_("Unknown kind of call {kind}").format(kind=data.kind))
    check_not_future(data.called_at.date(), today)
    device = device_on(store, data.device_number, data.called_at.date())
    return device, minute_text(data.called_at)


@uses_store
def is_recorded(store: Store, device_id: int, minute: str) -> bool:
    return bool(store.db.execute_sql(
        "SELECT 1 FROM call_record WHERE device_id = ? AND called_at = ? AND deleted_at IS NULL",
        [device_id, minute],
    ).fetchone())  # fmt: skip


@uses_store
def write_call(
    store: Store, device: Device, minute: str, data: CallInput, source: str, today: dt.date
) -> int:
    """Write a prepared call (inside the caller's transaction); an unanswered emergency opens a
    follow-up visit due the same day."""
    from carepoint.residents.service import get_for_update
    from carepoint.visits import schedule, tasks

    values = {"device_id": device.id, "resident_id": device.resident_id, "called_at": minute,
              "kind": data.kind, "answered": bool(data.answered), "response": data.response.strip(),
              "follow_up": data.follow_up.strip(), "source": source}  # fmt: skip
    resident = get_for_update(device.resident_id)
    row_id, _uuid = insert_audited(store, "call_record", values, {"resident": resident.uuid})
    if data.kind == "emergency" and not data.answered:
        reason = _("Emergency call at {time} not answered").format(time=minute)
        day = data.called_at.date()
        tasks.add_task(store, resident, "follow_up", day, reason, day)
        schedule.recompute(store, [device.resident_id], today)
    return row_id


@uses_store
def record_call(
    store: Store, data: CallInput, *, source: str = "", today: dt.date | None = None
) -> Call:
    today = today or clock.today()
    device, minute = prepare_call(store, data, today)
    if is_recorded(store, device.id, minute):
        raise UserInputError(
            _("A call from device {number} at {time} is already recorded").format(
                number=device.device_number, time=minute
            )
        )
    with store.db.writing():
        row_id = write_call(store, device, minute, data, source, today)
    return get_call(store, row_id)


_CALL = (
    "SELECT c.id, c.uuid, d.device_number, c.resident_id, r.name, r.group_name, c.called_at,"
    " c.kind, c.answered, c.response, c.follow_up, c.source FROM call_record c"
    " JOIN call_device d ON d.id = c.device_id JOIN resident r ON r.id = c.resident_id"
    " WHERE c.deleted_at IS NULL"
)


def _call(row: tuple) -> Call:
    cid, uuid, number, rid, name, group, at, kind, answered, response, follow_up, source = row
    return Call(cid, uuid, number, rid, name, group, dt.datetime.fromisoformat(at), kind,
                bool(answered), response, follow_up, source)  # fmt: skip


@uses_store
def get_call(store: Store, call_id: int) -> Call:
    row = store.db.execute_sql(_CALL + " AND c.id = ?", [call_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such call"))
    return _call(row)


@uses_store
def calls_in(store: Store, month: dt.date) -> list[Call]:
    first, last = month_range(month)
    rows = store.db.execute_sql(
        _CALL + " AND c.called_at >= ? AND c.called_at < ? ORDER BY c.called_at, c.id",
        [first, (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()],
    )
    return [_call(row) for row in rows]


@dataclass(frozen=True)
class CallCounts:
    by_kind: dict[str, int]
    unanswered_emergencies: int
    devices_in_use: int

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@uses_store
def month_counts(store: Store, month: dt.date) -> CallCounts:
    calls = calls_in(store, month)
    by_kind = dict.fromkeys(KINDS, 0)
    for call in calls:
        by_kind[call.kind] += 1
    _first, last = month_range(month)
    devices = store.db.execute_sql(
        "SELECT count(*) FROM call_device WHERE deleted_at IS NULL AND installed_on <= ?"
        " AND (removed_on IS NULL OR removed_on >= ?)",
        [last, last],
    ).fetchone()[0]
    return CallCounts(by_kind, sum(1 for c in calls if c.needs_follow_up), devices)
