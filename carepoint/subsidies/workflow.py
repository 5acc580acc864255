"""A month's way to the bank: computed → reviewed → approved → paid, and who may do each step.

Clerks compute and review; administrators may do that too, and they alone approve and mark a
month paid. An approved month is locked: computing it again returns what was approved, and a
correction is an adjusting entry in a later, open month. Every step is audited with the actor.
Functions take the signed-in role (the command line's acting account's); None only on a folder
without accounts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from carepoint import audit, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import NeedsConfirmation, UserInputError
from carepoint.i18n import N_, _
from carepoint.models import utcnow
from carepoint.subsidies import ledger, meal_link, months
from carepoint.subsidies.changes import Change, month_changes
from carepoint.subsidies.entitlement import Calculator, Line, MealProvider, month_lines
from carepoint.subsidies.ledger import MonthRecord, month_record

PERMISSIONS = {
    "compute": ("administrator", "clerk"),
    "review": ("administrator", "clerk"),
    "adjust": ("administrator", "clerk"),
    "settle": ("administrator", "clerk"),
    "approve": ("administrator",),
    "pay": ("administrator",),
    "reopen": ("administrator",),
}
TWO_PERSON_SETTING = "subsidies_two_person"
STATE_LABELS = {
    "open": N_("not computed"),
    "computed": N_("computed"),
    "reviewed": N_("reviewed"),
    "approved": N_("approved (locked)"),
    "paid": N_("paid"),
}
_REFUSALS = {
    "compute": N_("Only a clerk or an administrator may compute subsidies."),
    "review": N_("Only a clerk or an administrator may review subsidies."),
    "adjust": N_("Only a clerk or an administrator may enter adjustments."),
    "settle": N_("Only a clerk or an administrator may record a recovered amount."),
    "approve": N_("Only an administrator may approve subsidies."),
    "pay": N_("Only an administrator may mark subsidies paid."),
    "reopen": N_("Only an administrator may reopen an approved month."),
}
_DEFAULT_MEALS = meal_link.meal_subsidies


def may(role: str | None, step: str) -> bool:
    return role is not None and role in PERMISSIONS[step]


@uses_store
def require(role: str | None, step: str, store: Store) -> None:
    """Refuse a role that may not take `step`, whoever calls. No role is the local administrator
    only on a data folder without accounts (init, demo, a fresh command line); once the folder
    has accounts, a caller that names no signed-in role is refused."""
    if role is None:
        from carepoint import users

        if users.has_accounts(store):
            raise UserInputError(_("Nobody is signed in; sign in first."))
        role = "administrator"
    if not may(role, step):
        raise UserInputError(_(_REFUSALS[step]))


def state_label(state: str | None) -> str:
    return _(STATE_LABELS.get(state or "open", state or ""))


@dataclass
class MonthResult:
    month: int
    lines: list[Line]
    changes: list[Change]
    totals: dict[str, int]
    record: MonthRecord | None
    locked: bool
    lines_changed: int = 0


@uses_store
def compute_month(
    store: Store,
    month: int,
    *,
    role: str | None = None,
    meal_subsidies: MealProvider | None = _DEFAULT_MEALS,
    save: bool = True,
    calculator: Calculator | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MonthResult:
    """Work out the month's lines and 新增/停发 lists and store them (an open month only)."""
    require(role, "compute", store)
    record = month_record(store, month)
    if record and record.locked:
        lines = ledger.stored_lines(store, month)
        found = ledger.stored_changes(store, month)
        return MonthResult(month, lines, found, ledger.totals_of(lines), record, True)
    calc = calculator or Calculator(store)
    lines = month_lines(calc, month, meal_subsidies, ledger.paid_once(store, month))
    from carepoint.subsidies.payments import carryover_lines

    lines += carryover_lines(store, calc, month)
    found = month_changes(calc, month)
    if not save:
        return MonthResult(month, lines, found, ledger.totals_of(lines), record, False)
    if cancelled is not None and cancelled():
        raise UserInputError(_("Stopped; nothing was changed."))
    rule_from = calc.rules_for_month(month).effective_from.isoformat()
    with store.db.writing():
        record = month_record(store, month)
        previous = record.state if record else None
        if record is None:
            ledger.create_month(store, month, "computed")
            record = month_record(store, month)
        changed, _changes = ledger.save_computed(store, month, lines, found)
        state = "computed" if changed or record.state == "computed" else record.state
        record.state = previous
        store_totals(store, month, record, "compute", state, changed=changed, rule_from=rule_from)
    lines += ledger.stored_lines(store, month, "adjustment")
    record = month_record(store, month)
    return MonthResult(month, lines, found, record.totals, record, False, changed)


@uses_store
def store_totals(store, month, record, action, state, *, changed=0, **values) -> None:
    """Write the month's totals from its lines, its new state and an audit entry."""
    totals, count = ledger.month_totals(store, month)
    total = sum(totals.values())
    now = utcnow().isoformat(sep=" ")
    values.update(
        totals=json.dumps(totals, sort_keys=True), total_fen=total, line_count=count, state=state
    )
    if action == "compute":
        values.update(computed_at=now, computed_by=store.actor)
    if state == "computed":
        values.update(reviewed_at=None, reviewed_by="")
    ledger.update_month(store, month, values)
    diff = {
        "state": (record.state, state),
        "total_fen": (record.total_fen, total),
        "line_count": (record.line_count, count),
    }
    diff = {k: v for k, v in diff.items() if v[0] != v[1]}
    if action == "compute":
        diff["lines_changed"] = (None, changed)
    audit.record(store, action, "subsidy_month", record.uuid, diff)


@uses_store
def _open_record(store: Store, month: int, wanted: str, step_name: str) -> MonthRecord:
    record = month_record(store, month)
    if record is None:
        raise UserInputError(
            _("The subsidies of {month} have not been computed yet").format(
                month=months.text(month)
            )
        )
    if record.state != wanted:
        raise UserInputError(
            _("The subsidies of {month} are {state}; only {wanted} subsidies can be {step}").format(
                month=months.text(month),
                state=state_label(record.state),
                wanted=state_label(wanted),
                step=_(step_name),
            )
        )
    return record


@uses_store
def _move(store: Store, record: MonthRecord, month: int, action: str, values: dict) -> None:
    with store.db.writing():
        ledger.update_month(store, month, values)
        changes = {key: (getattr(record, key), value) for key, value in values.items()}
        audit.record(store, action, "subsidy_month", record.uuid, changes)


@uses_store
def review_month(store: Store, month: int, *, role: str | None = None) -> None:
    require(role, "review", store)
    record = _open_record(store, month, "computed", N_("reviewed"))
    now = utcnow().isoformat(sep=" ")
    _move(
        store,
        record,
        month,
        "review",
        {"state": "reviewed", "reviewed_at": now, "reviewed_by": store.actor},
    )


@uses_store
def approve_month(
    store: Store,
    month: int,
    *,
    role: str | None = None,
    accept_warnings: bool = False,
    meal_subsidies: MealProvider | None = _DEFAULT_MEALS,
) -> None:
    """Lock the month. Refused while an anomaly that blocks approval remains; warnings (a
    missing bank account, an age that jumped) need `accept_warnings`."""
    from carepoint.subsidies.anomalies import find_anomalies

    require(role, "approve", store)
    record = _open_record(store, month, "reviewed", N_("approved"))
    two_people = two_person(store)
    if two_people and store.actor in {record.computed_by, record.reviewed_by} - {""}:
        raise UserInputError(
            _(
                "Two people are needed for money: {month} was computed by {computed} and"
                " reviewed by {reviewed}; another account must approve it"
            ).format(
                month=months.text(month),
                computed=record.computed_by or "-",
                reviewed=record.reviewed_by or "-",
            )
        )
    found = find_anomalies(store, month, meal_subsidies)
    blocking = [a for a in found if a.blocking]
    if blocking:
        raise UserInputError(
            _("{count} problems must be corrected before approval, for example: {example}").format(
                count=len(blocking), example=blocking[0].message
            )
        )
    warnings = [a.message for a in found]
    if months.last_day(month) >= clock.today():
        warnings.insert(0, _("The month has not ended yet ({month})").format(
            month=months.text(month)
        ))  # fmt: skip
    if warnings and not accept_warnings:
        raise NeedsConfirmation(
            _("{count} warnings remain, for example: {example}. Approve anyway?").format(
                count=len(warnings), example=warnings[0]
            )
        )
    now = utcnow().isoformat(sep=" ")
    with store.db.writing():
        ledger.update_month(
            store, month, {"state": "approved", "approved_at": now, "approved_by": store.actor}
        )
        # who computed and reviewed it stand beside the approver in the log, rule on or off
        audit.record(store, "approve", "subsidy_month", record.uuid, {
            "state": (record.state, "approved"),
            "approved_by": (record.approved_by or None, store.actor),
            "computed_by": (None, record.computed_by or None),
            "reviewed_by": (None, record.reviewed_by or None),
            "two_person": (None, two_people),
        })  # fmt: skip
        from carepoint.subsidies.payments import fix_accounts

        fix_accounts(store, month, record.uuid)


@uses_store
def set_two_person(store: Store, on: bool, *, role: str | None = None) -> None:
    """The village's rule that the account approving a month is not the one that computed or
    reviewed it (off unless chosen); audited."""
    require(role, "approve", store)
    before = store.setting(TWO_PERSON_SETTING) == "1"
    if before and not on:
        own = store.db.execute_sql(
            "SELECT month FROM subsidy_month WHERE state IN ('computed', 'reviewed')"
            " AND deleted_at IS NULL AND ? IN (computed_by, reviewed_by) ORDER BY month",
            [store.actor],
        ).fetchone()
        if own:
            raise UserInputError(
                _(
                    "{user} computed or reviewed {month}, which waits for approval: another"
                    " administrator turns two people for money off."
                ).format(user=store.actor, month=own[0])
            )
    with store.db.writing():
        store.set_setting(TWO_PERSON_SETTING, "1" if on else "0")
        audit.record(store, "set", "setting", TWO_PERSON_SETTING,
                     {TWO_PERSON_SETTING: (before, bool(on))})  # fmt: skip


@uses_store
def two_person(store: Store) -> bool:
    return store.setting(TWO_PERSON_SETTING) == "1"


@uses_store
def reopen_month(
    store: Store,
    month: int,
    *,
    role: str | None = None,
    meal_subsidies: MealProvider | None = _DEFAULT_MEALS,
) -> MonthResult:
    """Take an approved, unpaid month back to computed and compute it again (a death recorded
    after approval must not be paid); a paid month is corrected by adjustments instead."""
    require(role, "reopen", store)
    record = _open_record(store, month, "approved", N_("reopened"))
    from carepoint.subsidies.recovery import bank_paid

    if bank_paid(store, month):
        raise UserInputError(
            _(
                "The bank's result for {month} already records payments: that money has left,"
                " so the month is not computed again. Mark it paid (subsidies pay); what was"
                " paid after a stop is listed by subsidies recoveries."
            ).format(month=months.text(month))
        )
    with store.db.writing():
        ledger.update_month(store, month, {
            "state": "computed", "approved_at": None, "approved_by": "",
            "reviewed_at": None, "reviewed_by": "",
        })  # fmt: skip
        audit.record(store, "reopen", "subsidy_month", record.uuid, {
            "state": (record.state, "computed"),
            "approved_by": (record.approved_by or None, None),
        })  # fmt: skip
    return compute_month(store, month, role=role, meal_subsidies=meal_subsidies)


@uses_store
def mark_paid(
    store: Store,
    month: int,
    paid_on: dt.date,
    batch: str,
    *,
    role: str | None = None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """Mark the month paid: every person's payment, or once the bank's result is read, those it
    paid (the ones it returned stay unpaid and are carried to the next month); refused while the
    result leaves someone of the month unreported. Returns (paid, unpaid) people."""
    require(role, "pay", store)
    record = _open_record(store, month, "approved", N_("marked paid"))
    if not batch.strip():
        raise UserInputError(_("The payment batch number is missing"))
    if paid_on > (today or clock.today()):
        raise UserInputError(_("The date {date} is in the future").format(date=paid_on))
    from carepoint.subsidies.recovery import corrections_due

    due = corrections_due(store, month)
    if due:
        first = due[0]
        raise UserInputError(
            _(
                "{month} was approved but not paid, and pays {count} people after their stop,"
                " for example {name} ({date}): it is not paid and recovered, it is corrected"
                " first. Reopen it (subsidies reopen --month {month}), approve it again, then"
                " pay it."
            ).format(month=months.text(month), count=len(due), name=first.name,
                     date=first.cause_date)
        )  # fmt: skip
    from carepoint.subsidies import payments

    unreported = payments.without_result(store, month)
    if unreported:
        raise UserInputError(
            _(
                "The bank's result for {month} says nothing about {count} people in the bank"
                " file, for example {name} ({number}): read the bank's result for them"
                " (subsidies bank-result) before marking the month paid."
            ).format(month=months.text(month), count=len(unreported),
                     name=unreported[0].name, number=unreported[0].id_number)
        )  # fmt: skip
    now = utcnow().isoformat(sep=" ")
    with store.db.writing():
        paid, failed = payments.settle_month(store, month, batch.strip(), paid_on)
        values = {
            "state": "paid",
            "paid_at": now,
            "paid_by": store.actor,
            "paid_on": paid_on.isoformat(),
            "batch": batch.strip(),
        }
        ledger.update_month(store, month, values)
        changes = {key: (getattr(record, key), value) for key, value in values.items()}
        changes.update(people_paid=(None, paid), people_unpaid=(None, failed))
        audit.record(store, "pay", "subsidy_month", record.uuid, changes)
    return paid, failed
