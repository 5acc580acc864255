"""适老化改造: home adaptation cases for poor, disabled or very old households.

A case names the person (and others living in the household), the items the household needs
from the locality's list (rule area "adaptations"; a built-in list otherwise), the cost and the
subsidy in fen, the contractor, and moves one step at a time through 申请 → 评估 → 施工 → 验收
→ 归档, each step with its date (never before the step before it). The items, cost and subsidy
are settled at the assessment and may be corrected until acceptance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock, rules
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _, format_date
from carepoint.ledgers.common import check_not_future, insert_audited, resident_on, update_audited

AREA = "adaptations"
DEFAULT_ITEMS = ("扶手", "防滑处理", "坐便椅", "洗澡椅", "夜灯", "紧急呼叫装置", "坡道")
STATES = ("applied", "assessed", "in_work", "accepted", "archived")
STATE_LABELS = {
    "applied": N_("applied"),
    "assessed": N_("assessed"),
    "in_work": N_("work under way"),
    "accepted": N_("accepted"),
    "archived": N_("archived"),
}
STATE_DATES = {
    "applied": "applied_on",
    "assessed": "assessed_on",
    "in_work": "work_started_on",
    "accepted": "accepted_on",
    "archived": "archived_on",
}


def state_label(state: str) -> str:
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state


@uses_store
def item_list(store: Store, day: dt.date | None = None) -> tuple[str, ...]:
    try:
        version = rules.rules_on(store, AREA, day or clock.today())
        return tuple(version.content.get("items", DEFAULT_ITEMS))
    except UserInputError:
        return DEFAULT_ITEMS


@dataclass(frozen=True)
class Case:
    id: int
    uuid: str
    resident_id: int
    name: str
    group_name: str
    household: str
    others: str
    items: tuple[str, ...]
    state: str
    dates: dict[str, dt.date | None]  # state → the day it was reached
    cost_fen: int
    subsidy_fen: int
    contractor: str
    note: str
    photos: tuple[str, ...] = ()

    @property
    def last_date(self) -> dt.date:
        return self.dates[self.state]


@uses_store
def _check_items(store: Store, items: tuple[str, ...], day: dt.date) -> tuple[str, ...]:
    known = item_list(store, day)
    cleaned = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    unknown = [i for i in cleaned if i not in known]
    if unknown:
        raise UserInputError(
            _("Unknown items {items}; the list has: {known}").format(
                items="、".join(unknown), known="、".join(known)
            )
        )
    return cleaned


@uses_store
def open_case(
    store: Store,
    resident_id: int,
    applied_on: dt.date,
    *,
    household: str = "",
    others: str = "",
    items: tuple[str, ...] = (),
    note: str = "",
    today: dt.date | None = None,
) -> Case:
    check_not_future(applied_on, today or clock.today())
    _name, uuid = resident_on(store, resident_id, applied_on)
    open_one = store.db.execute_sql(
        "SELECT id FROM adaptation_case WHERE resident_id = ? AND deleted_at IS NULL"
        " AND state NOT IN ('accepted', 'archived')",
        [resident_id],
    ).fetchone()
    if open_one:
        raise UserInputError(_("This person already has an open case (number {id})").format(
            id=open_one[0]))  # fmt: skip
    values = {"resident_id": resident_id, "household": household.strip(),
              "others": others.strip(), "items": ",".join(_check_items(store, items, applied_on)),
              "state": "applied", "applied_on": applied_on, "note": note.strip()}  # fmt: skip
    row_id, _uuid = insert_audited(store, "adaptation_case", values, {"resident": uuid})
    return get_case(store, row_id)


@uses_store
def advance(
    store: Store,
    case_id: int,
    to_state: str,
    day: dt.date,
    *,
    items: tuple[str, ...] | None = None,
    cost_fen: int | None = None,
    subsidy_fen: int | None = None,
    contractor: str | None = None,
    today: dt.date | None = None,
) -> Case:
    """Move the case one step on, on `day`; details given along are settled with it."""
    case = get_case(store, case_id)
    if to_state not in STATES or STATES.index(to_state) != STATES.index(case.state) + 1:
        following = STATES[STATES.index(case.state) + 1] if case.state != "archived" else None
        raise UserInputError(
            _("The case is {state}; its next step is {next}").format(
                state=state_label(case.state),
                next=state_label(following) if following else _("none (it is archived)"),
            )
        )
    check_not_future(day, today or clock.today())
    if day < case.last_date:
        raise UserInputError(
            _("{date} is before the case was {state} ({since})").format(
                date=format_date(day),
                state=state_label(case.state),
                since=format_date(case.last_date),
            )  # fmt: skip
        )
    changes: dict[str, tuple[object, object]] = {
        "state": (case.state, to_state),
        STATE_DATES[to_state]: (None, day),
    }
    if items is not None:
        changes["items"] = (",".join(case.items), ",".join(_check_items(store, items, day)))
    cost = case.cost_fen if cost_fen is None else cost_fen
    subsidy = case.subsidy_fen if subsidy_fen is None else subsidy_fen
    if cost < 0 or subsidy < 0:
        raise UserInputError(_("Amounts cannot be negative"))
    if subsidy > cost:
        raise UserInputError(_("The subsidy cannot be more than the cost"))
    if cost_fen is not None:
        changes["cost_fen"] = (case.cost_fen, cost_fen)
    if subsidy_fen is not None:
        changes["subsidy_fen"] = (case.subsidy_fen, subsidy_fen)
    if contractor is not None:
        changes["contractor"] = (case.contractor, contractor.strip())
    new_items = changes["items"][1] if "items" in changes else ",".join(case.items)
    if to_state == "assessed" and not new_items:
        raise UserInputError(_("The assessment names at least one item to do"))
    if to_state == "in_work" and not (contractor or case.contractor).strip():
        raise UserInputError(_("Who does the work? The contractor is missing"))
    update_audited(store, "adaptation_case", case_id, changes, "advance")
    return get_case(store, case_id)


_SELECT = (
    "SELECT c.id, c.uuid, c.resident_id, r.name, r.group_name, c.household, c.others, c.items,"
    " c.state, c.applied_on, c.assessed_on, c.work_started_on, c.accepted_on, c.archived_on,"
    " c.cost_fen, c.subsidy_fen, c.contractor, c.note, c.photos FROM adaptation_case c"
    " JOIN resident r ON r.id = c.resident_id WHERE c.deleted_at IS NULL"
)


def _case(row: tuple) -> Case:
    cid, uuid, rid, name, group, household, others, items, state, *rest = row
    days = [dt.date.fromisoformat(d) if d else None for d in rest[:5]]
    cost, subsidy, contractor, note, photos = rest[5:]
    dates = dict(zip(STATES, days, strict=True))
    listed = tuple(i for i in items.split(",") if i)
    pictures = tuple(p for p in photos.split("\n") if p)
    return Case(cid, uuid, rid, name, group, household, others, listed, state, dates, cost,
                subsidy, contractor, note, pictures)  # fmt: skip


@uses_store
def get_case(store: Store, case_id: int) -> Case:
    row = store.db.execute_sql(_SELECT + " AND c.id = ?", [case_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such case"))
    return _case(row)


@uses_store
def list_cases(store: Store, state: str | None = None, until: dt.date | None = None) -> list[Case]:
    """Cases (of one state), those applied for by `until` when given, oldest application first."""
    sql, params = _SELECT, []
    if state:
        sql += " AND c.state = ?"
        params.append(state)
    if until:
        sql += " AND c.applied_on <= ?"
        params.append(until.isoformat())
    sql += " ORDER BY c.applied_on, c.id"
    return [_case(row) for row in store.db.execute_sql(sql, params)]
