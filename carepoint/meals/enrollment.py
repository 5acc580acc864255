"""Who eats at the care point: standing orders per diner and meal, with days, dates and diet notes.

A person has at most one enrollment per meal for any day; changing the mode or the days is an
edit (audited), stopping is an end date. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from carepoint import audit, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.meals.labels import MEALS, MODES, meal_label
from carepoint.meals.pricing import meal_rules_on
from carepoint.pinyin import normalise_query
from carepoint.residents.queries import name_match_rank

EDITABLE = ("mode", "weekdays", "start_date", "end_date", "diet_note", "set_key")


@dataclass(frozen=True)
class EnrollmentInput:
    resident_id: int
    meal: str
    mode: str
    weekdays: str
    start_date: dt.date
    end_date: dt.date | None = None
    diet_note: str = ""
    set_key: str = ""


@dataclass(frozen=True)
class Enrollment:
    id: int
    uuid: str
    resident_id: int
    name: str
    id_number: str
    group_name: str
    meal: str
    mode: str
    weekdays: str
    start_date: dt.date
    end_date: dt.date | None
    diet_note: str
    set_key: str

    def serves(self, day: dt.date) -> bool:
        return (
            self.start_date <= day
            and (self.end_date is None or day <= self.end_date)
            and str(day.isoweekday()) in self.weekdays
        )


def normalise_weekdays(text: str) -> str:
    days = sorted(set(text))
    if not days or any(d not in "1234567" for d in days):
        raise UserInputError(_("Choose at least one day of the week"))
    return "".join(days)


@uses_store
def _check(store: Store, data: EnrollmentInput, exclude_id: int | None = None) -> EnrollmentInput:
    if data.meal not in MEALS:
        raise UserInputError(_("Unknown meal {meal}").format(meal=data.meal))
    if data.mode not in MODES:
        raise UserInputError(_("Unknown way of serving {mode}").format(mode=data.mode))
    data = replace(
        data, weekdays=normalise_weekdays(data.weekdays), diet_note=data.diet_note.strip()
    )
    if data.end_date is not None and data.end_date < data.start_date:
        raise UserInputError(_("An enrollment cannot end before it starts"))
    found = store.db.execute_sql(
        "SELECT name, status FROM resident WHERE id = ? AND deleted_at IS NULL", [data.resident_id]
    ).fetchone()
    if found is None:
        raise UserInputError(_("No such resident"))
    name, status = found
    if status != "active" and exclude_id is None:
        raise UserInputError(
            _("{name} is no longer in the register and cannot be enrolled").format(name=name)
        )
    if data.set_key:
        offered = meal_rules_on(store, data.start_date)
        if data.set_key not in {s.key for s in offered.sets}:
            raise UserInputError(_("That set meal is not offered on the start date"))
    clash = store.db.execute_sql(
        "SELECT start_date FROM meal_enrollment WHERE resident_id = ? AND meal = ?"
        " AND deleted_at IS NULL AND id != ? AND (end_date IS NULL OR end_date >= ?)"
        " AND (? IS NULL OR start_date <= ?)",
        [
            data.resident_id,
            data.meal,
            exclude_id or 0,
            data.start_date.isoformat(),
            synced.sql_value(data.end_date),
            synced.sql_value(data.end_date),
        ],
    ).fetchone()
    if clash:
        raise UserInputError(
            _("{name} is already enrolled for {meal} from {date}; change that enrollment").format(
                name=name, meal=meal_label(data.meal), date=clash[0]
            )
        )
    return data


@changes(Changed.MEALS)
@uses_store
def enroll(store: Store, data: EnrollmentInput) -> Enrollment:
    with store.db.writing():
        data = _check(store, data)
        values = {
            "resident_id": data.resident_id,
            "meal": data.meal,
            "mode": data.mode,
            "weekdays": data.weekdays,
            "start_date": data.start_date,
            "end_date": data.end_date,
            "diet_note": data.diet_note,
            "set_key": data.set_key,
        }
        row_id, uuid = synced.insert(store, "meal_enrollment", values)
        audit.record(
            store, "create", "meal_enrollment", uuid, {k: (None, v) for k, v in values.items()}
        )
    return get_enrollment(store, row_id)


@changes(Changed.MEALS)
@uses_store
def update_enrollment(store: Store, enrollment_id: int, **changes: object) -> Enrollment:
    """Change the mode, days, dates, diet note or set meal; one audit entry per changed field."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UserInputError(
            _("These fields cannot be edited: {fields}").format(fields=", ".join(sorted(unknown)))
        )
    current = get_enrollment(store, enrollment_id)
    with store.db.writing():
        wanted = _check(
            store,
            replace(
                EnrollmentInput(
                    current.resident_id,
                    current.meal,
                    current.mode,
                    current.weekdays,
                    current.start_date,
                    current.end_date,
                    current.diet_note,
                    current.set_key,
                ),
                **changes,
            ),
            exclude_id=enrollment_id,
        )
        diff = {
            key: (getattr(current, key), getattr(wanted, key))
            for key in EDITABLE
            if getattr(current, key) != getattr(wanted, key)
        }
        if diff:
            synced.update(
                store, "meal_enrollment", enrollment_id, {k: new for k, (_o, new) in diff.items()}
            )
            audit.record(store, "update", "meal_enrollment", current.uuid, diff)
    return get_enrollment(store, enrollment_id)


@changes(Changed.MEALS)
@uses_store
def end_enrollment(store: Store, enrollment_id: int, end_date: dt.date) -> Enrollment:
    return update_enrollment(store, enrollment_id, end_date=end_date)


_SELECT = (
    "SELECT e.id, e.uuid, e.resident_id, r.name, r.id_number, r.group_name, e.meal, e.mode,"
    " e.weekdays, e.start_date, e.end_date, e.diet_note, e.set_key"
    " FROM meal_enrollment e JOIN resident r ON r.id = e.resident_id"
)


def _enrollment(row: tuple) -> Enrollment:
    return Enrollment(
        *row[:9], dt.date.fromisoformat(row[9]), synced.parse_date(row[10]), row[11], row[12]
    )


@uses_store
def get_enrollment(store: Store, enrollment_id: int) -> Enrollment:
    row = store.db.execute_sql(
        f"{_SELECT} WHERE e.id = ? AND e.deleted_at IS NULL", [enrollment_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such enrollment"))
    return _enrollment(row)


@uses_store
def list_enrollments(
    store: Store, *, current_on: dt.date | None = None, search: str = ""
) -> list[Enrollment]:
    """Enrollments in pinyin order of the diner, those running on `current_on` when given."""
    clauses, params = ["e.deleted_at IS NULL"], []
    if current_on is not None:
        clauses.append("e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?)")
        params += [current_on.isoformat(), current_on.isoformat()]
    query = normalise_query(search)
    if query:
        clauses.append("(r.search_text LIKE ? OR r.name_initials LIKE ?)")
        params += [f"%{query}%", f"{query}%"]
    rank, rank_params = name_match_rank(search)
    sql = (
        f"{_SELECT} WHERE {' AND '.join(clauses)}"
        f" ORDER BY {rank + ', ' if rank else ''}"
        "r.name_pinyin COLLATE NOCASE, r.id, e.meal DESC, e.start_date"
    )
    return [_enrollment(row) for row in store.db.execute_sql(sql, [*params, *rank_params])]
