"""When payments stop and start again, from a person's status history and the stop rules.

A death stops payments from the month after it or from its own month (by local rule); moving
away likewise; lost contact from the month in which the person has been out of contact for the
rule's number of months; entering an institution stops home-only items (居家养老服务补贴).
A return to the register (status back to active) pays again from the month of the return.
The most common real failure is paying the dead: a status with no date stops everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.subsidies import months
from carepoint.subsidies.rule_tables import SubsidyRules

FOREVER = 10**9


@dataclass(frozen=True, slots=True)
class Step:
    status: str
    day: dt.date | None  # None: a status recorded without a date (stops every month)


@dataclass(frozen=True, slots=True)
class Stop:
    """Months [first, until) are not paid because of `cause` on `day`."""

    first: int
    until: int
    cause: str  # deceased / moved_out / lost_contact / in_institution
    day: dt.date | None


def stop_month(step: Step, rules: SubsidyRules, home_only: bool) -> int | None:
    """The first month not paid because of this step, or None when the step pays again."""
    if step.day is None:
        return None if step.status == "active" else -FOREVER
    month = months.of_day(step.day)
    if step.status == "deceased":
        return month if rules.stop_on_death == "same_month" else month + 1
    if step.status == "moved_out" or (step.status == "in_institution" and home_only):
        return month if rules.stop_on_move == "same_month" else month + 1
    if step.status == "lost_contact":
        return months.of_day(months.add_to_day(step.day, rules.lost_contact_months))
    return None


def stops(steps: tuple[Step, ...], rules: SubsidyRules, home_only: bool) -> tuple[Stop, ...]:
    """The stopped spans of one person under these rules, in order."""
    found: list[Stop] = []
    open_stop: Stop | None = None
    for step in steps:
        first = stop_month(step, rules, home_only)
        if first is None:
            if open_stop is not None:
                resumed = months.of_day(step.day) if step.day else FOREVER
                if resumed > open_stop.first:
                    found.append(Stop(open_stop.first, resumed, open_stop.cause, open_stop.day))
                open_stop = None
        elif open_stop is None or first < open_stop.first:
            # a later step (lost contact, then death) never delays a stop already running
            open_stop = Stop(first, FOREVER, step.status, step.day)
    if open_stop is not None:
        found.append(open_stop)
    return tuple(found)


def stop_in(spans: tuple[Stop, ...], month: int) -> Stop | None:
    for span in spans:
        if span.first <= month < span.until:
            return span
    return None


class StopBook:
    """Every person's stopped spans, worked out once per set of rules and kept."""

    def __init__(self, steps_by_resident: dict[int, tuple[Step, ...]]):
        self.steps = steps_by_resident
        self._cache: dict[tuple, dict[int, tuple[Stop, ...]]] = {}

    def spans(self, rules: SubsidyRules, home_only: bool) -> dict[int, tuple[Stop, ...]]:
        key = (rules.stop_on_death, rules.stop_on_move, rules.lost_contact_months, home_only)
        found = self._cache.get(key)
        if found is None:
            found = {}
            for resident_id, steps in self.steps.items():
                spans = stops(steps, rules, home_only)
                if spans:
                    found[resident_id] = spans
            self._cache[key] = found
        return found

    def stop(self, resident_id: int, month: int, rules: SubsidyRules, home_only: bool):
        spans = self.spans(rules, home_only).get(resident_id)
        return stop_in(spans, month) if spans else None
