"""新增 and 停发: entitlements that start or stop in a month against the month before, with why.

A person moving from one bracket to the next (turning 90) appears in both lists: the old
bracket stops and the new one starts, each naming the other and the birthday it happened on.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from carepoint.subsidies.entitlement import Calculator, Entitled, age_day, reference_day
from carepoint.subsidies.stops import stop_in

CAUSES = (
    "bracket",  # moved to another bracket of the same item (detail: the other bracket)
    "age",  # reached or passed the bracket's age
    "category",  # a category started or ended, or an exclusion did
    "excluded",  # now in a category the item excludes (detail: its code)
    "returned",  # back on the register after a stop
    "rules",  # the rules changed
    "deceased",
    "moved_out",
    "lost_contact",
    "in_institution",
)


class Change(NamedTuple):
    resident_id: int
    change: str  # new / stopped
    item_key: str
    item_name: str
    subsidy_type: str
    bracket: str
    cause: str
    cause_date: str = ""
    detail: str = ""
    id: int | None = None


def turning_day(birth: int, age: int) -> str:
    """The day a person born on `birth` (YYYYMMDD) reaches `age`; 29 February → 1 March."""
    year, month, day = birth // 10000 + age, birth // 100 % 100, birth % 100
    if (month, day) == (2, 29) and not calendar.isleap(year):
        month, day = 3, 1
    return dt.date(year, month, day).isoformat()


def month_changes(calc: Calculator, month: int) -> list[Change]:
    now_rules = calc.rules_for_month(month)
    before_rules = calc.rules(month - 1)
    keys = [item.key for item in now_rules.items]
    if before_rules:
        keys += [item.key for item in before_rules.items if item.key not in keys]
    register = calc.register
    found: list[Change] = []
    for key in keys:
        item_now = now_rules.item(key)
        item_before = before_rules.item(key) if before_rules else None
        item = item_now or item_before
        common = (key, item.name, item.type)
        now, before = calc.entitled(month, key), calc.entitled(month - 1, key)
        for rid, got in now.items():
            old = before.get(rid)
            if old is not None and old.bracket.key == got.bracket.key:
                continue
            person = register.by_id[rid]
            if old is not None:
                cause, day, detail = "bracket", _birthday(person.birth, old, got), old.bracket.key
            elif item_before is None:
                cause, day, detail = "rules", "", ""
            elif register.stops.stop(rid, month - 1, before_rules, item_before.home_only):
                cause, day, detail = "returned", "", ""
            elif (age_day(before_rules, month - 1) - person.birth) // 10000 < (got.bracket.min_age):
                cause, day, detail = "age", turning_day(person.birth, got.bracket.min_age), ""
            else:
                cause, day, detail = "category", "", ""
            found.append(Change(rid, "new", *common, got.bracket.key, cause, day, detail))
        for rid, old in before.items():
            got = now.get(rid)
            if got is not None and got.bracket.key == old.bracket.key:
                continue
            person = register.by_id[rid]
            if got is not None:
                cause, day, detail = "bracket", _birthday(person.birth, old, got), got.bracket.key
            elif item_now is None:
                cause, day, detail = "rules", "", ""
            else:
                cause, day, detail = _why_stopped(calc, month, item_now, person, old)
            found.append(Change(rid, "stopped", *common, old.bracket.key, cause, day, detail))
    return found


def _birthday(birth: int, old: Entitled, new: Entitled) -> str:
    return turning_day(birth, new.age) if new.age != old.age else ""


def _why_stopped(calc: Calculator, month: int, item, person, old: Entitled):
    rules = calc.rules(month)
    spans = calc.register.stops.spans(rules, item.home_only).get(person.id)
    stop = stop_in(spans, month) if spans else None
    if stop is not None:
        return stop.cause, stop.day.isoformat() if stop.day else "", ""
    ref = reference_day(rules, month)
    excluded = sorted(item.excludes & person.codes_on(ref))
    if excluded:
        return "excluded", "", excluded[0]
    age = (age_day(rules, month) - person.birth) // 10000
    if old.bracket.max_age is not None and age > old.bracket.max_age:
        return "age", turning_day(person.birth, old.bracket.max_age + 1), ""
    return "category", "", ""
