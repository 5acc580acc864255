"""Township: the villages side by side, from the township's copies of their records.

Counts are the latest state each village sent; visits due and visited are the figures the village
computed with its own visit tiers (reported in its package); meals and subsidies are summed from
the records themselves, in integer fen, each time a village's records change (month_counts.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange import month_counts
from carepoint.subsidies import months as month_numbers


@dataclass(frozen=True)
class VillageStatus:
    code: str
    name: str
    enrolled_at: str
    last_sequence: int
    last_imported_at: str | None
    residents: int
    open_flags: int
    open_conflicts: int

    def to_json(self) -> dict:
        return dict(vars(self))


@dataclass(frozen=True)
class VillageMonth:
    village_code: str
    village_name: str
    month: str
    residents: dict[str, int] = field(default_factory=dict)  # status → count
    visits_due: int = 0
    visited: int = 0
    visits: int = 0
    meals: int = 0
    meal_subsidy_fen: int = 0
    subsidy_fen: int = 0
    review: str = ""
    comment: str = ""
    reviewed_at: str = ""  # with reviewed_by: which decision the clerk saw (exchange.review)
    reviewed_by: str = ""

    @property
    def visit_rate(self) -> float | None:
        return self.visited / self.visits_due if self.visits_due else None

    def to_json(self) -> dict:
        return {**vars(self), "visit_rate": self.visit_rate}


@uses_store
def _by_village(store: Store, sql: str, params: list) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in store.db.execute_sql(sql, params)}


@uses_store
def villages(store: Store) -> list[VillageStatus]:
    residents = _by_village(
        store,
        "SELECT village_code, count(*) FROM tw_resident WHERE deleted_at IS NULL"
        " GROUP BY village_code",
        [],
    )
    found_flags = _by_village(
        store,
        "SELECT village_code, count(*) FROM township_flag WHERE cleared_at IS NULL"
        " GROUP BY village_code",
        [],
    )
    conflicts = _by_village(
        store,
        "SELECT village_code, count(*) FROM township_conflict WHERE resolved_at IS NULL"
        " GROUP BY village_code",
        [],
    )
    rows = store.db.execute_sql(
        "SELECT code, name, enrolled_at, last_sequence, last_imported_at FROM township_village"
        " ORDER BY code"
    ).fetchall()
    return [
        VillageStatus(
            *row,
            residents=residents.get(row[0], (0,))[0],
            open_flags=found_flags.get(row[0], (0,))[0],
            open_conflicts=conflicts.get(row[0], (0,))[0],
        )
        for row in rows
    ]


@uses_store
def months(store: Store) -> list[str]:
    """Months with reported figures or a review, newest first."""
    rows = store.db.execute_sql("SELECT DISTINCT month FROM township_month ORDER BY month DESC")
    return [row[0] for row in rows]


@uses_store
def month_overview(store: Store, month: str) -> list[VillageMonth]:
    """Every enrolled village's figures for one month ('YYYY-MM'), side by side."""
    number = month_numbers.parse(month)
    month = month_numbers.text(number)
    statuses: dict[str, dict[str, int]] = {}
    for code, status, count in store.db.execute_sql(
        "SELECT village_code, status, count(*) FROM tw_resident WHERE deleted_at IS NULL"
        " GROUP BY village_code, status"
    ):
        statuses.setdefault(code, {})[status] = count
    counted = month_counts.for_month(store, month)  # kept per village at each import
    reported = _by_village(
        store,
        "SELECT village_code, reported, review, comment, reviewed_at, reviewed_by"
        " FROM township_month WHERE month = ?",
        [month],
    )
    found = []
    for code, name in store.db.execute_sql("SELECT code, name FROM township_village ORDER BY code"):
        figures, review, comment, reviewed_at, reviewed_by = reported.get(
            code, ("{}", "", "", "", "")
        )
        figures = json.loads(figures)
        meal_count, meal_fen, subsidy_fen = counted.get(code, (0, 0, 0))
        found.append(
            VillageMonth(
                code, name, month, statuses.get(code, {}),
                visits_due=figures.get("visits_due", 0), visited=figures.get("visited", 0),
                visits=figures.get("visits", 0), meals=meal_count, meal_subsidy_fen=meal_fen,
                subsidy_fen=subsidy_fen, review=review, comment=comment,
                reviewed_at=reviewed_at or "", reviewed_by=reviewed_by,
            )
        )  # fmt: skip
    return found
