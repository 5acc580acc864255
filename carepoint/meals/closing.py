"""Closing a month of meals locks it; only an administrator reopens it, with a reason (audited).

A month is closed when its figures balance (see report.py); the totals it was closed with are kept
on the meal_month row. Sign-ins and call-offs for a day of a closed month are refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.session import Session


@dataclass(frozen=True)
class MonthStatus:
    month: dt.date
    closed: bool
    closed_at: dt.datetime | None = None  # UTC
    closed_by: str = ""
    reopen_reason: str = ""


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@uses_store
def _row(store: Store, month: dt.date) -> tuple | None:
    return store.db.execute_sql(
        "SELECT id, uuid, status, closed_at, closed_by, reopen_reason, totals FROM meal_month"
        " WHERE month = ? AND deleted_at IS NULL",
        [month_key(month)],
    ).fetchone()


@uses_store
def month_status(store: Store, month: dt.date) -> MonthStatus:
    row = _row(store, month)
    first = month.replace(day=1)
    if row is None:
        return MonthStatus(first, False)
    closed_at = dt.datetime.fromisoformat(row[3]) if row[3] else None
    return MonthStatus(first, row[2] == "closed", closed_at, row[4], row[5])


@uses_store
def closed_months(store: Store) -> set[str]:
    return {
        row[0]
        for row in store.db.execute_sql(
            "SELECT month FROM meal_month WHERE status = 'closed' AND deleted_at IS NULL"
        )
    }


@uses_store
def ensure_open(store: Store, day: dt.date) -> None:
    if month_status(store, day).closed:
        raise UserInputError(
            _(
                "The meals of {month} are closed; an administrator must reopen the month before "
                "they can be changed"
            ).format(month=month_key(day))
        )


@changes(Changed.MEALS)
@uses_store
def close_month(store: Store, month: dt.date, *, today: dt.date | None = None):
    """Check the month's figures and lock it; returns the report it was closed with."""
    from carepoint.meals.report import month_end, month_report

    today = today or clock.today()
    month = month.replace(day=1)
    if month_end(month) > today:
        raise UserInputError(
            _("{month} is not over yet; close it on its last day or later").format(
                month=month_key(month)
            )
        )
    with store.db.writing():
        existing = _row(store, month)
        if existing and existing[2] == "closed":
            raise UserInputError(_("{month} is already closed").format(month=month_key(month)))
        report = month_report(store, month)
        failed = [check for check in report.checks if not check.ok]
        if failed:
            raise UserInputError(
                _("The figures of {month} do not agree, so it was not closed: {checks}").format(
                    month=month_key(month),
                    checks="; ".join(f"{c.label} ({c.expected} ≠ {c.actual})" for c in failed),
                )
            )
        t = report.totals
        totals = {
            "meals": t.meals,
            "subsidy_fen": t.subsidy_fen,
            "copay_fen": t.copay_fen,
            "delivery_fee_fen": t.delivery_fee_fen,
            "city_fen": t.city_fen,
            "county_fen": t.county_fen,
            "village_fen": t.village_fen,
            "operator_subsidy_fen": report.operator_subsidy_fen,
        }
        values = {
            "status": "closed",
            "closed_at": synced.now(),
            "closed_by": store.actor,
            "totals": json.dumps(totals, sort_keys=True),
            "reopen_reason": "",
        }
        if existing:
            synced.update(store, "meal_month", existing[0], values)
            uuid = existing[1]
        else:
            _id, uuid = synced.insert(store, "meal_month", {"month": month_key(month), **values})
        audit.record(
            store,
            "close",
            "meal_month",
            uuid,
            {
                "month": (None, month_key(month)),
                "status": ("open", "closed"),
                "totals": (None, totals),
            },
        )
    return report


@changes(Changed.MEALS)
@uses_store
def reopen_month(store: Store, month: dt.date, reason: str, session: Session) -> None:
    """Unlock a closed month: administrators only, and the reason goes into the audit log."""
    if session.role != "administrator":
        raise UserInputError(_("Only an administrator can reopen a closed month"))
    reason = reason.strip()
    if not reason:
        raise UserInputError(_("Reopening a month needs a reason"))
    with store.db.writing():
        existing = _row(store, month)
        if existing is None or existing[2] != "closed":
            raise UserInputError(_("{month} is not closed").format(month=month_key(month)))
        synced.update(
            store, "meal_month", existing[0], {"status": "open", "reopen_reason": reason}
        )
        audit.record(
            store,
            "reopen",
            "meal_month",
            existing[1],
            {
                "month": (None, month_key(month)),
                "status": ("closed", "open"),
                "reason": (None, reason),
                "user": (None, session.username),
            },
        )
