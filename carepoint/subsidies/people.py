"""The register as the subsidy computation reads it: everyone at once, in three queries.

People come sorted by birth date, so "everyone at least 80 on this day" is a slice found by
bisection; birth dates and category dates are integers YYYYMMDD (see months.py).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.subsidies.stops import Step, StopBook

_INFINITE_DAY = 99991231


@dataclass(slots=True)
class Person:
    id: int
    id_number: str
    birth: int  # YYYYMMDD
    memberships: tuple[tuple[str, int, int], ...] = ()  # (code, start, end) of the codes asked

    def codes_on(self, day: int) -> set[str]:
        return {code for code, start, end in self.memberships if start <= day <= end}


class Register:
    def __init__(self, people: list[Person], steps: dict[int, tuple[Step, ...]]):
        self.people = people  # sorted by birth
        self.births = [p.birth for p in people]
        self.by_id = {p.id: p for p in people}
        self.with_categories = [p for p in people if p.memberships]  # sorted by birth as well
        self._category_births = [p.birth for p in self.with_categories]
        self.stops = StopBook(steps)
        self.steps = steps
        self.deaths = death_days(steps)

    def born_by(self, day: int, with_categories: bool = False) -> list[Person]:
        """The people born on or before `day` (only those with a membership, if asked)."""
        if with_categories:
            return self.with_categories[: bisect_right(self._category_births, day)]
        return self.people[: bisect_right(self.births, day)]


@uses_store
def load(store: Store, codes: set[str]) -> Register:
    """Everyone in the register, with their status history and memberships of `codes`."""
    db = store.db
    # One scan of the (wide) resident table; SQLite makes the birth date YYYYMMDD, which took
    # 0.5 s to parse in Python at 300,000.
    rows = db.execute_sql(
        "SELECT id, id_number, CAST(replace(birth_date, '-', '') AS INTEGER), status, status_date"
        " FROM resident WHERE deleted_at IS NULL ORDER BY birth_date, id"
    ).fetchall()
    people = [Person(row[0], row[1], row[2]) for row in rows]
    undated = {
        rid: Step(status, dt.date.fromisoformat(status_date) if status_date else None)
        for rid, _number, _birth, status, status_date in rows
        if status != "active"
    }
    steps: dict[int, list[Step]] = {}
    for rid, status, day in db.execute_sql(
        "SELECT resident_id, status, effective_date FROM status_change WHERE deleted_at IS NULL"
        " ORDER BY resident_id, effective_date, id"
    ):
        steps.setdefault(rid, []).append(Step(status, dt.date.fromisoformat(day)))
    for rid, last in undated.items():
        # A status set without a history step (an old import): it still stops payments.
        if rid not in steps:
            steps[rid] = [last]
    if codes:
        by_id = {p.id: p for p in people}
        memberships: dict[int, list] = {}
        marks = ",".join("?" * len(codes))
        for rid, code, start, end in db.execute_sql(
            "SELECT resident_id, code, start_date, end_date FROM category_membership"
            f" WHERE deleted_at IS NULL AND code IN ({marks})",
            sorted(codes),
        ):
            memberships.setdefault(rid, []).append(
                (code, _day(start), _day(end) if end else _INFINITE_DAY)
            )
        for rid, found in memberships.items():
            person = by_id.get(rid)
            if person is not None:
                person.memberships = tuple(found)
    return Register(people, {rid: tuple(s) for rid, s in steps.items()})


def death_days(steps: dict[int, tuple[Step, ...]]) -> dict[int, int]:
    """resident id → day of death (YYYYMMDD) for those whose history ends in a dated death."""
    found = {}
    for rid, history in steps.items():
        last = history[-1] if history else None
        if last is not None and last.status == "deceased" and last.day is not None:
            found[rid] = last.day.year * 10000 + last.day.month * 100 + last.day.day
    return found


def _day(iso: str) -> int:
    return int(iso[0:4]) * 10000 + int(iso[5:7]) * 100 + int(iso[8:10])
