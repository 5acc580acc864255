"""Changing many people at once from the register: their group, or one category added or ended,
in one transaction with an audit entry per person changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit, categories
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.groups import normalise_group
from carepoint.i18n import _
from carepoint.models import new_uuid, utcnow

_CHUNK = 900


@dataclass(frozen=True)
class BulkOutcome:
    changed: int
    unchanged: int  # already so (same group, already in or not in the category)


@uses_store
def _people(store: Store, resident_ids: list[int]) -> list[tuple]:
    found = []
    ids = list(dict.fromkeys(resident_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found += list(store.db.execute_sql(
            f"SELECT id, uuid, group_name, birth_date FROM resident WHERE deleted_at IS NULL"
            f" AND id IN ({marks})", chunk))
    if not found:
        raise UserInputError(_("Choose the people to change first"))
    return found


@uses_store
def _stamp(store: Store) -> tuple[str, int]:
    return utcnow().isoformat(sep=" "), store.next_change_seq()


@changes(Changed.RESIDENTS)
@uses_store
def set_group_for(store: Store, resident_ids: list[int], group: str) -> BulkOutcome:
    """Put everyone chosen into `group` (normalised: 3组 → 三组)."""
    name = normalise_group(group)
    if not name:
        raise UserInputError(_("Give the group to put them in"))
    people = _people(store, resident_ids)
    changed = 0
    with store.db.writing():
        now, seq = _stamp(store)
        for rid, uuid, old, _birth in people:
            if old == name:
                continue
            store.db.execute_sql(
                "UPDATE resident SET group_name = ?, updated_at = ?, change_seq = ? WHERE id = ?",
                (name, now, seq, rid))
            audit.record(store, "bulk_update", "resident", uuid, {"group_name": (old, name)})
            changed += 1
    return BulkOutcome(changed, len(people) - changed)


@changes(Changed.RESIDENTS)
@uses_store
def add_category_for(store: Store, resident_ids: list[int], code: str,
                     start_date: dt.date) -> BulkOutcome:
    """Give everyone chosen the category from `start_date`; those already in it are left."""
    if code not in categories.STORED_CODES:
        raise UserInputError(_("Unknown category {code}").format(code=code))
    people = _people(store, resident_ids)
    having = _members(store, [p[0] for p in people], code, start_date)
    changed = 0
    with store.db.writing():
        now, seq = _stamp(store)
        for rid, uuid, _group, birth in people:
            if rid in having:
                continue
            if dt.date.fromisoformat(birth) > start_date:
                raise UserInputError(_("A category cannot start before the birth date"))
            membership = new_uuid()
            store.db.execute_sql(
                "INSERT INTO category_membership (uuid, created_at, updated_at, change_seq,"
                " resident_id, code, start_date, end_date, note) VALUES (?,?,?,?,?,?,?,NULL,'')",
                (membership, now, now, seq, rid, code, start_date.isoformat()))
            audit.record(store, "bulk_add", "category_membership", membership, {
                "resident": (None, uuid), "code": (None, code), "start_date": (None, start_date)})
            changed += 1
    return BulkOutcome(changed, len(people) - changed)


@changes(Changed.RESIDENTS)
@uses_store
def end_category_for(store: Store, resident_ids: list[int], code: str,
                     end_date: dt.date) -> BulkOutcome:
    """End the category for everyone chosen who has it open on `end_date`."""
    if code not in categories.STORED_CODES:
        raise UserInputError(_("Unknown category {code}").format(code=code))
    people = _people(store, resident_ids)
    ids = [p[0] for p in people]
    open_rows = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        open_rows += list(store.db.execute_sql(
            f"SELECT id, uuid, resident_id, start_date, end_date FROM category_membership"
            f" WHERE deleted_at IS NULL AND code = ? AND resident_id IN ({marks})"
            f" AND start_date <= ? AND (end_date IS NULL OR end_date > ?)",
            [code, *chunk, end_date.isoformat(), end_date.isoformat()]))
    with store.db.writing():
        now, seq = _stamp(store)
        for mid, muuid, _rid, _start, old_end in open_rows:
            store.db.execute_sql(
                "UPDATE category_membership SET end_date = ?, updated_at = ?, change_seq = ?"
                " WHERE id = ?", (end_date.isoformat(), now, seq, mid))
            audit.record(store, "bulk_update", "category_membership", muuid,
                         {"end_date": (old_end, end_date)})
    changed = len({row[2] for row in open_rows})
    return BulkOutcome(changed, len(people) - changed)


@uses_store
def _members(store: Store, ids: list[int], code: str, day: dt.date) -> set[int]:
    having: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        having |= {row[0] for row in store.db.execute_sql(
            f"SELECT resident_id FROM category_membership WHERE deleted_at IS NULL AND code = ?"
            f" AND resident_id IN ({marks}) AND (end_date IS NULL OR end_date >= ?)",
            [code, *chunk, day.isoformat()])}
    return having
