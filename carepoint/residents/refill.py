"""A roster read again over people already registered: it fills what the register leaves empty
(fields, categories, carers, a status it reports) and never overwrites what a clerk entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow
from carepoint.residents.bulk import StatusStep
from carepoint.residents.fields import TEXT_FIELDS
from carepoint.residents.validation import CarerInput, CategoryInput, PreparedResident

FILLABLE = ("marital_status", *TEXT_FIELDS)
_CHUNK = 900


@dataclass
class Registered:
    id: int
    uuid: str
    name: str
    status: str
    values: dict[str, str]
    codes: set[str]
    has_carers: bool
    # code → latest day of its memberships (None: still open), ended ones too, so that a roster
    # older than an ending does not open the category again
    ends: dict[str, dt.date | None] = field(default_factory=dict)

    def covers(self, code: str, start: dt.date) -> bool:
        """Whether a membership of `code` from `start` on would overlap one already recorded."""
        if code not in self.ends:
            return False
        end = self.ends[code]
        return end is None or end >= start


@dataclass
class Fill:
    person: Registered
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (old, new)
    categories: list[CategoryInput] = field(default_factory=list)
    carers: list[CarerInput] = field(default_factory=list)
    status: StatusStep | None = None
    differing: dict[str, tuple[str, str]] = field(default_factory=dict)  # kept as registered

    @property
    def changes_anything(self) -> bool:
        return bool(self.fields or self.categories or self.carers or self.status)


@uses_store
def registered_people(store: Store, numbers: list[str], today: dt.date) -> dict[str, Registered]:
    """The living records of these ID numbers with what a re-import compares."""
    found: dict[str, Registered] = {}
    columns = ", ".join(FILLABLE)
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for record in store.db.execute_sql(
            f"SELECT id, uuid, name, status, id_number, {columns} FROM resident"
            f" WHERE deleted_at IS NULL AND id_number IN ({marks})", chunk
        ):
            values = dict(zip(FILLABLE, (v or "" for v in record[5:]), strict=True))
            found[record[4]] = Registered(record[0], record[1], record[2], record[3], values,
                                          set(), False)
    by_id = {person.id: person for person in found.values()}
    ids = list(by_id)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for rid, code, end in store.db.execute_sql(
            f"SELECT resident_id, code, end_date FROM category_membership WHERE deleted_at IS"
            f" NULL AND resident_id IN ({marks})", chunk,
        ):  # fmt: skip
            person, day = by_id[rid], dt.date.fromisoformat(end) if end else None
            if day is None or day >= today:
                person.codes.add(code)
            known = person.ends.get(code, dt.date.min)
            person.ends[code] = None if day is None or known is None else max(known, day)
        for (rid,) in store.db.execute_sql(
            f"SELECT DISTINCT resident_id FROM carer WHERE deleted_at IS NULL AND"
            f" resident_id IN ({marks})", chunk
        ):
            by_id[rid].has_carers = True
    return found


def plan_fill(person: Registered, prepared: PreparedResident, history: list[StatusStep]) -> Fill:
    fill = Fill(person)
    for name in FILLABLE:
        old, new = person.values.get(name, ""), str(prepared.values.get(name) or "")
        if new and not old:
            fill.fields[name] = (old, new)
        elif new and old != new:
            fill.differing[name] = (old, new)
    fill.categories = [c for c in prepared.categories
                       if c.code not in person.codes and not person.covers(c.code, c.start_date)]
    if not person.has_carers:
        fill.carers = list(prepared.carers)
    if history and person.status == "active":
        fill.status = history[-1]
    return fill


@uses_store
def _stamp(store: Store, now: str) -> tuple[str, int]:
    return now, store.next_change_seq()


@uses_store
def apply_fills(store: Store, fills: list[Fill], action: str = "import") -> int:
    """Write every fill in one transaction, each change audited; return how many people."""
    fills = [f for f in fills if f.changes_anything]
    if not fills:
        return 0
    db = store.db
    now = utcnow().isoformat(sep=" ")
    with db.writing():
        for fill in fills:
            person, seq = fill.person, store.next_change_seq()
            if fill.fields:
                sets = ", ".join(f"{name} = ?" for name in fill.fields)
                db.execute_sql(
                    f"UPDATE resident SET {sets}, updated_at = ?, change_seq = ? WHERE id = ?",
                    [*(new for _old, new in fill.fields.values()), now, seq, person.id],
                )
                audit.record(store, action, "resident", person.uuid, dict(fill.fields))
            for item in fill.categories:
                uuid = new_uuid()
                db.execute_sql(
                    "INSERT INTO category_membership (uuid, created_at, updated_at, change_seq,"
                    " resident_id, code, start_date, end_date, note) VALUES (?,?,?,?,?,?,?,?,?)",
                    (uuid, now, now, seq, person.id, item.code, item.start_date.isoformat(),
                     None, item.note),
                )
                audit.record(store, action, "category_membership", uuid, {
                    "resident": (None, person.uuid), "code": (None, item.code),
                    "start_date": (None, item.start_date)})
            for carer in fill.carers:
                uuid = new_uuid()
                db.execute_sql(
                    "INSERT INTO carer (uuid, created_at, updated_at, change_seq, resident_id,"
                    " name, relation, phone, address) VALUES (?,?,?,?,?,?,?,?,?)",
                    (uuid, now, now, seq, person.id, carer.name, carer.relation, carer.phone,
                     carer.address),
                )
                audit.record(store, action, "carer", uuid, {
                    "resident": (None, person.uuid), "name": (None, carer.name)})
            if fill.status:
                step = fill.status
                db.execute_sql(
                    "INSERT INTO status_change (uuid, created_at, updated_at, change_seq,"
                    " resident_id, status, previous_status, effective_date, reason)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (new_uuid(), now, now, seq, person.id, step.status, person.status,
                     step.effective_date.isoformat(), step.reason),
                )
                status_date = step.effective_date.isoformat() if step.date_known else None
                db.execute_sql(
                    "UPDATE resident SET status = ?, status_date = ?, updated_at = ?,"
                    " change_seq = ? WHERE id = ?",
                    (step.status, status_date, now, seq, person.id),
                )
                audit.record(store, action, "resident", person.uuid, {
                    "status": (person.status, step.status), "status_date": (None, status_date),
                    "reason": (None, step.reason)})
    return len(fills)
