"""Checks before approval, against the register as it is now: each names the lines concerned.

Blocking (approval is refused until corrected, usually by computing the month again): payments
for months after a death or another stop, the same ID number twice, totals that do not add up,
a person in a category the subsidy excludes. Warnings (approval asks first): a missing or
malformed bank account, one account for two people, an account the bank says is in another
name, an age that jumped against the last month or the register.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import N_, _
from carepoint.subsidies import anomaly_checks as checks
from carepoint.subsidies import ledger, meal_link, months
from carepoint.subsidies.entitlement import Calculator, Line, MealProvider
from carepoint.subsidies.people import Register
from carepoint.subsidies.reasons import money
from carepoint.subsidies.stops import Step

KINDS = {
    "payment_after_death": (N_("payment after death"), True),
    "payment_after_stop": (N_("payment after a stop"), True),
    "duplicate_id": (N_("same ID number twice"), True),
    "totals_mismatch": (N_("totals do not add up"), True),
    "excluded_category": (N_("category excludes the subsidy"), True),
    "bank_account_missing": (N_("no bank account"), False),
    "bank_account_malformed": (N_("malformed bank account"), False),
    "age_jump": (N_("age jumped"), False),
    "shared_account": (N_("one account for two people"), False),
    "account_name_mismatch": (N_("account in another name"), False),
}


@dataclass(frozen=True)
class Anomaly:
    kind: str
    resident_id: int | None
    id_number: str
    name: str
    message: str
    line_ids: tuple[int, ...] = ()

    @property
    def blocking(self) -> bool:
        return KINDS[self.kind][1]

    @property
    def label(self) -> str:
        return _(KINDS[self.kind][0])


@uses_store
def _people(store: Store, month: int) -> dict[int, tuple]:
    sql = (
        "SELECT id, name, id_number, birth_date, bank_account, status, status_date FROM resident"
        " WHERE id IN (SELECT resident_id FROM subsidy_line WHERE month = ? AND deleted_at IS NULL)"
    )
    return {row[0]: row for row in store.db.execute_sql(sql, [months.text(month)])}


@uses_store
def _steps(store: Store, month: int, found: dict[int, tuple]) -> dict[int, tuple[Step, ...]]:
    steps: dict[int, list[Step]] = defaultdict(list)
    sql = (
        "SELECT resident_id, status, effective_date FROM status_change WHERE deleted_at IS NULL"
        " AND resident_id IN (SELECT resident_id FROM subsidy_line WHERE month = ?"
        " AND deleted_at IS NULL) ORDER BY resident_id, effective_date, id"
    )
    for rid, status, effective in store.db.execute_sql(sql, [months.text(month)]):
        steps[rid].append(Step(status, dt.date.fromisoformat(effective)))
    for rid, row in found.items():
        if row[5] != "active" and rid not in steps:
            steps[rid].append(Step(row[5], dt.date.fromisoformat(row[6]) if row[6] else None))
    return {rid: tuple(s) for rid, s in steps.items()}


@uses_store
def find_anomalies(
    store: Store, month: int, meal_subsidies: MealProvider | None = meal_link.meal_subsidies
) -> list[Anomaly]:
    lines = ledger.stored_lines(store, month)
    record = ledger.month_record(store, month)
    found: list[Anomaly] = []
    if record is None:
        return found
    people = _people(store, month)
    by_person: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_person[line.resident_id].append(line)

    def add(kind: str, rid: int | None, message: str, concerned=()) -> None:
        row = people.get(rid)
        found.append(
            Anomaly(
                kind,
                rid,
                row[2] if row else "",
                row[1] if row else "",
                message,
                tuple(x.id for x in concerned),
            )
        )

    totals, count = ledger.month_totals(store, month)
    if totals != {k: v for k, v in record.totals.items() if v} or count != record.line_count:
        add(
            "totals_mismatch",
            None,
            _(
                "The month's stored total {stored} ({stored_count} lines) does not match its"
                " lines, which add up to {actual} ({count} lines)"
            ).format(
                stored=money(record.total_fen),
                stored_count=record.line_count,
                actual=money(sum(totals.values())),
                count=count,
            ),
        )
    calc = Calculator(store, Register([], _steps(store, month, people)))
    checks.stops(calc, month, by_person, people, add)
    checks.duplicates(by_person, people, add)
    checks.accounts(by_person, people, add)
    checks.shared_accounts(by_person, people, add)
    checks.account_names(store, by_person, people, add)
    checks.ages(store, month, by_person, people, add)
    checks.excluded(store, calc, month, by_person, people, add)
    if meal_subsidies is not None:
        now = meal_subsidies(store, months.text(month))
        on_lines = {
            rid: sum(x.amount_fen for x in ls if x.item_key == "meal")
            for rid, ls in by_person.items()
        }
        for rid in sorted(set(now) | {r for r, v in on_lines.items() if v}):
            if now.get(rid, 0) != on_lines.get(rid, 0) and (rid in people or now.get(rid)):
                add(
                    "totals_mismatch",
                    rid,
                    _(
                        "{name}: meal subsidy {line} on the lines, but the meal records now give"
                        " {records}"
                    ).format(
                        name=people[rid][1] if rid in people else rid,
                        line=money(on_lines.get(rid, 0)),
                        records=money(now.get(rid, 0)),
                    ),
                    [x for x in by_person.get(rid, []) if x.item_key == "meal"],
                )
    return found
