"""The tables of meal service (老年助餐) and the volunteer time bank (时间银行), one schema step.

- meal_enrollment: a diner's standing order: meal (lunch/dinner), mode (dine_in/pickup/delivery),
  days of the week (ISO digits, "12345"), start and end dates, diet notes, the set meal chosen.
- meal_sign_in: one meal served (status 'served') or called off (status 'cancelled', with a
  reason) for a person, day and meal. The price, subsidy, delivery fee, co-pay and the subsidy's
  funding split are computed from the rules in force on the meal date and frozen here in integer
  fen, so a later rule change never rewrites history. A partial unique index allows one served
  meal per person, day and meal.
- meal_month: a month's close (the totals it was closed with) or its reopening by an
  administrator with a reason; a closed month refuses sign-ins.
- timebank_volunteer: volunteers, often residents themselves (the young-old helping the older).
- timebank_entry: the passbook, only ever appended: services deposited, hours withdrawn, and
  corrections (new entries pointing at the one they correct, with a reason; never an edit).

All are synced records (uuid, created/updated time, change counter, soft deletion).
This module imports nothing from the rest of CarePoint: migrations.py imports it.
"""

from __future__ import annotations

_SYNCED = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
"""

STATEMENTS = (
    f"""CREATE TABLE meal_enrollment (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        meal TEXT NOT NULL, mode TEXT NOT NULL, weekdays TEXT NOT NULL,
        start_date TEXT NOT NULL, end_date TEXT,
        diet_note TEXT NOT NULL DEFAULT '', set_key TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX meal_enrollment_resident ON meal_enrollment (resident_id, meal)",
    "CREATE INDEX meal_enrollment_dates ON meal_enrollment (start_date, end_date)",
    f"""CREATE TABLE meal_sign_in (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        meal_date TEXT NOT NULL, meal TEXT NOT NULL, mode TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'served',
        walk_in INTEGER NOT NULL DEFAULT 0,
        set_key TEXT NOT NULL DEFAULT '',
        price_fen INTEGER NOT NULL DEFAULT 0,
        subsidy_fen INTEGER NOT NULL DEFAULT 0,
        delivery_fee_fen INTEGER NOT NULL DEFAULT 0,
        copay_fen INTEGER NOT NULL DEFAULT 0,
        city_fen INTEGER NOT NULL DEFAULT 0,
        county_fen INTEGER NOT NULL DEFAULT 0,
        village_fen INTEGER NOT NULL DEFAULT 0,
        subsidy_basis TEXT NOT NULL DEFAULT '',
        age INTEGER NOT NULL DEFAULT 0,
        rules_from TEXT NOT NULL DEFAULT '',
        cancel_reason TEXT NOT NULL DEFAULT '',
        cancelled_at TEXT)""",
    # One served meal per person, day and meal; called-off entries do not count.
    "CREATE UNIQUE INDEX meal_sign_in_once ON meal_sign_in (resident_id, meal_date, meal)"
    " WHERE status = 'served' AND deleted_at IS NULL",
    "CREATE INDEX meal_sign_in_day ON meal_sign_in (meal_date, meal)",
    "CREATE INDEX meal_sign_in_resident ON meal_sign_in (resident_id, meal_date)",
    f"""CREATE TABLE meal_month (
        id INTEGER PRIMARY KEY, {_SYNCED},
        month TEXT NOT NULL, status TEXT NOT NULL,
        closed_at TEXT, closed_by TEXT NOT NULL DEFAULT '',
        totals TEXT NOT NULL DEFAULT '{{}}',
        reopen_reason TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX meal_month_month ON meal_month (month) WHERE deleted_at IS NULL",
    f"""CREATE TABLE timebank_volunteer (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER REFERENCES resident (id),
        name TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
        group_name TEXT NOT NULL DEFAULT '', joined_on TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1,
        name_initials TEXT NOT NULL DEFAULT '', search_text TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX timebank_volunteer_resident ON timebank_volunteer (resident_id)"
    " WHERE resident_id IS NOT NULL AND deleted_at IS NULL",
    f"""CREATE TABLE timebank_entry (
        id INTEGER PRIMARY KEY, {_SYNCED},
        volunteer_id INTEGER NOT NULL REFERENCES timebank_volunteer (id),
        entry_date TEXT NOT NULL, kind TEXT NOT NULL,
        deposit_minutes INTEGER NOT NULL DEFAULT 0,
        withdraw_minutes INTEGER NOT NULL DEFAULT 0,
        service_type TEXT NOT NULL DEFAULT '',
        recipient_resident_id INTEGER REFERENCES resident (id),
        recipient_name TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        corrects_id INTEGER REFERENCES timebank_entry (id),
        reason TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX timebank_entry_volunteer ON timebank_entry (volunteer_id, entry_date)",
    "CREATE INDEX timebank_entry_date ON timebank_entry (entry_date)",
)


def create_tables(db) -> None:
    """Schema step: the meal and time-bank tables (run inside the migration's transaction)."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
