"""Who is on the sign-in sheet of a day and meal: the diners enrolled for that weekday, and
everyone already signed in or called off (walk-ins included), in pinyin order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import idcard
from carepoint.binding import uses_store
from carepoint.db import Store

_CHUNK = 900


@dataclass(frozen=True, slots=True)
class SheetRow:
    resident_id: int
    name: str
    initials: str
    group_name: str
    age: int
    mode: str
    set_key: str
    diet_note: str
    enrolled: bool
    status: str  # expected / served / cancelled
    walk_in: bool
    subsidy_fen: int
    copay_fen: int
    cancel_reason: str
    phone: str
    address: str


@uses_store
def _current_enrollments(store: Store, day: dt.date) -> list[tuple]:
    iso = day.isoformat()
    return store.db.execute_sql(
        "SELECT e.resident_id, e.meal, e.mode, e.weekdays, e.diet_note, e.set_key"
        " FROM meal_enrollment e JOIN resident r ON r.id = e.resident_id"
        " WHERE e.deleted_at IS NULL AND e.start_date <= ? AND (e.end_date IS NULL OR"
        " e.end_date >= ?) AND r.deleted_at IS NULL AND (r.status = 'active' OR r.status_date > ?)",
        [iso, iso, iso],
    ).fetchall()


@uses_store
def _residents(store: Store, ids: list[int]) -> dict[int, tuple]:
    found = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute_sql(
            "SELECT id, name, name_initials, name_pinyin, group_name, birth_date, phone,"
            f" residence_address FROM resident WHERE id IN ({marks})",
            chunk,
        ):
            found[row[0]] = row
    return found


@uses_store
def sheet(store: Store, day: dt.date, meal: str) -> list[SheetRow]:
    """Everyone expected for `meal` on `day` and everyone signed in or called off, by pinyin."""
    weekday = str(day.isoweekday())
    expected: dict[int, tuple[str, str, str]] = {}
    diet: dict[int, str] = {}
    for resident_id, e_meal, mode, weekdays, diet_note, set_key in _current_enrollments(store, day):
        if diet_note and resident_id not in diet:
            diet[resident_id] = diet_note
        if e_meal == meal and weekday in weekdays:
            expected[resident_id] = (mode, set_key, diet_note)
            if diet_note:
                diet[resident_id] = diet_note
    signed: dict[int, tuple] = {}
    for row in store.db.execute_sql(
        "SELECT resident_id, status, mode, walk_in, set_key, subsidy_fen, copay_fen, cancel_reason"
        " FROM meal_sign_in WHERE meal_date = ? AND meal = ? AND deleted_at IS NULL ORDER BY id",
        [day.isoformat(), meal],
    ):
        if row[1] == "served" or signed.get(row[0], ("",))[0] != "served":
            signed[row[0]] = row[1:]
    people = _residents(store, sorted(expected.keys() | signed.keys()))
    rows = []
    for resident_id, person in people.items():
        _id, name, initials, _pinyin, group, birth, phone, address = person
        age = idcard.age_on(dt.date.fromisoformat(birth), day)
        mode, set_key, _diet = expected.get(resident_id, ("dine_in", "", ""))
        enrolled = resident_id in expected
        if resident_id in signed:
            status, mode, walk_in, set_key, subsidy, copay, reason = signed[resident_id]
            if status == "cancelled":
                subsidy = copay = 0
        else:
            status, walk_in, subsidy, copay, reason = "expected", False, 0, 0, ""
        rows.append(
            SheetRow(
                resident_id,
                name,
                initials,
                group,
                age,
                mode,
                set_key,
                diet.get(resident_id, ""),
                enrolled,
                status,
                bool(walk_in),
                subsidy,
                copay,
                reason,
                phone,
                address,
            )  # fmt: skip
        )
    order = {rid: (p[3].lower(), rid) for rid, p in people.items()}
    rows.sort(key=lambda r: order[r.resident_id])
    return rows
