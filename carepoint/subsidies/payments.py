"""What reached each person: the bank's result per person and month, the 未到账 list, carry-over.

A month's payment to one person is the sum of their lines (the meal subsidy is not paid by the
bank: it lowered the meal price). The bank's result file marks it 成功 or 失败; once a result is
read, marking the month paid pays only the people it says were paid, and is refused while
someone of the month has no result (without any result file, it pays everyone). A failed
payment stays unpaid: it is listed as 未到账 and, once its month is marked paid, its lines are
carried into the next open month (kind 'carryover'), unless the person has since stopped, so
nobody is paid after their stop by a carry-over either. Each person's account is fixed at
approval (`fix_accounts`); the bank file refuses one changed since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import new_uuid, utcnow
from carepoint.subsidies import ledger, months
from carepoint.subsidies.entitlement import Calculator, Line
from carepoint.subsidies.stops import stop_in


@dataclass
class Payment:
    """One person's payment of one month, as the bank file carries it."""

    resident_id: int
    name: str
    id_number: str
    account: str
    amount_fen: int
    lines: list[Line]


@uses_store
def month_payments(store: Store, month: int) -> list[Payment]:
    """Everyone the bank pays for `month`: their non-meal lines summed, in register order."""
    label = months.text(month)
    columns = ", ".join(f"l.{c}" for c in ledger.LINE_COLUMNS)
    found: dict[int, Payment] = {}
    for *values, line_id, name, account in store.db.execute_sql(
        f"SELECT {columns}, l.id, r.name, r.bank_account FROM subsidy_line l"
        " JOIN resident r ON r.id = l.resident_id WHERE l.month = ? AND l.deleted_at IS NULL"
        " AND l.subsidy_type != 'meal' ORDER BY r.group_name, r.name_pinyin, r.id, l.id",
        [label],
    ):
        line = Line(*values, line_id)
        entry = found.get(line.resident_id)
        if entry is None:
            entry = found[line.resident_id] = Payment(
                line.resident_id, name, line.id_number, (account or "").replace(" ", ""), 0, []
            )
        entry.amount_fen += line.amount_fen
        entry.lines.append(line)
    return [p for p in found.values() if p.amount_fen > 0]


_ACCOUNT_FIELD = "bank_account "


@uses_store
def fix_accounts(store: Store, month: int, record_uuid: str) -> None:
    """At approval, the account each person of the month is paid to, kept in the month's audit
    entries (one per person, in the approval's change set): the bank file pays these accounts,
    never one the register was given after the approval."""
    from carepoint import audit

    now = utcnow().isoformat(sep=" ")
    audit.write_entries(store.db, [
        (now, store.actor, "approve", "subsidy_month", record_uuid,
         f"{_ACCOUNT_FIELD}{p.id_number}", None, p.account)
        for p in month_payments(store, month)
    ])  # fmt: skip


@uses_store
def approved_accounts(store: Store, month: int) -> dict[str, str]:
    """ID number → the account fixed at the month's latest approval (empty for a month approved
    before accounts were fixed)."""
    found: dict[str, str] = {}
    rows = store.db.execute_sql(
        "SELECT a.field, a.new_value, a.change_id FROM audit_entry a JOIN subsidy_month m"
        " ON m.uuid = a.entity_uuid AND m.month = ? AND m.deleted_at IS NULL"
        " WHERE a.entity = 'subsidy_month' AND a.action = 'approve' AND a.field LIKE ?"
        " ORDER BY a.id",
        [months.text(month), _ACCOUNT_FIELD + "%"],
    ).fetchall()
    latest = rows[-1][2] if rows else None
    for field, account, change in rows:
        if change == latest:
            found[field[len(_ACCOUNT_FIELD):]] = account or ""
    return found


@uses_store
def statuses(store: Store, month: int) -> dict[int, tuple[str, str]]:
    """resident id → (status, reason) of the latest result recorded for `month`."""
    found = {}
    for rid, status, reason in store.db.execute_sql(
        "SELECT resident_id, status, reason FROM subsidy_payment WHERE month = ?"
        " AND deleted_at IS NULL ORDER BY id",
        [months.text(month)],
    ):
        found[rid] = (status, reason)
    return found


@dataclass
class Result:
    payment: Payment
    status: str  # paid / failed
    reason: str
    account_name: str  # as the bank's file gives it ('' when it does not)


@uses_store
def record_results(store: Store, month: int, results: list[Result], source: str,
                   recorded_on: dt.date) -> None:  # fmt: skip
    """The bank's result for each person, replacing any earlier one (in bulk: a county's result
    file has 100,000 lines); the caller holds the transaction and audits the file."""
    now = utcnow().isoformat(sep=" ")
    label = months.text(month)
    seq = store.next_change_seq()
    cursor = store.db.cursor()
    cursor.executemany(
        f"UPDATE subsidy_payment SET deleted_at = ?, change_seq = {seq:d} WHERE month = ?"
        " AND resident_id = ? AND deleted_at IS NULL",
        [(now, label, r.payment.resident_id) for r in results],
    )
    cursor.executemany(
        "INSERT INTO subsidy_payment (uuid, created_at, updated_at, change_seq, month,"
        " resident_id, status, amount_fen, account, account_name, reason, batch, source,"
        " recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
        [(new_uuid(), now, now, seq, label, r.payment.resident_id, r.status,
          r.payment.amount_fen, r.payment.account, r.account_name, r.reason, source,
          recorded_on.isoformat()) for r in results],
    )  # fmt: skip


@uses_store
def settle_month(store: Store, month: int, batch: str, paid_on: dt.date) -> tuple[int, int]:
    """Who the month pays and who the bank returned: (paid, unpaid) people. Without any bank
    result for the month, marking it paid pays everyone (no row per person: a county's month has
    100,000 of them); once the bank's result is read, only the people it says it paid count as
    paid, so a returned or unconfirmed payment is never taken for one that arrived."""
    found = statuses(store, month)
    people = {p.resident_id for p in month_payments(store, month)}
    if not result_read(store, month):
        return len(people), 0
    paid = {rid for rid, (status, _why) in found.items() if status == "paid"}
    return len(people & paid), len(people - paid)


@uses_store
def result_read(store: Store, month: int) -> bool:
    """Whether a bank result file was read for the month (even one that matched nobody)."""
    label = months.text(month)
    return bool(store.db.execute_sql(
        "SELECT 1 FROM subsidy_payment WHERE month = ? AND deleted_at IS NULL UNION ALL"
        " SELECT 1 FROM audit_entry a JOIN subsidy_month m ON m.uuid = a.entity_uuid"
        " WHERE a.action = 'bank_result' AND a.entity = 'subsidy_month' AND m.month = ?"
        " LIMIT 1", [label, label],
    ).fetchone())  # fmt: skip


@uses_store
def without_result(store: Store, month: int) -> list[Payment]:
    """The people of a month with a bank result who have no result row of their own (the bank
    did not report them, or their row could not be matched): empty while no result is read."""
    if not result_read(store, month):
        return []
    found = statuses(store, month)
    return [p for p in month_payments(store, month) if p.resident_id not in found]


@dataclass
class Unpaid:
    """未到账: a payment the bank returned, until a later month pays it."""

    month: str
    resident_id: int
    name: str
    id_number: str
    amount_fen: int
    reason: str
    carried_to: str  # the month whose lines carry it ('' while none does)


@uses_store
def unpaid(store: Store) -> list[Unpaid]:
    """Every failed payment not yet paid again, oldest first."""
    rows = store.db.execute_sql(
        "SELECT p.month, p.resident_id, r.name, r.id_number, p.amount_fen, p.reason FROM"
        " subsidy_payment p JOIN resident r ON r.id = p.resident_id WHERE p.deleted_at IS NULL"
        " AND p.status = 'failed' ORDER BY p.month, r.name_pinyin"
    ).fetchall()
    found = []
    for month, rid, name, number, amount, reason in rows:
        carried = store.db.execute_sql(
            "SELECT l.month, m.state, p.status FROM subsidy_line l JOIN subsidy_month m ON"
            " m.month = l.month AND m.deleted_at IS NULL LEFT JOIN subsidy_payment p ON"
            " p.month = l.month AND p.resident_id = l.resident_id AND p.deleted_at IS NULL"
            " WHERE l.kind = 'carryover' AND l.corrects_month = ? AND l.resident_id = ?"
            " AND l.deleted_at IS NULL ORDER BY l.month DESC LIMIT 1",
            [month, rid],
        ).fetchone()
        if carried and carried[1] == "paid" and carried[2] != "failed":
            continue  # paid again later
        carried_to = carried[0] if carried else ""
        found.append(Unpaid(month, rid, name, number, amount, reason, carried_to))
    return found


@uses_store
def carryover_lines(store: Store, calc: Calculator, month: int) -> list[Line]:
    """The lines of earlier months' failed payments, carried into `month` once their month is
    marked paid (before that the month is still settling with the bank), not for months the
    person is stopped in, and not when another month already carries them."""
    label = months.text(month)
    columns = ", ".join(f"l.{c}" for c in ledger.LINE_COLUMNS)
    rows = store.db.execute_sql(
        f"SELECT {columns}, l.id, l.month FROM subsidy_line l JOIN subsidy_payment p ON"
        " p.month = l.month AND p.resident_id = l.resident_id AND p.deleted_at IS NULL"
        " AND p.status = 'failed' JOIN subsidy_month m ON m.month = l.month AND m.state = 'paid'"
        " AND m.deleted_at IS NULL WHERE l.deleted_at IS NULL AND l.subsidy_type != 'meal'"
        " AND l.month < ? AND NOT EXISTS (SELECT 1 FROM subsidy_line c WHERE"
        " c.kind = 'carryover' AND c.corrects_month = l.month AND c.resident_id = l.resident_id"
        " AND c.item_key = l.item_key AND c.period_from = l.period_from AND c.month != ?"
        " AND c.deleted_at IS NULL)",
        [label, label],
    ).fetchall()
    carried = []
    for *values, _line_id, from_month in rows:
        line = Line(*values)
        if _stopped(calc, line, months.parse(from_month)):
            continue
        carried.append(line._replace(kind="carryover", corrects_month=from_month))
    return carried


def _stopped(calc: Calculator, line: Line, paid_in: int) -> bool:
    rules = calc.rules(paid_in)
    item = rules.item(line.item_key) if rules else None
    spans = calc.register.stops.spans(rules, bool(item and item.home_only)) if rules else {}
    mine = spans.get(line.resident_id)
    if not mine:
        return False
    covered = range(months.parse(line.period_from), months.parse(line.period_to) + 1)
    return any(stop_in(mine, number) for number in covered)
