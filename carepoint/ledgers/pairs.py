"""结对帮扶: helpers (volunteers, party members, neighbours) paired with residents who need looking
after, from a start date until an end date.

A helper's visit is recorded as a visit to the resident (visitor kind "volunteer", the helper as
visitor), so it counts towards the resident's visits and closes their due follow-ups like any
other; a helper who is a time-bank volunteer also has the service deposited in the time bank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _, format_date
from carepoint.ledgers.common import insert_audited, month_range, resident_on, update_audited

HELPER_KINDS = ("volunteer", "party_member", "neighbour", "cadre")
HELPER_KIND_LABELS = {
    "volunteer": N_("volunteer"),
    "party_member": N_("party member"),
    "neighbour": N_("neighbour"),
    "cadre": N_("village cadre"),
}
VISIT_SERVICE = N_("Visiting and care")  # the time-bank service a pair visit deposits


def helper_kind_label(kind: str) -> str:
    return _(HELPER_KIND_LABELS[kind]) if kind in HELPER_KIND_LABELS else kind


@dataclass(frozen=True)
class PairInput:
    resident_id: int
    helper_name: str
    helper_kind: str
    start_date: dt.date
    helper_phone: str = ""
    volunteer_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Pair:
    id: int
    uuid: str
    resident_id: int
    resident_name: str
    group_name: str
    helper_name: str
    helper_kind: str
    helper_phone: str
    volunteer_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    note: str

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


@uses_store
def add_pair(store: Store, data: PairInput, *, today: dt.date | None = None) -> Pair:
    today = today or clock.today()
    problems = []
    helper = data.helper_name.strip()
    volunteer_id = data.volunteer_id
    if volunteer_id is not None:
        found = store.db.execute_sql(
            "SELECT name, phone FROM timebank_volunteer WHERE id = ? AND deleted_at IS NULL",
            [volunteer_id],
        ).fetchone()
        if found is None:
            raise UserInputError(_("No such volunteer"))
        helper = helper or found[0]
        data = PairInput(**{**vars(data), "helper_phone": data.helper_phone or found[1]})
    if not helper:
        problems.append(_("Who is the helper? The helper's name is missing"))
    if data.helper_kind not in HELPER_KINDS:
        problems.append(_("Unknown kind of helper {kind}").format(kind=data.helper_kind))
    if data.start_date > today:
        problems.append(_("The date {date} is in the future").format(date=data.start_date))
    if problems:
        raise UserInputError("\n".join(problems))
    name, uuid = resident_on(store, data.resident_id, data.start_date)
    if helper == name:
        raise UserInputError(_("A resident cannot be paired with themselves"))
    twice = store.db.execute_sql(
        "SELECT 1 FROM helper_pair WHERE resident_id = ? AND helper_name = ?"
        " AND deleted_at IS NULL AND (end_date IS NULL OR end_date >= ?)",
        [data.resident_id, helper, data.start_date.isoformat()],
    ).fetchone()
    if twice:
        raise UserInputError(
            _("{helper} is already paired with {name}").format(helper=helper, name=name)
        )
    values = {
        "resident_id": data.resident_id,
        "helper_name": helper,
        "helper_kind": data.helper_kind,
        "helper_phone": data.helper_phone.strip(),
        "volunteer_id": volunteer_id,
        "start_date": data.start_date,
        "note": data.note.strip(),
    }
    row_id, _uuid = insert_audited(store, "helper_pair", values, {"resident": uuid})
    return get_pair(store, row_id)


_SELECT = (
    "SELECT p.id, p.uuid, p.resident_id, r.name, r.group_name, p.helper_name, p.helper_kind,"
    " p.helper_phone, p.volunteer_id, p.start_date, p.end_date, p.note FROM helper_pair p"
    " JOIN resident r ON r.id = p.resident_id WHERE p.deleted_at IS NULL"
)


def _pair(row: tuple) -> Pair:
    *head, start, end, note = row
    return Pair(
        *head,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end) if end else None,
        note,
    )


@uses_store
def get_pair(store: Store, pair_id: int) -> Pair:
    row = store.db.execute_sql(_SELECT + " AND p.id = ?", [pair_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such pair"))
    return _pair(row)


@uses_store
def list_pairs(store: Store, on: dt.date | None = None) -> list[Pair]:
    """Pairs standing on `on` (every pair when None), by resident in pinyin order."""
    sql, params = _SELECT, []
    if on is not None:
        sql += " AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)"
        params = [on.isoformat(), on.isoformat()]
    sql += " ORDER BY r.name_pinyin COLLATE NOCASE, p.start_date, p.id"
    return [_pair(row) for row in store.db.execute_sql(sql, params)]


@uses_store
def end_pair(store: Store, pair_id: int, end_date: dt.date) -> Pair:
    pair = get_pair(store, pair_id)
    if pair.end_date is not None:
        raise UserInputError(
            _("This pair already ended on {date}").format(date=format_date(pair.end_date))
        )
    if end_date < pair.start_date:
        raise UserInputError(_("The end date is before the start date"))
    update_audited(store, "helper_pair", pair_id, {"end_date": (None, end_date)}, "end")
    return get_pair(store, pair_id)


@uses_store
def record_pair_visit(
    store: Store,
    pair_id: int,
    day: dt.date,
    method: str = "home",
    *,
    minutes: int = 0,
    problems: str = "",
    notes: str = "",
    today: dt.date | None = None,
) -> int:
    """The helper visited: a visit to the resident, and with `minutes` a time-bank deposit for a
    helper who is a volunteer. Returns the visit's id. Both are written or neither."""
    from carepoint.timebank.ledger import record_service
    from carepoint.visits.records import VisitInput, record_visit

    today = today or clock.today()
    pair = get_pair(store, pair_id)
    if not pair.active_on(day):
        raise UserInputError(
            _("{helper} was not paired with {name} on {date}").format(
                helper=pair.helper_name, name=pair.resident_name, date=format_date(day)
            )
        )
    if minutes < 0:
        raise UserInputError(_("The minutes cannot be negative"))
    data = VisitInput(
        day, pair.helper_name, method, visitor_kind="volunteer", problems=problems, notes=notes
    )
    with store.db.writing():
        visit_id = record_visit(store, pair.resident_id, data, today=today)
        if pair.volunteer_id is not None and minutes:
            record_service(
                store, pair.volunteer_id, day, minutes, _visit_service(store, day),
                recipient_resident_id=pair.resident_id, today=today,
            )  # fmt: skip
    return visit_id


@uses_store
def _visit_service(store: Store, day: dt.date) -> str:
    """The locality's name for a visit among its time-bank services (探访巡访), if it has one."""
    from carepoint.timebank.caps import timebank_rules_on

    named = [t for t in timebank_rules_on(store, day).service_types if "探访" in t]
    return named[0] if named else _(VISIT_SERVICE)


@dataclass(frozen=True)
class RosterLine:
    pair: Pair
    visits: int  # by the helper to the resident in the month
    last_visit: dt.date | None


@uses_store
def pairing_roster(store: Store, month: dt.date) -> list[RosterLine]:
    """The pairs that stood at some time in the month, with the helper's visits that month."""
    first, last = month_range(month)
    lines = []
    for pair in list_pairs(store):
        if pair.start_date.isoformat() > last or (
            pair.end_date and pair.end_date.isoformat() < first
        ):
            continue
        count, latest = store.db.execute_sql(
            "SELECT count(*), max(visit_date) FROM visit WHERE resident_id = ? AND visitor = ?"
            " AND deleted_at IS NULL AND visit_date BETWEEN ? AND ?",
            [pair.resident_id, pair.helper_name, first, last],
        ).fetchone()
        lines.append(RosterLine(pair, count, dt.date.fromisoformat(latest) if latest else None))
    return lines
