"""Recording a visit: checks, the record with its audit entry, follow-ups, the schedule row.

A visit to someone recorded as deceased or moved out is refused on and after the date of the
death or move, with that reason; earlier visits (entered late from a paper sheet) are accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.residents.service import get_for_update
from carepoint.visits import schedule
from carepoint.visits.labels import AREAS, CARER_DUTY, FINDING_STATUSES, METHODS, NEEDS

REFUSING_STATUSES = ("deceased", "moved_out")


@dataclass
class VisitInput:
    visit_date: dt.date
    visitor: str
    method: str
    visit_time: str = ""  # HH:MM, or empty when not noted
    visitor_kind: str = "user"  # user / volunteer
    findings: dict[str, tuple[str, str]] = field(default_factory=dict)  # area → (status, note)
    carers_fulfil: str = ""
    problems: str = ""
    needs: tuple[str, ...] = ()
    referral: str = ""
    follow_up_date: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class VisitRecord:
    id: int
    uuid: str
    resident_id: int
    visit_date: dt.date
    visit_time: str
    visitor: str
    visitor_kind: str
    method: str
    findings: dict[str, tuple[str, str]]
    carers_fulfil: str
    problems: str
    needs: tuple[str, ...]
    referral: str
    follow_up_date: dt.date | None
    notes: str


def refusal(resident, day: dt.date, what: str = "visit") -> str | None:
    """Why no visit (or assessment) can be recorded for `resident` on `day`, or None."""
    if resident.status not in REFUSING_STATUSES or not resident.status_date:
        return None
    if day < resident.status_date:
        return None
    texts = {
        ("deceased", "visit"): _(
            "{name} died on {date}; no visit can be recorded on or after that day"
        ),
        ("moved_out", "visit"): _(
            "{name} moved out on {date}; no visit can be recorded on or after that day"
        ),
        ("deceased", "assessment"): _(
            "{name} died on {date}; no assessment can be recorded on or after that day"
        ),
        ("moved_out", "assessment"): _(
            "{name} moved out on {date}; no assessment can be recorded on or after that day"
        ),
    }
    text = texts[(resident.status, what)]
    return text.format(name=resident.name, date=format_date(resident.status_date))


def check_visit(resident, data: VisitInput, today: dt.date) -> list[str]:
    problems = []
    refused = refusal(resident, data.visit_date)
    if refused:
        return [refused]
    if data.visit_date > today:
        problems.append(_("The visit date {date} is in the future").format(date=data.visit_date))
    if data.visit_date < resident.birth_date:
        problems.append(_("The visit date is before the birth date"))
    if data.visit_time and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", data.visit_time):
        problems.append(_("The time must be written as HH:MM, e.g. 09:30"))
    if not data.visitor.strip():
        problems.append(_("Who visited? The visitor is missing"))
    if data.visitor_kind not in ("user", "volunteer"):
        problems.append(_("Unknown kind of visitor {kind}").format(kind=data.visitor_kind))
    if data.method not in METHODS:
        problems.append(_("Unknown visit method {method}").format(method=data.method))
    for area, (status, _note) in data.findings.items():
        if area not in AREAS or status not in FINDING_STATUSES:
            problems.append(_("Unknown finding {area}: {status}").format(area=area, status=status))
    if data.carers_fulfil not in CARER_DUTY:
        problems.append(
            _("Unknown answer about the carers: {value}").format(value=data.carers_fulfil)
        )
    for need in data.needs:
        if need not in NEEDS:
            problems.append(_("Unknown need {need}").format(need=need))
    if data.follow_up_date and data.follow_up_date <= data.visit_date:
        problems.append(_("The follow-up date must be after the visit"))
    return problems


_COLUMNS = (
    "uuid, created_at, updated_at, change_seq, resident_id, visit_date, visit_time, visitor,"
    " visitor_kind, method, health_status, health_note, mental_status, mental_note,"
    " safety_status, safety_note, hygiene_status, hygiene_note, living_status, living_note,"
    " carers_fulfil, problems, needs, referral, follow_up_date, notes"
)


def _values(data: VisitInput) -> dict[str, object]:
    values: dict[str, object] = {
        "visit_date": data.visit_date.isoformat(),
        "visit_time": data.visit_time,
        "visitor": data.visitor.strip(),
        "visitor_kind": data.visitor_kind,
        "method": data.method,
    }
    for area in AREAS:
        status, note = data.findings.get(area, ("", ""))
        values[f"{area}_status"], values[f"{area}_note"] = status, note.strip()
    values.update(
        carers_fulfil=data.carers_fulfil,
        problems=data.problems.strip(),
        needs=",".join(n for n in NEEDS if n in data.needs),
        referral=data.referral.strip(),
        follow_up_date=data.follow_up_date.isoformat() if data.follow_up_date else None,
        notes=data.notes.strip(),
    )
    return values


@changes(Changed.VISITS)
@uses_store
def record_visit(
    store: Store,
    resident_id: int,
    data: VisitInput,
    *,
    closes: list[int] | None = None,
    today: dt.date | None = None,
) -> int:
    """Write a visit; returns its id. `closes`: the open tasks it closes (None: all that were
    set before the visit). A follow-up date opens a follow-up that falls due on that day."""
    from carepoint.visits import tasks

    today = today or clock.today()
    resident = get_for_update(resident_id)
    problems = check_visit(resident, data, today)
    if problems:
        raise UserInputError("\n".join(problems))
    values = _values(data)
    with store.db.writing():
        visit_id, uuid = synced.insert(store, "visit", {"resident_id": resident_id, **values})
        snapshot = {k: v for k, v in values.items() if v not in ("", None)}
        audit.record(
            store, "create", "visit", uuid, {"*": (None, {"resident": resident.uuid, **snapshot})}
        )
        tasks.close_for_visit(store, resident_id, visit_id, data.visit_date, closes)
        if data.follow_up_date:
            reason = data.problems.strip() or data.notes.strip()
            tasks.add_task(
                store, resident, "follow_up", data.follow_up_date, reason, data.visit_date, visit_id
            )
        schedule.recompute(store, [resident_id], today)
    return visit_id


def _record(row: tuple) -> VisitRecord:
    (vid, uuid, rid, day, time, visitor, kind, method, *rest) = row
    findings = {area: (rest[2 * i], rest[2 * i + 1]) for i, area in enumerate(AREAS)}
    carers, problems, needs, referral, follow_up, notes = rest[10:]
    return VisitRecord(
        vid,
        uuid,
        rid,
        dt.date.fromisoformat(day),
        time,
        visitor,
        kind,
        method,
        findings,
        carers,
        problems,
        tuple(n for n in needs.split(",") if n),
        referral,
        dt.date.fromisoformat(follow_up) if follow_up else None,
        notes,
    )


@uses_store
def visits_of(store: Store, resident_id: int, limit: int | None = None) -> list[VisitRecord]:
    """A resident's visits, newest first."""
    columns = _COLUMNS.replace("uuid, created_at, updated_at, change_seq, ", "id, uuid, ")
    sql = (
        f"SELECT {columns} FROM visit WHERE resident_id = ? AND deleted_at IS NULL"
        " ORDER BY visit_date DESC, id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_record(row) for row in store.db.execute_sql(sql, [resident_id])]


@uses_store
def get_visit(store: Store, visit_id: int) -> VisitRecord:
    columns = _COLUMNS.replace("uuid, created_at, updated_at, change_seq, ", "id, uuid, ")
    row = store.db.execute_sql(
        f"SELECT {columns} FROM visit WHERE id = ? AND deleted_at IS NULL", [visit_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such visit"))
    return _record(row)


@uses_store
def known_visitors(store: Store) -> list[tuple[str, str]]:
    """(name, kind) of the active accounts and of volunteers who visited before."""
    users = [
        (row[0], "user")
        for row in store.db.execute_sql("SELECT username FROM user WHERE active = 1 ORDER BY id")
    ]
    volunteers = [
        (row[0], "volunteer")
        for row in store.db.execute_sql(
            # the latest 5,000 visits only: the table may hold millions
            "SELECT visitor FROM visit WHERE id > (SELECT coalesce(max(id), 0) - 5000 FROM visit)"
            " AND visitor_kind = 'volunteer' AND deleted_at IS NULL"
            " GROUP BY visitor ORDER BY max(id) DESC LIMIT 30"
        )
    ]
    return users + volunteers
