"""Health checks with the village clinic (村卫生室): blood pressure, blood sugar and weight as the
village doctor measured them at the care point, with who measured and when.

A reading out of range opens a follow-up visit due the next day, with the reading as its reason,
so it appears in the visits list until someone has been to see the person. Ranges (adult
reference values the clinics use): blood pressure high at 140/90 mmHg or above, low below
90/60; blood sugar high at 7.0 mmol/L fasting or 11.1 at any time, low below 3.9.
Blood sugar and weight are kept in tenths (6.1 mmol/L = 61, 52.5 kg = 525), never as floats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _
from carepoint.ledgers.common import insert_audited, month_range, resident_on

SYSTOLIC = (50, 260)
DIASTOLIC = (30, 160)
GLUCOSE = (10, 350)  # tenths of mmol/L
WEIGHT = (200, 2000)  # tenths of kg
FLAG_LABELS = {
    "bp_high": N_("blood pressure high"),
    "bp_low": N_("blood pressure low"),
    "glucose_high": N_("blood sugar high"),
    "glucose_low": N_("blood sugar low"),
}


def tenths(text: object, what: str) -> int | None:
    """'6.1' → 61; empty → None; anything else is refused with `what` named."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise UserInputError(_("{what}: {value} is not a number").format(what=what, value=text))
    if value != value.quantize(Decimal("0.1")):
        raise UserInputError(_("{what}: one decimal place at most").format(what=what))
    return int(value * 10)


def tenths_text(value: int | None) -> str:
    return "" if value is None else f"{value // 10}.{value % 10}"


@dataclass(frozen=True)
class ReadingInput:
    measured_on: dt.date
    measured_by: str
    systolic: int | None = None
    diastolic: int | None = None
    glucose_tenths: int | None = None
    glucose_fasting: bool = True
    weight_tenths: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Reading:
    id: int
    uuid: str
    resident_id: int
    name: str
    measured_on: dt.date
    measured_by: str
    systolic: int | None
    diastolic: int | None
    glucose_tenths: int | None
    glucose_fasting: bool
    weight_tenths: int | None
    flags: tuple[str, ...]
    note: str

    @property
    def blood_pressure(self) -> str:
        return f"{self.systolic}/{self.diastolic}" if self.systolic else ""

    @property
    def glucose(self) -> str:
        return tenths_text(self.glucose_tenths)

    @property
    def weight(self) -> str:
        return tenths_text(self.weight_tenths)


def _in(value: int | None, bounds: tuple[int, int]) -> bool:
    return value is None or bounds[0] <= value <= bounds[1]


def check_reading(data: ReadingInput, today: dt.date) -> list[str]:
    problems = []
    if data.measured_on > today:
        problems.append(_("The date {date} is in the future").format(date=data.measured_on))
    if not data.measured_by.strip():
        problems.append(_("Who measured? The name is missing"))
    if (data.systolic is None) != (data.diastolic is None):
        problems.append(_("Blood pressure needs both values, e.g. 135/85"))
    elif data.systolic is not None:
        if not _in(data.systolic, SYSTOLIC) or not _in(data.diastolic, DIASTOLIC):
            problems.append(_("Blood pressure {value} cannot be right").format(
                value=f"{data.systolic}/{data.diastolic}"))  # fmt: skip
        elif data.systolic <= data.diastolic:
            problems.append(_("The first blood pressure value must be the higher one"))
    if not _in(data.glucose_tenths, GLUCOSE):
        problems.append(_("Blood sugar {value} mmol/L cannot be right").format(
            value=tenths_text(data.glucose_tenths)))  # fmt: skip
    if not _in(data.weight_tenths, WEIGHT):
        problems.append(_("Weight {value} kg cannot be right").format(
            value=tenths_text(data.weight_tenths)))  # fmt: skip
    if data.systolic is None and data.glucose_tenths is None and data.weight_tenths is None:
        problems.append(_("Enter at least one reading"))
    return problems


def out_of_range(data: ReadingInput) -> tuple[str, ...]:
    flags = []
    if data.systolic is not None:
        if data.systolic >= 140 or data.diastolic >= 90:
            flags.append("bp_high")
        elif data.systolic < 90 or data.diastolic < 60:
            flags.append("bp_low")
    if data.glucose_tenths is not None:
        high = 70 if data.glucose_fasting else 111
        if data.glucose_tenths >= high:
            flags.append("glucose_high")
        elif data.glucose_tenths < 39:
            flags.append("glucose_low")
    return tuple(flags)


def flags_text(reading: Reading) -> str:
    parts = []
    for flag in reading.flags:
        value = reading.blood_pressure if flag.startswith("bp") else reading.glucose
        parts.append(f"{_(FLAG_LABELS[flag])} {value}")
    return _(", ").join(parts) if parts else ""


@uses_store
def record_reading(
    store: Store, resident_id: int, data: ReadingInput, *, today: dt.date | None = None
) -> Reading:
    """Write a reading; one out of range opens a follow-up visit due the next day."""
    from carepoint.residents.service import get_for_update
    from carepoint.visits import schedule, tasks

    today = today or clock.today()
    problems = check_reading(data, today)
    if problems:
        raise UserInputError("\n".join(problems))
    _name, uuid = resident_on(store, resident_id, data.measured_on)
    flags = out_of_range(data)
    values = {
        "resident_id": resident_id,
        "measured_on": data.measured_on,
        "measured_by": data.measured_by.strip(),
        "systolic": data.systolic,
        "diastolic": data.diastolic,
        "glucose_tenths": data.glucose_tenths,
        "glucose_fasting": bool(data.glucose_fasting),
        "weight_tenths": data.weight_tenths,
        "out_of_range": ",".join(flags),
        "note": data.note.strip(),
    }
    with store.db.writing():
        row_id, _uuid = insert_audited(store, "health_reading", values, {"resident": uuid})
        reading = get_reading(store, row_id)
        if flags:
            reason = _("Health check: {findings}").format(findings=flags_text(reading))
            due = data.measured_on + dt.timedelta(days=1)
            tasks.add_task(
                store, get_for_update(resident_id), "follow_up", due, reason, data.measured_on
            )
            schedule.recompute(store, [resident_id], today)
    return reading


_SELECT = (
    "SELECT h.id, h.uuid, h.resident_id, r.name, h.measured_on, h.measured_by, h.systolic,"
    " h.diastolic, h.glucose_tenths, h.glucose_fasting, h.weight_tenths, h.out_of_range, h.note"
    " FROM health_reading h JOIN resident r ON r.id = h.resident_id WHERE h.deleted_at IS NULL"
)


def _reading(row: tuple) -> Reading:
    rid, uuid, resident, name, on, by, sys_, dia, glu, fasting, weight, flags, note = row
    return Reading(
        rid, uuid, resident, name, dt.date.fromisoformat(on), by, sys_, dia, glu, bool(fasting),
        weight, tuple(f for f in flags.split(",") if f), note,
    )  # fmt: skip


@uses_store
def get_reading(store: Store, reading_id: int) -> Reading:
    row = store.db.execute_sql(_SELECT + " AND h.id = ?", [reading_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such reading"))
    return _reading(row)


@uses_store
def readings_of(store: Store, resident_id: int, limit: int | None = None) -> list[Reading]:
    """A person's readings, latest first (the trend is this list read backwards)."""
    sql = _SELECT + " AND h.resident_id = ? ORDER BY h.measured_on DESC, h.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_reading(row) for row in store.db.execute_sql(sql, [resident_id])]


@uses_store
def readings_in(store: Store, month: dt.date) -> list[Reading]:
    sql = _SELECT + " AND h.measured_on BETWEEN ? AND ? ORDER BY h.measured_on, h.id"
    return [_reading(row) for row in store.db.execute_sql(sql, month_range(month))]


@dataclass(frozen=True)
class LastReadings:
    blood_pressure: tuple[str, dt.date] | None
    glucose: tuple[str, dt.date] | None
    weight: tuple[str, dt.date] | None


@uses_store
def last_readings(store: Store, resident_id: int) -> LastReadings:
    """The latest value of each measure, each with its own date (the record card's line)."""
    bp = glucose = weight = None
    for reading in readings_of(store, resident_id):
        if bp is None and reading.systolic is not None:
            bp = (reading.blood_pressure, reading.measured_on)
        if glucose is None and reading.glucose_tenths is not None:
            glucose = (reading.glucose, reading.measured_on)
        if weight is None and reading.weight_tenths is not None:
            weight = (reading.weight, reading.measured_on)
        if bp and glucose and weight:
            break
    return LastReadings(bp, glucose, weight)
