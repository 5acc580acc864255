"""Today's meals at a glance (for the home page): served by meal and mode, expected, called off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.meals.labels import MEALS, MODES


@dataclass(frozen=True)
class MealCount:
    meal: str
    expected: int  # enrolled for the day
    served: dict[str, int]  # by mode
    called_off: int

    @property
    def total_served(self) -> int:
        return sum(self.served.values())


@dataclass(frozen=True)
class TodayMeals:
    day: dt.date
    meals: tuple[MealCount, ...]

    def served(self, meal: str, mode: str | None = None) -> int:
        count = next(c for c in self.meals if c.meal == meal)
        return count.total_served if mode is None else count.served.get(mode, 0)


@uses_store
def today_meals(store: Store, day: dt.date | None = None) -> TodayMeals:
    day = day or clock.today()
    iso = day.isoformat()
    expected = dict(
        store.db.execute_sql(
            "SELECT e.meal, count(*) FROM meal_enrollment e JOIN resident r ON r.id = e.resident_id"
            " WHERE e.deleted_at IS NULL AND e.start_date <= ? AND (e.end_date IS NULL OR"
            " e.end_date >= ?) AND instr(e.weekdays, ?) > 0 AND r.deleted_at IS NULL"
            " AND (r.status = 'active' OR r.status_date > ?) GROUP BY e.meal",
            [iso, iso, str(day.isoweekday()), iso],
        ).fetchall()
    )
    served: dict[tuple[str, str], int] = {}
    called_off: dict[str, int] = {}
    for meal, mode, status, count in store.db.execute_sql(
        "SELECT meal, mode, status, count(*) FROM meal_sign_in WHERE meal_date = ?"
        " AND deleted_at IS NULL GROUP BY meal, mode, status",
        [iso],
    ):
        if status == "served":
            served[(meal, mode)] = count
        else:
            called_off[meal] = called_off.get(meal, 0) + count
    return TodayMeals(
        day,
        tuple(
            MealCount(
                meal,
                expected.get(meal, 0),
                {mode: served.get((meal, mode), 0) for mode in MODES},
                called_off.get(meal, 0),
            )
            for meal in MEALS
        ),
    )
