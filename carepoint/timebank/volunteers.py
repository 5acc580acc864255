"""Volunteers of the time bank: often residents themselves (the young-old helping the older)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.pinyin import name_keys, normalise_query, search_text
from carepoint.residents.queries import name_match_rank


@dataclass(frozen=True)
class VolunteerInput:
    name: str = ""
    resident_id: int | None = None
    phone: str = ""
    group_name: str = ""
    joined_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Volunteer:
    id: int
    uuid: str
    resident_id: int | None
    name: str
    phone: str
    group_name: str
    joined_on: dt.date
    note: str
    active: bool
    deposited_minutes: int
    withdrawn_minutes: int

    @property
    def balance_minutes(self) -> int:
        return self.deposited_minutes - self.withdrawn_minutes


@changes(Changed.TIMEBANK)
@uses_store
def add_volunteer(store: Store, data: VolunteerInput) -> Volunteer:
    """Register a volunteer; a resident brings their name, phone and group from the register."""
    name, phone, group = data.name.strip(), data.phone.strip(), data.group_name.strip()
    if data.resident_id is not None:
        found = store.db.execute_sql(
            "SELECT name, phone, group_name, status FROM resident WHERE id = ?"
            " AND deleted_at IS NULL",
            [data.resident_id],
        ).fetchone()
        if found is None:
            raise UserInputError(_("No such resident"))
        if found[3] != "active":
            raise UserInputError(_("{name} is no longer in the register").format(name=found[0]))
        name, phone, group = found[0], phone or found[1], group or found[2]
    if not name:
        raise UserInputError(_("A volunteer needs a name"))
    joined = data.joined_on or clock.today()
    pinyin, initials = name_keys(name)
    values = {
        "resident_id": data.resident_id,
        "name": name,
        "phone": phone,
        "group_name": group,
        "joined_on": joined,
        "note": data.note.strip(),
        "active": True,
        "name_initials": initials,
        "search_text": search_text(name, pinyin, ""),
    }
    with store.db.writing():
        if (
            data.resident_id is not None
            and store.db.execute_sql(
                "SELECT 1 FROM timebank_volunteer WHERE resident_id = ? AND deleted_at IS NULL",
                [data.resident_id],
            ).fetchone()
        ):
            raise UserInputError(_("{name} is already a volunteer").format(name=name))
        row_id, uuid = synced.insert(store, "timebank_volunteer", values)
        shown = ("resident_id", "name", "phone", "group_name", "joined_on", "note")
        audit.record(
            store, "create", "timebank_volunteer", uuid, {k: (None, values[k]) for k in shown}
        )
    return get_volunteer(store, row_id)


@changes(Changed.TIMEBANK)
@uses_store
def set_active(store: Store, volunteer_id: int, active: bool) -> None:
    volunteer = get_volunteer(store, volunteer_id)
    if volunteer.active == active:
        return
    with store.db.writing():
        synced.update(store, "timebank_volunteer", volunteer_id, {"active": active})
        audit.record(
            store, "update", "timebank_volunteer", volunteer.uuid, {"active": (not active, active)}
        )


_SELECT = (
    "SELECT v.id, v.uuid, v.resident_id, v.name, v.phone, v.group_name, v.joined_on, v.note,"
    " v.active, coalesce(sum(e.deposit_minutes), 0), coalesce(sum(e.withdraw_minutes), 0)"
    " FROM timebank_volunteer v LEFT JOIN timebank_entry e"
    " ON e.volunteer_id = v.id AND e.deleted_at IS NULL"
)


def _volunteer(row: tuple) -> Volunteer:
    return Volunteer(*row[:6], dt.date.fromisoformat(row[6]), row[7], bool(row[8]), *row[9:])


@uses_store
def get_volunteer(store: Store, volunteer_id: int) -> Volunteer:
    row = store.db.execute_sql(
        f"{_SELECT} WHERE v.id = ? AND v.deleted_at IS NULL GROUP BY v.id", [volunteer_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such volunteer"))
    return _volunteer(row)


@uses_store
def list_volunteers(
    store: Store, search: str = "", *, include_inactive: bool = True
) -> list[Volunteer]:
    clauses, params = ["v.deleted_at IS NULL"], []
    query = normalise_query(search)
    if query:
        clauses.append("(v.search_text LIKE ? OR v.name_initials LIKE ?)")
        params += [f"%{query}%", f"{query}%"]
    if not include_inactive:
        clauses.append("v.active = 1")
    pinyin = "substr(v.search_text, instr(v.search_text, '|') + 1)"
    rank, rank_params = name_match_rank(
        search, name="v.name", pinyin=f"rtrim({pinyin}, '|')", initials="v.name_initials"
    )
    sql = (
        f"{_SELECT} WHERE {' AND '.join(clauses)} GROUP BY v.id"
        f" ORDER BY v.active DESC, {rank + ', ' if rank else ''}{pinyin}, v.id"
    )
    return [_volunteer(row) for row in store.db.execute_sql(sql, [*params, *rank_params])]
