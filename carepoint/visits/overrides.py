"""A tier set by hand for one resident, from a date, with the reason; audited.

The override wins over the rule table until it is ended. Setting a new one ends the current one
the day before; "none" takes a person out of the visit programme (e.g. cared for in a hospital).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.residents.service import get_for_update
from carepoint.visits import schedule
from carepoint.visits.labels import OVERRIDE_TIERS


@dataclass(frozen=True)
class Override:
    id: int
    tier: str
    reason: str
    start_date: dt.date
    end_date: dt.date | None


@uses_store
def overrides_of(store: Store, resident_id: int) -> list[Override]:
    """A resident's overrides, the newest first."""
    rows = store.db.execute_sql(
        "SELECT id, tier, reason, start_date, end_date FROM visit_tier_override"
        " WHERE resident_id = ? AND deleted_at IS NULL ORDER BY start_date DESC, id DESC",
        [resident_id],
    )
    return [
        Override(i, t, r, dt.date.fromisoformat(s), dt.date.fromisoformat(e) if e else None)
        for i, t, r, s, e in rows
    ]


@uses_store
def _current(store: Store, resident_id: int, day: dt.date) -> Override | None:
    for item in overrides_of(store, resident_id):
        if item.start_date <= day and (item.end_date is None or item.end_date >= day):
            return item
    return None


@uses_store
def _end(store: Store, item: Override, end: dt.date) -> None:
    """End `item` on `end`; one that would end before it starts is withdrawn instead."""
    uuid = store.db.execute_sql(
        "SELECT uuid FROM visit_tier_override WHERE id = ?", [item.id]
    ).fetchone()[0]
    if end < item.start_date:
        synced.update(store, "visit_tier_override", item.id, {"deleted_at": synced.now()})
        audit.record(store, "withdraw", "visit_tier_override", uuid, {"tier": (item.tier, None)})
        return
    synced.update(store, "visit_tier_override", item.id, {"end_date": end})
    audit.record(store, "update", "visit_tier_override", uuid, {"end_date": (None, end)})


@changes(Changed.VISITS)
@uses_store
def set_override(
    store: Store,
    resident_id: int,
    tier: str,
    reason: str,
    start_date: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> int:
    today = today or clock.today()
    start_date = start_date or today
    resident = get_for_update(resident_id)
    if tier not in OVERRIDE_TIERS:
        raise UserInputError(_("Unknown visit tier {code}").format(code=tier))
    if not reason.strip():
        raise UserInputError(_("A tier set by hand needs a reason"))
    if start_date > today:
        raise UserInputError(_("The date {date} is in the future").format(date=start_date))
    with store.db.writing():
        current = _current(store, resident_id, start_date)
        if current is not None:
            _end(store, current, start_date - dt.timedelta(days=1))
        override_id, uuid = synced.insert(store, "visit_tier_override", {
            "resident_id": resident_id, "tier": tier, "reason": reason.strip(),
            "start_date": start_date,
        })  # fmt: skip
        audit.record(
            store,
            "add",
            "visit_tier_override",
            uuid,
            {
                "resident": (None, resident.uuid),
                "tier": (None, tier),
                "reason": (None, reason.strip()),
                "start_date": (None, start_date),
            },
        )
        schedule.recompute(store, [resident_id], today)
    return override_id


@changes(Changed.VISITS)
@uses_store
def end_override(
    store: Store, resident_id: int, end_date: dt.date | None = None, *, today: dt.date | None = None
) -> None:
    """Back to the rule table from the day after `end_date` (default: from today on)."""
    today = today or clock.today()
    end_date = end_date or today - dt.timedelta(days=1)
    current = _current(store, resident_id, end_date + dt.timedelta(days=1))
    if current is None:
        raise UserInputError(_("No tier is set by hand for this resident"))
    with store.db.writing():
        _end(store, current, end_date)
        schedule.recompute(store, [resident_id], today)
