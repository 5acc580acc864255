"""The month figures the 各村总览 sums from a village's records (served meals and their subsidy,
subsidy lines), kept per village and month in `township_month_count`.

They are counted again from the village's own rows whenever those rows change: when its package
is merged (township and county imports), and when a clerk corrects a record or resolves a
conflict. The overview then reads one small row per village and month instead of summing
millions of meal sign-ins: a county of 300 villages holds about 27 million of them a year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carepoint.binding import uses_store

if TYPE_CHECKING:  # the schema step runs while carepoint.db is being imported
    from carepoint.db import Store

TABLE = "township_month_count"
COUNTED = ("meal_sign_in", "subsidy_line")  # the village tables whose rows make the figures

_CREATE = (
    f"CREATE TABLE {TABLE} (village_code TEXT NOT NULL, month TEXT NOT NULL,"
    " meals INTEGER NOT NULL, meal_subsidy_fen INTEGER NOT NULL, subsidy_fen INTEGER NOT NULL,"
    " PRIMARY KEY (village_code, month))"
)

# Per village and month ('YYYY-MM'): served meals not deleted and their subsidy; subsidy lines
# not deleted. `{where}` narrows both to one village (a merge) or leaves every village (the step
# that fills the table for data imported before it existed).
_COUNT = """
    SELECT village_code, month, sum(meals), sum(meal_fen), sum(subsidy_fen) FROM (
        SELECT village_code, substr(meal_date, 1, 7) AS month, count(*) AS meals,
               coalesce(sum(subsidy_fen), 0) AS meal_fen, 0 AS subsidy_fen
        FROM tw_meal_sign_in
        WHERE status = 'served' AND deleted_at IS NULL{where}
        GROUP BY village_code, substr(meal_date, 1, 7)
        UNION ALL
        SELECT village_code, month, 0, 0, coalesce(sum(amount_fen), 0)
        FROM tw_subsidy_line WHERE deleted_at IS NULL{where}
        GROUP BY village_code, month
    ) AS parts
    GROUP BY village_code, month"""


def _insert(db, rows: list) -> None:
    db.cursor().executemany(
        f"INSERT INTO {TABLE} (village_code, month, meals, meal_subsidy_fen, subsidy_fen)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (village_code, month) DO UPDATE SET"
        " meals = excluded.meals, meal_subsidy_fen = excluded.meal_subsidy_fen,"
        " subsidy_fen = excluded.subsidy_fen",
        rows,
    )


@uses_store
def refresh(store: Store, village_code: str) -> None:
    """Count one village's months again from its rows (inside the caller's transaction). A
    month that has nothing left counts zero (rows are never deleted, not even these)."""
    rows = store.db.execute_sql(
        _COUNT.format(where=" AND village_code = ?"), [village_code, village_code]
    ).fetchall()
    store.db.execute_sql(
        f"UPDATE {TABLE} SET meals = 0, meal_subsidy_fen = 0, subsidy_fen = 0"
        " WHERE village_code = ?",
        [village_code],
    )
    _insert(store.db, rows)


@uses_store
def for_month(store: Store, month: str) -> dict[str, tuple[int, int, int]]:
    """village code → (served meals, their subsidy in fen, subsidy lines in fen) for 'YYYY-MM'."""
    return {
        code: (meals, meal_fen, subsidy_fen)
        for code, meals, meal_fen, subsidy_fen in store.db.execute_sql(
            f"SELECT village_code, meals, meal_subsidy_fen, subsidy_fen FROM {TABLE}"
            " WHERE month = ?",
            [month],
        )
    }


def create_table(db) -> None:
    """Schema step: the table, filled from the copies already held."""
    db.execute_sql(_CREATE)
    db.execute_sql(
        f"INSERT INTO {TABLE} (village_code, month, meals, meal_subsidy_fen, subsidy_fen)"
        + _COUNT.format(where="")
    )
