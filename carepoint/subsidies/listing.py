"""The month's lists as views show them: lines a page at a time, 新增/停发, recoveries.

Lines are filtered and ordered in SQL (ids first, rows by page), as the register list is, so a
county's 100,000 lines scroll as smoothly as a village's 300.
"""

from __future__ import annotations

from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _
from carepoint.pinyin import normalise_query
from carepoint.residents.fields import status_label
from carepoint.subsidies import ledger, months
from carepoint.subsidies.changes import Change
from carepoint.subsidies.entitlement import Line
from carepoint.subsidies.reasons import change_cause, change_label, day, line_reason, money
from carepoint.subsidies.recovery import Recovery
from carepoint.subsidies.rule_tables import bracket_label, type_label

_CHUNK = 900


@dataclass(frozen=True, slots=True)
class LineRow:
    id: int
    resident_id: int
    name: str
    id_number: str
    bank_account: str
    group_name: str
    subsidy_type: str
    kind: str
    months: int
    standard_fen: int
    amount_fen: int
    reason: str
    item_name: str = ""  # the rules' name (尊老金); names.item_title falls back to the type


@uses_store
def line_ids(
    store: Store, month: int, subsidy_type: str | None = None, search: str | None = None
) -> list[int]:
    """The month's line ids, by name in pinyin order, optionally of one type or person."""
    clauses = ["l.month = ?", "l.deleted_at IS NULL"]
    params: list[object] = [months.text(month)]
    if subsidy_type:
        clauses.append("l.subsidy_type = ?")
        params.append(subsidy_type)
    query = normalise_query(search or "")
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("(r.search_text LIKE ? ESCAPE '\\' OR r.name_initials LIKE ? ESCAPE '\\')")
        params += [f"%{escaped}%", f"{escaped}%"]
    sql = (
        "SELECT l.id FROM subsidy_line l JOIN resident r ON r.id = l.resident_id"
        f" WHERE {' AND '.join(clauses)}"
        " ORDER BY r.name_pinyin COLLATE NOCASE, r.id, l.subsidy_type, l.period_from, l.id"
    )
    return [row[0] for row in store.db.execute_sql(sql, params)]


@uses_store
def line_rows(store: Store, ids: list[int]) -> list[LineRow]:
    """The rows of `ids`, in the order given."""
    columns = ", ".join(f"l.{c}" for c in ledger.LINE_COLUMNS)
    found: dict[int, LineRow] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        sql = (
            f"SELECT {columns}, l.id, r.name, r.bank_account, r.group_name FROM subsidy_line l"
            f" JOIN resident r ON r.id = l.resident_id WHERE l.id IN ({','.join('?' * len(chunk))})"
        )
        for *values, name, account, group in store.db.execute_sql(sql, chunk):
            line = Line(*values)
            found[line.id] = LineRow(
                line.id,
                line.resident_id,
                name,
                line.id_number,
                account,
                group,
                line.subsidy_type,
                line.kind,
                line.months,
                line.standard_fen,
                line.amount_fen,
                line_reason(line),
                line.item_name,
            )
    return [found[i] for i in ids if i in found]


@uses_store
def _names(store: Store, ids: set[int]) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start : start + _CHUNK]
        sql = f"SELECT id, name, id_number FROM resident WHERE id IN ({','.join('?' * len(chunk))})"
        for rid, name, number in store.db.execute_sql(sql, chunk):
            found[rid] = (name, number)
    return found


@dataclass(frozen=True, slots=True)
class ChangeRow:
    resident_id: int
    name: str
    id_number: str
    change: str
    change_label: str
    subsidy_type: str
    bracket: str
    what: str  # item and bracket in words
    cause: str
    reason: str


@uses_store
def change_rows(store: Store, found: list[Change]) -> list[ChangeRow]:
    names = _names(store, {c.resident_id for c in found})
    rows = []
    for c in found:
        name, number = names.get(c.resident_id, ("", ""))
        what = f"{c.item_name or type_label(c.subsidy_type)} {bracket_label(c.bracket)}".strip()
        rows.append(
            ChangeRow(
                c.resident_id,
                name,
                number,
                c.change,
                change_label(c.change),
                c.subsidy_type,
                c.bracket,
                what,
                c.cause,
                change_cause(c),
            )
        )
    rows.sort(key=lambda r: (r.change, r.name, r.what))
    return rows


@dataclass(frozen=True, slots=True)
class RecoveryRow:
    resident_id: int
    name: str
    id_number: str
    cause: str
    cause_date: str
    months: list[str]
    owed_fen: int
    settled_fen: int
    outstanding_fen: int
    reason: str
    outstanding: str


def recovery_rows(found: list[Recovery]) -> list[RecoveryRow]:
    rows = []
    for r in found:
        listed = "、".join(r.months)
        reason = _("{status} on {date}; paid for {months}").format(
            status=status_label(r.cause), date=day(r.cause_date) or "?", months=listed
        )
        outstanding = _("{outstanding} of {owed} still owed").format(
            outstanding=money(r.outstanding_fen), owed=money(r.owed_fen)
        )
        rows.append(
            RecoveryRow(
                r.resident_id,
                r.name,
                r.id_number,
                r.cause,
                r.cause_date,
                r.months,
                r.owed_fen,
                r.settled_fen,
                r.outstanding_fen,
                reason,
                outstanding,
            )
        )
    return rows
