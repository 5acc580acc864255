"""Visits owed besides the regular rhythm: follow-ups set by a visit, and extra visits scheduled
for a whole group at once (a cold wave, a heat wave, the Spring Festival). Each is due on its
date and stays open (listed, and in the due list) until a visit or a note closes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.visits import schedule
from carepoint.visits.labels import TASK_KINDS, TIERS


@dataclass(frozen=True)
class OpenTask:
    id: int
    resident_id: int
    name: str
    group_name: str
    kind: str
    due_date: dt.date
    reason: str
    created_on: dt.date


@uses_store
def add_task(
    store: Store,
    resident,
    kind: str,
    due_date: dt.date,
    reason: str,
    created_on: dt.date,
    source_visit_id: int | None = None,
) -> int:
    if kind not in TASK_KINDS:
        raise UserInputError(_("Unknown kind of visit task {kind}").format(kind=kind))
    task_id, uuid = synced.insert(store, "visit_task", {
        "resident_id": resident.id, "kind": kind, "due_date": due_date, "reason": reason,
        "source_visit_id": source_visit_id, "created_on": created_on,
    })  # fmt: skip
    audit.record(
        store,
        "add",
        "visit_task",
        uuid,
        {
            "resident": (None, resident.uuid),
            "kind": (None, kind),
            "due_date": (None, due_date),
            "reason": (None, reason or None),
        },
    )
    return task_id


@uses_store
def _close(store: Store, task_id: int, uuid: str, day: dt.date, visit_id, note: str) -> None:
    synced.update(store, "visit_task", task_id, {
        "closed_on": day, "closed_by_visit_id": visit_id, "close_note": note,
    })  # fmt: skip
    changes = {"closed_on": (None, day), "closed_by_visit": (None, visit_id)}
    if note:
        changes["close_note"] = (None, note)
    audit.record(store, "close", "visit_task", uuid, changes)


@uses_store
def close_for_visit(
    store: Store, resident_id: int, visit_id: int, day: dt.date, wanted: list[int] | None
) -> int:
    """Close the tasks a visit on `day` answers (None: every open one set on or before `day`)."""
    open_tasks = store.db.execute_sql(
        "SELECT id, uuid, created_on FROM visit_task WHERE resident_id = ? AND closed_on IS NULL"
        " AND deleted_at IS NULL",
        [resident_id],
    ).fetchall()
    closing = [
        (tid, uuid)
        for tid, uuid, created in open_tasks
        if (tid in wanted if wanted is not None else created <= day.isoformat())
    ]
    unknown = set(wanted or ()) - {tid for tid, _uuid, _c in open_tasks}
    if unknown:
        raise UserInputError(_("That follow-up is already closed or belongs to someone else"))
    for tid, uuid in closing:
        _close(store, tid, uuid, day, visit_id, "")
    return len(closing)


@changes(Changed.VISITS)
@uses_store
def close_task(store: Store, task_id: int, note: str, day: dt.date | None = None) -> None:
    """Close a task without a visit (the person was seen elsewhere, the need passed …)."""
    day = day or clock.today()
    row = store.db.execute_sql(
        "SELECT uuid, resident_id, created_on FROM visit_task WHERE id = ? AND closed_on IS NULL"
        " AND deleted_at IS NULL",
        [task_id],
    ).fetchone()
    if row is None:
        raise UserInputError(_("That follow-up is already closed"))
    if not note.strip():
        raise UserInputError(_("Say why it is closed without a visit"))
    with store.db.writing():
        _close(store, task_id, row[0], day, None, note.strip())
        schedule.recompute(store, [row[1]], day)


@uses_store
def open_tasks(store: Store, resident_id: int | None = None) -> list[OpenTask]:
    """Open follow-ups and extra visits, the earliest due first."""
    where, params = "", []
    if resident_id is not None:
        where, params = " AND t.resident_id = ?", [resident_id]
    rows = store.db.execute_sql(
        "SELECT t.id, t.resident_id, r.name, r.group_name, t.kind, t.due_date, t.reason,"
        " t.created_on FROM visit_task t JOIN resident r ON r.id = t.resident_id"
        f" WHERE t.closed_on IS NULL AND t.deleted_at IS NULL{where}"
        " AND r.deleted_at IS NULL AND r.status NOT IN ('deceased', 'moved_out')"
        " ORDER BY t.due_date, r.name_pinyin COLLATE NOCASE, t.id",
        params,
    )
    return [
        OpenTask(
            tid,
            rid,
            name,
            group,
            kind,
            dt.date.fromisoformat(due),
            reason,
            dt.date.fromisoformat(created),
        )  # fmt: skip
        for tid, rid, name, group, kind, due, reason, created in rows
    ]


@changes(Changed.VISITS)
@uses_store
def schedule_extra_visits(
    store: Store,
    due_date: dt.date,
    reason: str,
    *,
    group: str | None = None,
    tiers: tuple[str, ...] = TIERS,
    today: dt.date | None = None,
) -> int:
    """One extra visit, due on `due_date`, for everyone in `tiers` (in `group`, or all groups)."""
    from carepoint.residents.service import get_for_update

    today = today or clock.today()
    if not reason.strip():
        raise UserInputError(_("Say why the extra visits are needed (e.g. cold wave, festival)"))
    if due_date < today:
        raise UserInputError(_("The extra visits cannot be due in the past"))
    unknown = [t for t in tiers if t not in TIERS]
    if unknown or not tiers:
        raise UserInputError(_("Choose at least one visit tier"))
    schedule.refresh(store, today)
    sql = (
        "SELECT s.resident_id FROM visit_schedule s JOIN resident r ON r.id = s.resident_id"
        f" WHERE s.tier IN ({','.join('?' * len(tiers))})"
    )
    params: list = list(tiers)
    if group:
        sql += " AND r.group_name = ?"
        params.append(group)
    ids = [row[0] for row in store.db.execute_sql(sql, params)]
    with store.db.writing():
        for rid in ids:
            add_task(store, get_for_update(rid), "extra", due_date, reason.strip(), today)
        schedule.recompute(store, ids, today)
    return len(ids)
