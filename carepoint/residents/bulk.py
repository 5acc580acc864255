"""Writing many residents at once (imports, the demo village) in one transaction.

peewee's insert_many is several times slower than the driver's executemany, so this path builds
plain rows and hands them to the connection directly (see design.md, platform pitfalls).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow
from carepoint.residents.fields import TEXT_FIELDS
from carepoint.residents.service import creation_snapshot
from carepoint.residents.validation import PreparedResident

RESIDENT_COLUMNS = (
    "id",
    "uuid",
    "created_at",
    "updated_at",
    "change_seq",
    "name",
    "gender",
    "id_number",
    "birth_date",
    "marital_status",
    *TEXT_FIELDS,
    "status",
    "status_date",
    "registered_on",
    "name_pinyin",
    "name_initials",
    "search_text",
)
_SYNCED = "uuid, created_at, updated_at, change_seq"


@dataclass
class StatusStep:
    status: str
    previous_status: str
    effective_date: dt.date
    reason: str = ""
    # False when a roster said 已故 without a date: the step is dated by the roster, the person's
    # status date stays empty ("date unknown") so any later correction may set the real one.
    date_known: bool = True


@dataclass
class NewResident:
    prepared: PreparedResident
    history: list[StatusStep] = field(default_factory=list)


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


@uses_store
def insert_residents(store: Store, people: list[NewResident], action: str = "import") -> int:
    """Insert every person with their carers, categories and status history, all or nothing."""
    if not people:
        return 0
    now = utcnow().isoformat(sep=" ")
    db = store.db
    residents, carers, memberships, steps, audits = [], [], [], [], []
    with db.writing():
        next_id = db.execute_sql("SELECT coalesce(max(id), 0) FROM resident").fetchone()[0] + 1
        seq = store.next_change_seq(len(people) * 4)
        for offset, person in enumerate(people):
            values = person.prepared.values
            last = person.history[-1] if person.history else None
            rid, ruuid = next_id + offset, new_uuid()
            row = {
                **values,
                "id": rid,
                "uuid": ruuid,
                "created_at": now,
                "updated_at": now,
                "change_seq": seq,
                "status": last.status if last else "active",
                "status_date": last.effective_date if last and last.date_known else None,
            }
            residents.append(tuple(_iso(row[c]) for c in RESIDENT_COLUMNS))
            snapshot = creation_snapshot(values)["*"][1]
            audits.append(
                (
                    now,
                    store.actor,
                    action,
                    "resident",
                    ruuid,
                    "*",
                    None,
                    json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                )
            )
            for carer in person.prepared.carers:
                carers.append(
                    (
                        new_uuid(),
                        now,
                        now,
                        seq,
                        rid,
                        carer.name,
                        carer.relation,
                        carer.phone,
                        carer.address,
                    )
                )
            for item in person.prepared.categories:
                memberships.append(
                    (
                        new_uuid(),
                        now,
                        now,
                        seq,
                        rid,
                        item.code,
                        _iso(item.start_date),
                        _iso(item.end_date),
                        item.note,
                    )
                )
            for step in person.history:
                steps.append(
                    (
                        new_uuid(),
                        now,
                        now,
                        seq,
                        rid,
                        step.status,
                        step.previous_status,
                        _iso(step.effective_date),
                        step.reason,
                    )
                )
                audits.append(
                    (
                        now,
                        store.actor,
                        action,
                        "resident",
                        ruuid,
                        "status",
                        step.previous_status,
                        step.status,
                    )
                )
        cursor = db.cursor()
        marks = ", ".join("?" * len(RESIDENT_COLUMNS))
        cursor.executemany(
            f"INSERT INTO resident ({', '.join(RESIDENT_COLUMNS)}) VALUES ({marks})", residents
        )
        cursor.executemany(
            f"INSERT INTO carer ({_SYNCED}, resident_id, name, relation, phone, address)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            carers,
        )
        cursor.executemany(
            f"INSERT INTO category_membership ({_SYNCED}, resident_id, code, start_date,"
            " end_date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            memberships,
        )
        cursor.executemany(
            f"INSERT INTO status_change ({_SYNCED}, resident_id, status, previous_status,"
            " effective_date, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            steps,
        )
        audit.write_entries(db, audits)
    return len(people)
