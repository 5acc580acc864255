"""The tables of subsidies (高龄津贴, 居家养老服务补贴, 护理补贴, 助餐补贴), one schema step.

- subsidy_month: one month's workflow (computed → reviewed → approved → paid), who did each
  step and when, the payment date and batch, and the totals it was computed with. An approved
  month is locked: its lines are never changed again.
- subsidy_line: what one person gets in a month for one rule item, with everything its reason
  is written from (bracket, age and reference date, rules date, months covered, standard).
  `kind` is 'entitlement' (computed) or 'adjustment' (a correction of an earlier, locked month,
  entered in a later open month; `corrects_month` names the month it corrects) or 'carryover'
  (a payment the bank returned, paid again; `corrects_month` names the month it failed in).
- subsidy_change: the month's 新增 (new) and 停发 (stopped) entitlements against the previous
  month, with their cause (death, move, lost contact, bracket change …), stored at compute time.
- subsidy_recovery: amounts recovered (追回) from people paid after a stop recorded late.
- subsidy_payment (a later step): the bank's result for one person's payment of a month
  (paid / failed and why, the account and the name on it); a failed payment stays unpaid and
  is carried into a later month as 'carryover' lines. The township's approval of a village-month
  (line count, total, digest) is kept in township_month.approval (another later step).

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
    f"""CREATE TABLE subsidy_month (
        id INTEGER PRIMARY KEY, {_SYNCED},
        month TEXT NOT NULL, state TEXT NOT NULL, rule_from TEXT NOT NULL DEFAULT '',
        computed_at TEXT, computed_by TEXT NOT NULL DEFAULT '',
        reviewed_at TEXT, reviewed_by TEXT NOT NULL DEFAULT '',
        approved_at TEXT, approved_by TEXT NOT NULL DEFAULT '',
        paid_at TEXT, paid_by TEXT NOT NULL DEFAULT '', paid_on TEXT,
        batch TEXT NOT NULL DEFAULT '',
        total_fen INTEGER NOT NULL DEFAULT 0,
        line_count INTEGER NOT NULL DEFAULT 0,
        totals TEXT NOT NULL DEFAULT '{{}}')""",
    "CREATE UNIQUE INDEX subsidy_month_month ON subsidy_month (month) WHERE deleted_at IS NULL",
    f"""CREATE TABLE subsidy_line (
        id INTEGER PRIMARY KEY, {_SYNCED},
        month TEXT NOT NULL,
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        id_number TEXT NOT NULL,
        kind TEXT NOT NULL,
        item_key TEXT NOT NULL, item_name TEXT NOT NULL DEFAULT '',
        subsidy_type TEXT NOT NULL, frequency TEXT NOT NULL DEFAULT 'monthly',
        bracket TEXT NOT NULL DEFAULT '',
        period_from TEXT NOT NULL, period_to TEXT NOT NULL,
        months INTEGER NOT NULL DEFAULT 1,
        standard_fen INTEGER NOT NULL DEFAULT 0,
        amount_fen INTEGER NOT NULL,
        age INTEGER NOT NULL DEFAULT 0, age_on TEXT NOT NULL DEFAULT '',
        rule_from TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        corrects_month TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX subsidy_line_month ON subsidy_line (month, kind)",
    "CREATE INDEX subsidy_line_resident ON subsidy_line (resident_id, month)",
    f"""CREATE TABLE subsidy_change (
        id INTEGER PRIMARY KEY, {_SYNCED},
        month TEXT NOT NULL,
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        change TEXT NOT NULL,
        item_key TEXT NOT NULL, item_name TEXT NOT NULL DEFAULT '',
        subsidy_type TEXT NOT NULL,
        bracket TEXT NOT NULL DEFAULT '',
        cause TEXT NOT NULL, cause_date TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX subsidy_change_month ON subsidy_change (month, change)",
    f"""CREATE TABLE subsidy_recovery (
        id INTEGER PRIMARY KEY, {_SYNCED},
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        amount_fen INTEGER NOT NULL,
        settled_on TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX subsidy_recovery_resident ON subsidy_recovery (resident_id)",
)


def create_tables(db) -> None:
    """Schema step: the subsidy tables (run inside the migration's transaction)."""
    for statement in STATEMENTS:
        db.execute_sql(statement)


PAYMENT_STATEMENTS = (
    f"""CREATE TABLE subsidy_payment (
        id INTEGER PRIMARY KEY, {_SYNCED},
        month TEXT NOT NULL,
        resident_id INTEGER NOT NULL REFERENCES resident (id),
        status TEXT NOT NULL,
        amount_fen INTEGER NOT NULL DEFAULT 0,
        account TEXT NOT NULL DEFAULT '',
        account_name TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        batch TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        recorded_on TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX subsidy_payment_month ON subsidy_payment (month, resident_id)",
)
_PAYMENT_MIRROR = (
    """CREATE TABLE tw_subsidy_payment (
        id INTEGER PRIMARY KEY, village_code TEXT NOT NULL,
        uuid TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        change_seq INTEGER NOT NULL DEFAULT 0, deleted_at TEXT,
        month TEXT, resident_uuid TEXT, status TEXT, amount_fen INTEGER, account TEXT,
        account_name TEXT, reason TEXT, batch TEXT, source TEXT, recorded_on TEXT)""",
    "CREATE UNIQUE INDEX tw_subsidy_payment_key ON tw_subsidy_payment (village_code, uuid)",
)


def create_payments(db) -> None:
    """Schema step: subsidy_payment, what the bank did with each person's payment of a month
    (paid / failed and why). A month's person with no row was paid when the month was marked
    paid; a 'failed' row keeps them unpaid and carries them to a later month."""
    for statement in PAYMENT_STATEMENTS:
        db.execute_sql(statement)
    if db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tw_resident'"
    ).fetchone():
        for statement in _PAYMENT_MIRROR:
            db.execute_sql(statement)


def add_township_approval(db) -> None:
    """Schema step: what a township approval approves (the village-month's line count, total and
    digest of its lines, as JSON), kept beside the review until the return package carries it."""
    db.execute_sql("ALTER TABLE township_month ADD COLUMN approval TEXT NOT NULL DEFAULT ''")
