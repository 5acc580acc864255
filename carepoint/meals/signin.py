"""Signing in for a meal: walk-ins, call-offs and undoing a sign-in, at the counter or later.

A sign-in freezes the meal's price, subsidy, co-pay and funding split (computed from the rules in
force on the meal date). A person is signed in at most once per meal and day (a unique index
backs the check). A call-off (请假, a cancelled sign-in) needs a reason. Days of a closed month and
days still to come are refused.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from peewee import IntegrityError as DatabaseIntegrityError

from carepoint import audit, clock, idcard, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.meals.closing import ensure_open
from carepoint.meals.labels import MEALS, MODES, meal_label
from carepoint.meals.pricing import RuleBook, price_meal


@dataclass(frozen=True)
class MealSignIn:
    id: int
    uuid: str
    resident_id: int
    meal_date: dt.date
    meal: str
    mode: str
    walk_in: bool
    set_key: str
    price_fen: int
    subsidy_fen: int
    delivery_fee_fen: int
    copay_fen: int
    basis: str


@uses_store
def _check_day(store: Store, day: dt.date, meal: str, today: dt.date) -> None:
    if meal not in MEALS:
        raise UserInputError(_("Unknown meal {meal}").format(meal=meal))
    if day > today:
        raise UserInputError(
            _("{date} has not come yet; meals are signed in on the day or after").format(
                date=format_date(day)
            )
        )
    ensure_open(store, day)
    _subsidies_not_locked(store, day)


@uses_store
def _subsidies_not_locked(store: Store, day: dt.date) -> None:
    """Meals served decide the month's meal subsidy: once that month's subsidies are approved
    (or paid) its meals are no longer changed, even while the meal month stays open."""
    label = f"{day.year:04d}-{day.month:02d}"
    found = store.db.execute_sql(
        "SELECT state FROM subsidy_month WHERE month = ? AND deleted_at IS NULL", [label]
    ).fetchone()
    if found and found[0] in ("approved", "paid"):
        raise UserInputError(
            _(
                "The subsidies of {month} are approved: its meals are no longer signed in or"
                " called off. An administrator reopens the month first if a meal was missed."
            ).format(month=label)
        )


@uses_store
def _person(store: Store, resident_id: int, day: dt.date) -> tuple[str, dt.date]:
    found = store.db.execute_sql(
        "SELECT name, birth_date, status, status_date FROM resident WHERE id = ?"
        " AND deleted_at IS NULL",
        [resident_id],
    ).fetchone()
    if found is None:
        raise UserInputError(_("No such resident"))
    name, birth, status, status_date = found
    if status != "active" and (status_date is None or status_date <= day.isoformat()):
        raise UserInputError(
            _("{name} is no longer in the register on {date}").format(
                name=name, date=format_date(day)
            )
        )
    return name, dt.date.fromisoformat(birth)


@uses_store
def _codes_on(store: Store, resident_id: int, day: dt.date) -> set[str]:
    iso = day.isoformat()
    return {
        row[0]
        for row in store.db.execute_sql(
            "SELECT code FROM category_membership WHERE resident_id = ? AND deleted_at IS NULL"
            " AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
            [resident_id, iso, iso],
        )
    }


@uses_store
def _enrollment_on(store: Store, resident_id: int, day: dt.date, meal: str) -> tuple | None:
    iso = day.isoformat()
    return store.db.execute_sql(
        "SELECT mode, set_key FROM meal_enrollment WHERE resident_id = ? AND meal = ?"
        " AND deleted_at IS NULL AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
        " AND instr(weekdays, ?) > 0",
        [resident_id, meal, iso, iso, str(day.isoweekday())],
    ).fetchone()


@uses_store
def _served_id(store: Store, resident_id: int, day: dt.date, meal: str) -> int | None:
    found = store.db.execute_sql(
        "SELECT id FROM meal_sign_in WHERE resident_id = ? AND meal_date = ? AND meal = ?"
        " AND status = 'served' AND deleted_at IS NULL",
        [resident_id, day.isoformat(), meal],
    ).fetchone()
    return found[0] if found else None


def _already(name: str, meal: str, day: dt.date) -> UserInputError:
    return UserInputError(
        _("{name} is already signed in for {meal} on {date}").format(
            name=name, meal=meal_label(meal), date=format_date(day)
        )
    )


@changes(Changed.MEALS)
@uses_store
def sign_in(
    store: Store,
    resident_id: int,
    day: dt.date,
    meal: str,
    *,
    mode: str | None = None,
    set_key: str = "",
    today: dt.date | None = None,
) -> MealSignIn:
    """Sign a person in for a meal; a person not enrolled for it that day is a walk-in."""
    _check_day(store, day, meal, today or clock.today())
    name, birth = _person(store, resident_id, day)
    enrolled = _enrollment_on(store, resident_id, day, meal)
    mode = mode or (enrolled[0] if enrolled else "dine_in")
    if mode not in MODES:
        raise UserInputError(_("Unknown way of serving {mode}").format(mode=mode))
    set_key = set_key or (enrolled[1] if enrolled else "")
    meal_rules = RuleBook(store).on(day)
    price = price_meal(
        meal_rules,
        age=idcard.age_on(birth, day),
        codes=_codes_on(store, resident_id, day),
        meal=meal,
        mode=mode,
        set_key=set_key,
    )
    values = {
        "resident_id": resident_id,
        "meal_date": day,
        "meal": meal,
        "mode": mode,
        "status": "served",
        "walk_in": enrolled is None,
        "set_key": price.set_key,
        "price_fen": price.price_fen,
        "subsidy_fen": price.subsidy_fen,
        "delivery_fee_fen": price.delivery_fee_fen,
        "copay_fen": price.copay_fen,
        "city_fen": price.city_fen,
        "county_fen": price.county_fen,
        "village_fen": price.village_fen,
        "subsidy_basis": price.basis,
        "age": price.age,
        "rules_from": price.rules_from,
    }
    try:
        with store.db.writing():
            if _served_id(store, resident_id, day, meal):
                raise _already(name, meal, day)
            row_id, uuid = synced.insert(store, "meal_sign_in", values)
            snapshot = {key: audit.as_text(synced.sql_value(v)) for key, v in values.items()}
            audit.record(store, "sign_in", "meal_sign_in", uuid, {"*": (None, snapshot)})
    except (DatabaseIntegrityError, sqlite3.IntegrityError):
        raise _already(name, meal, day) from None  # signed in meanwhile on another window
    return MealSignIn(
        row_id, uuid, resident_id, day, meal, mode, enrolled is None, price.set_key,
        price.price_fen, price.subsidy_fen, price.delivery_fee_fen, price.copay_fen, price.basis,
    )  # fmt: skip


@changes(Changed.MEALS)
@uses_store
def cancel(
    store: Store,
    resident_id: int,
    day: dt.date,
    meal: str,
    reason: str,
    *,
    today: dt.date | None = None,
) -> None:
    """Call off a meal: undo a sign-in, or tell the kitchen an expected diner will not come."""
    reason = reason.strip()
    if not reason:
        raise UserInputError(_("A cancellation needs a reason"))
    _check_day(store, day, meal, max(today or clock.today(), day))
    name, _birth = _person(store, resident_id, day)
    with store.db.writing():
        served = _served_id(store, resident_id, day, meal)
        if served:
            uuid = store.db.execute_sql(
                "SELECT uuid FROM meal_sign_in WHERE id = ?", [served]
            ).fetchone()[0]
            synced.update(
                store,
                "meal_sign_in",
                served,
                {"status": "cancelled", "cancel_reason": reason, "cancelled_at": synced.now()},
            )
            changes = {"status": ("served", "cancelled"), "cancel_reason": (None, reason)}
            audit.record(store, "cancel", "meal_sign_in", uuid, changes)
            return
        if _enrollment_on(store, resident_id, day, meal) is None:
            raise UserInputError(
                _("{name} is not expected for {meal} on {date}").format(
                    name=name, meal=meal_label(meal), date=format_date(day)
                )
            )
        called_off = store.db.execute_sql(
            "SELECT 1 FROM meal_sign_in WHERE resident_id = ? AND meal_date = ? AND meal = ?"
            " AND status = 'cancelled' AND deleted_at IS NULL",
            [resident_id, day.isoformat(), meal],
        ).fetchone()
        if called_off:
            raise UserInputError(
                _("{name}'s {meal} on {date} is already called off").format(
                    name=name, meal=meal_label(meal), date=format_date(day)
                )
            )
        mode, set_key = _enrollment_on(store, resident_id, day, meal)
        values = {
            "resident_id": resident_id,
            "meal_date": day,
            "meal": meal,
            "mode": mode,
            "status": "cancelled",
            "set_key": set_key,
            "cancel_reason": reason,
            "cancelled_at": synced.now(),
        }
        _row_id, uuid = synced.insert(store, "meal_sign_in", values)
        audit.record(
            store,
            "cancel",
            "meal_sign_in",
            uuid,
            {"*": (None, {k: audit.as_text(synced.sql_value(v)) for k, v in values.items()})},
        )
