"""The month's subsidies at a glance for the home page: totals by type and the workflow state.

Only reads what the month stored (no computation), so the home page stays quick at 300,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.subsidies import ledger, months
from carepoint.subsidies.names import type_titles
from carepoint.subsidies.rule_tables import TYPES
from carepoint.subsidies.workflow import state_label


@dataclass(frozen=True)
class TypeTotal:
    subsidy_type: str
    label: str
    amount_fen: int


@dataclass(frozen=True)
class SubsidySummary:
    month: str  # YYYY-MM
    month_label: str
    state: str  # open / computed / reviewed / approved / paid
    state_label: str
    totals: tuple[TypeTotal, ...]  # every type, in the usual order, zeros included
    total_fen: int
    people: int
    new: int
    stopped: int


@uses_store
def month_summary(store: Store, month: int | None = None, today: dt.date | None = None):
    """This month's subsidies (or `month`'s)."""
    if month is None:
        month = months.of_day(today or clock.today())
    record = ledger.month_record(store, month)
    totals = record.totals if record else {}
    label = months.text(month)
    people = store.db.execute_sql(
        "SELECT count(DISTINCT resident_id) FROM subsidy_line WHERE month = ?"
        " AND deleted_at IS NULL",
        [label],
    ).fetchone()[0]
    counts = dict(
        store.db.execute_sql(
            "SELECT change, count(*) FROM subsidy_change WHERE month = ? AND deleted_at IS NULL"
            " GROUP BY change",
            [label],
        ).fetchall()
    )
    state = record.state if record else "open"
    titles = type_titles(store, month)
    return SubsidySummary(
        month=label,
        month_label=months.label(month),
        state=state,
        state_label=state_label(state),
        totals=tuple(TypeTotal(t, titles[t], int(totals.get(t, 0))) for t in TYPES),
        total_fen=sum(int(v) for v in totals.values()),
        people=people,
        new=counts.get("new", 0),
        stopped=counts.get("stopped", 0),
    )
