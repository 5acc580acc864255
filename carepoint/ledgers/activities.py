"""Activities at the care point and who attended: the activity ledger (活动台账).

An activity has a date, a kind, a title, an organiser and a place. Attendance is signed in one
person at a time, like the meal sign-in sheet: a resident from the register, or a visitor by
name. A person is signed in once per activity; someone who died or moved out before the day is
refused. Monthly counts are per kind and per person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _
from carepoint.ledgers.common import (
    insert_audited,
    month_range,
    resident_on,
    soft_delete,
)

KINDS = ("culture", "festival", "birthday", "fitness", "other")
KIND_LABELS = {
    "culture": N_("culture and entertainment"),
    "festival": N_("festival care"),
    "birthday": N_("birthday party"),
    "fitness": N_("fitness"),
    "other": N_("other"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class ActivityInput:
    activity_date: dt.date
    kind: str
    title: str
    organiser: str = ""
    place: str = ""
    notes: str = ""
    photos: tuple[str, ...] = ()  # file names in the data folder's photos/activities


@dataclass(frozen=True)
class Activity:
    id: int
    uuid: str
    activity_date: dt.date
    kind: str
    title: str
    organiser: str
    place: str
    notes: str
    photos: tuple[str, ...]
    attendance: int


@dataclass(frozen=True)
class Attendee:
    id: int
    resident_id: int | None
    name: str
    group_name: str
    is_visitor: bool


def check_activity(data: ActivityInput, today: dt.date) -> list[str]:
    problems = []
    if data.activity_date > today:
        problems.append(_("The date {date} is in the future").format(date=data.activity_date))
    if data.kind not in KINDS:
        problems.append(_("Unknown kind of activity {kind}").format(kind=data.kind))
    if not data.title.strip():
        problems.append(_("The activity needs a title"))
    return problems


@uses_store
def add_activity(store: Store, data: ActivityInput, *, today: dt.date | None = None) -> Activity:
    problems = check_activity(data, today or clock.today())
    if problems:
        raise UserInputError("\n".join(problems))
    values = {
        "activity_date": data.activity_date,
        "kind": data.kind,
        "title": data.title.strip(),
        "organiser": data.organiser.strip(),
        "place": data.place.strip(),
        "notes": data.notes.strip(),
        "photos": "\n".join(p.strip() for p in data.photos if p.strip()),
    }
    row_id, _uuid = insert_audited(store, "activity", values)
    return get_activity(store, row_id)


_SELECT = (
    "SELECT a.id, a.uuid, a.activity_date, a.kind, a.title, a.organiser, a.place, a.notes,"
    " a.photos, (SELECT count(*) FROM activity_attendance t WHERE t.activity_id = a.id"
    " AND t.deleted_at IS NULL) FROM activity a WHERE a.deleted_at IS NULL"
)


def _activity(row: tuple) -> Activity:
    aid, uuid, day, kind, title, organiser, place, notes, photos, count = row
    return Activity(
        aid, uuid, dt.date.fromisoformat(day), kind, title, organiser, place, notes,
        tuple(p for p in photos.split("\n") if p), count,
    )  # fmt: skip


@uses_store
def get_activity(store: Store, activity_id: int) -> Activity:
    row = store.db.execute_sql(_SELECT + " AND a.id = ?", [activity_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such activity"))
    return _activity(row)


@uses_store
def list_activities(store: Store, month: dt.date | None = None) -> list[Activity]:
    """The month's activities (all when `month` is None), oldest first."""
    if month is None:
        rows = store.db.execute_sql(_SELECT + " ORDER BY a.activity_date, a.id")
    else:
        rows = store.db.execute_sql(
            _SELECT + " AND a.activity_date BETWEEN ? AND ? ORDER BY a.activity_date, a.id",
            month_range(month),
        )
    return [_activity(row) for row in rows]


@uses_store
def sign_in(
    store: Store, activity_id: int, resident_id: int | None = None, visitor_name: str = ""
) -> Attendee:
    """One person attended; a resident by id, or a visitor by name (not both)."""
    activity = get_activity(store, activity_id)
    visitor_name = visitor_name.strip()
    if (resident_id is None) == (not visitor_name):
        raise UserInputError(_("Sign in either a resident or a visitor's name"))
    extra = {}
    if resident_id is not None:
        name, uuid = resident_on(store, resident_id, activity.activity_date)
        taken = store.db.execute_sql(
            "SELECT 1 FROM activity_attendance WHERE activity_id = ? AND resident_id = ?"
            " AND deleted_at IS NULL",
            [activity_id, resident_id],
        ).fetchone()
        extra = {"resident": uuid}
    else:
        name = visitor_name
        taken = store.db.execute_sql(
            "SELECT 1 FROM activity_attendance WHERE activity_id = ? AND resident_id IS NULL"
            " AND visitor_name = ? AND deleted_at IS NULL",
            [activity_id, visitor_name],
        ).fetchone()
    if taken:
        raise UserInputError(_("{name} is already signed in").format(name=name))
    values = {
        "activity_id": activity_id,
        "resident_id": resident_id,
        "visitor_name": visitor_name,
    }
    row_id, _uuid = insert_audited(
        store, "activity_attendance", values, {"activity": activity.uuid, **extra}
    )
    return next(a for a in attendees(store, activity_id) if a.id == row_id)


@uses_store
def withdraw(store: Store, attendance_id: int) -> None:
    """Take back a sign-in made by mistake (kept, marked deleted, audited)."""
    found = store.db.execute_sql(
        "SELECT 1 FROM activity_attendance WHERE id = ? AND deleted_at IS NULL", [attendance_id]
    ).fetchone()
    if found is None:
        raise UserInputError(_("That sign-in was already taken back"))
    soft_delete(store, "activity_attendance", attendance_id)


@uses_store
def attendees(store: Store, activity_id: int) -> list[Attendee]:
    """Who attended, in the order they were signed in."""
    rows = store.db.execute_sql(
        "SELECT t.id, t.resident_id, coalesce(r.name, t.visitor_name), coalesce(r.group_name, ''),"
        " t.resident_id IS NULL FROM activity_attendance t LEFT JOIN resident r"
        " ON r.id = t.resident_id WHERE t.activity_id = ? AND t.deleted_at IS NULL ORDER BY t.id",
        [activity_id],
    )
    return [
        Attendee(tid, rid, name, group, bool(visitor)) for tid, rid, name, group, visitor in rows
    ]


@dataclass(frozen=True)
class PersonCount:
    name: str
    group_name: str
    is_visitor: bool
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class MonthCounts:
    month: dt.date
    activities_by_kind: dict[str, int]
    attendance_by_kind: dict[str, int]
    people: list[PersonCount]

    @property
    def activities(self) -> int:
        return sum(self.activities_by_kind.values())

    @property
    def attendance(self) -> int:
        return sum(self.attendance_by_kind.values())


@uses_store
def month_counts(store: Store, month: dt.date) -> MonthCounts:
    """How many activities of each kind, how many attended, and how often each person came."""
    span = month_range(month)
    activities = dict.fromkeys(KINDS, 0)
    for kind, count in store.db.execute_sql(
        "SELECT kind, count(*) FROM activity WHERE deleted_at IS NULL"
        " AND activity_date BETWEEN ? AND ? GROUP BY kind",
        span,
    ):
        activities[kind] = count
    attendance = dict.fromkeys(KINDS, 0)
    people: dict[tuple, PersonCount] = {}
    rows = store.db.execute_sql(
        "SELECT a.kind, t.resident_id, coalesce(r.name, t.visitor_name),"
        " coalesce(r.group_name, ''), coalesce(r.name_pinyin, t.visitor_name), count(*)"
        " FROM activity_attendance t JOIN activity a ON a.id = t.activity_id"
        " LEFT JOIN resident r ON r.id = t.resident_id WHERE t.deleted_at IS NULL"
        " AND a.deleted_at IS NULL AND a.activity_date BETWEEN ? AND ?"
        " GROUP BY a.kind, t.resident_id, t.visitor_name",
        span,
    )
    for kind, rid, name, group, sort_key, count in rows:
        attendance[kind] += count
        key = (rid is None, sort_key, rid or name)
        person = people.setdefault(key, PersonCount(name, group, rid is None, {}))
        person.by_kind[kind] = person.by_kind.get(kind, 0) + count
    ordered = [people[key] for key in sorted(people, key=lambda k: (k[0], k[1].lower(), str(k[2])))]
    return MonthCounts(month.replace(day=1), activities, attendance, ordered)
