"""Who is entitled to what in a month, and the lines paid that month, from the rules in force.

Entitlement is worked out month by month: the age on the rule's reference date (or on the day
of death when that came first), the categories
held that day, the exclusions, the first bracket that fits, and the stops. A monthly item pays
the month's entitlement; a half-yearly one adds up the months since its last payment month (one
line per bracket, so turning 90 in April gives an 80–89 line and a 90–99 line); a yearly one
pays its yearly amount in its payment month; a one-off item pays in the month a person first
qualifies. The meal subsidy is what the month's meal records froze (see meal_link.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from carepoint import rules as rule_store
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies import months, people
from carepoint.subsidies.rule_tables import AREA, Bracket, Item, SubsidyRules, parse
from carepoint.subsidies.stops import stop_in

MealProvider = Callable[[Store, str], dict[int, int]]
OLDEST_OLD_AGE = 80
_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Entitled:
    bracket: Bracket
    age: int
    ref: int  # the reference day, YYYYMMDD


class Line(NamedTuple):
    """One line of the month, in the form it is stored (months 'YYYY-MM', days ISO); a tuple,
    so that storing 100,000 of them is a slice each, not 18 attribute reads."""

    resident_id: int
    id_number: str
    kind: str  # entitlement / adjustment
    item_key: str
    item_name: str
    subsidy_type: str
    frequency: str
    bracket: str
    period_from: str
    period_to: str
    months: int
    standard_fen: int
    amount_fen: int
    age: int = 0
    age_on: str = ""
    rule_from: str = ""
    note: str = ""
    corrects_month: str = ""
    id: int | None = None


def age_day(rules: SubsidyRules, month: int) -> int:
    """The day ages are counted on: the reference day, or with "from the month after the
    birthday" (自年满周岁的次月起) the last day before the paid month."""
    if rules.age_from == "month_after" and rules.age_reference != "year_end":
        return months.day_number(months.last_day(month - 1))
    return reference_day(rules, month)


def reference_day(rules: SubsidyRules, month: int) -> int:
    """The day categories (and, usually, ages) are taken on."""
    if rules.age_reference == "year_end":
        return months.year(month) * 10000 + 1231
    if rules.age_reference == "month_day":
        return months.day_number(months.day_in(month, rules.reference_day))
    return months.day_number(months.last_day(month))


def coverage(item: Item, month: int) -> range:
    """The months a half-yearly or yearly payment in `month` covers (empty: not paid then)."""
    this = months.month_of_year(month)
    if item.frequency == "monthly" or item.frequency == "once":
        return range(month, month + 1)
    if this not in item.pay_months:
        return range(0)
    previous = max((m for m in item.pay_months if m < this), default=max(item.pay_months) - 12)
    return range(month - (this - previous) + 1, month + 1)


class Calculator:
    """Entitlements for any month from one reading of the register; results are kept."""

    @uses_store
    def __init__(
        self,
        store: Store,
        register: people.Register | None = None,
        versions: list[rule_store.RuleVersion] | None = None,
    ):
        self.store = store
        self._versions = rule_store.versions(store, AREA) if versions is None else versions
        codes = set()
        for version in self._versions:
            for item in version.content.get("items", []):
                codes.update(item.get("excludes", []))
                for bracket in item.get("brackets", []):
                    codes.update(bracket.get("categories", []))
        codes.discard("oldest_old")
        self.register = register or people.load(store, codes)
        self._rules: dict[int, SubsidyRules | None] = {}
        self._found: dict[tuple[int, str], dict[int, Entitled]] = {}

    def rules(self, month: int) -> SubsidyRules | None:
        if month not in self._rules:
            day = months.first_day(month)
            found = None
            for version in self._versions:
                if version.effective_from <= day:
                    found = version
            self._rules[month] = (
                parse(found.content, found.effective_from, found.note) if found else None
            )
        return self._rules[month]

    def rules_for_month(self, month: int) -> SubsidyRules:
        found = self.rules(month)
        if found is None:
            raise UserInputError(
                _("No {area} rules are in force on {date}; add them in the settings").format(
                    area=AREA, date=months.first_day(month).isoformat()
                )
            )
        if found.blank:
            raise UserInputError(
                _("The amounts of {items} are blank in the rules from {date}: fill them in (in"
                  " the settings, or rules import) before computing").format(
                    items="、".join(found.blank), date=found.effective_from.isoformat())
            )  # fmt: skip
        return found

    def entitled(self, month: int, key: str) -> dict[int, Entitled]:
        """resident id → bracket, age and reference day, for item `key` in `month`."""
        cached = self._found.get((month, key))
        if cached is not None:
            return cached
        rules = self.rules(month)
        item = rules.item(key) if rules else None
        found: dict[int, Entitled] = {}
        if item is not None:
            found = self._entitled(month, rules, item)
        self._found[(month, key)] = found
        return found

    def _entitled(self, month: int, rules: SubsidyRules, item: Item) -> dict[int, Entitled]:
        ref = reference_day(rules, month)
        aged_on = age_day(rules, month)
        needs_category = all(b.categories for b in item.brackets)
        candidates = self.register.born_by(aged_on - item.min_age * 10000, needs_category)
        tests = [
            (b, b.min_age, 999 if b.max_age is None else b.max_age, frozenset(b.categories))
            for b in item.brackets
        ]
        excludes = item.excludes
        derived = "oldest_old" in excludes or any("oldest_old" in t[3] for t in tests)
        spans = self.register.stops.spans(rules, item.home_only)
        deaths = self.register.deaths
        found: dict[int, Entitled] = {}
        for person in candidates:
            on = aged_on
            if deaths:
                died = deaths.get(person.id)
                if died is not None and died < aged_on:
                    on = died  # nobody is paid for an age they did not live to reach
            age = (on - person.birth) // 10000
            codes = person.codes_on(ref) if person.memberships else _EMPTY
            if derived and age >= OLDEST_OLD_AGE:
                codes = codes | {"oldest_old"}
            if excludes and not excludes.isdisjoint(codes):
                continue
            chosen = None
            for bracket, low, high, needed in tests:
                if low <= age <= high and (not needed or needed <= codes):
                    chosen = bracket
                    break
            if chosen is None:
                continue
            stopped = spans.get(person.id)
            if stopped and stop_in(stopped, month):
                continue
            found[person.id] = Entitled(chosen, age, on)
        return found


@lru_cache(maxsize=1024)
def _iso(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def month_lines(
    calc: Calculator,
    month: int,
    meal_subsidies: MealProvider | None = None,
    paid_once: Callable[[str], set[int]] | None = None,
) -> list[Line]:
    """The entitlement lines paid in `month` (without adjustments)."""
    rules = calc.rules_for_month(month)
    rule_from = rules.effective_from.isoformat()
    numbers = {p.id: p.id_number for p in calc.register.people}
    lines: list[Line] = []
    for item in rules.items:
        span = coverage(item, month)
        if not span:
            continue
        common = (item.key, item.name, item.type, item.frequency)
        if item.frequency in ("monthly", "yearly", "once"):
            found = calc.entitled(month, item.key)
            if item.frequency == "once":
                before = calc.entitled(month - 1, item.key)
                done = paid_once(item.key) if paid_once else set()
                found = {r: e for r, e in found.items() if r not in before and r not in done}
            first, last = months.text(span[0]), months.text(span[-1])
            count = len(span) if item.frequency == "yearly" else 1
            for rid, got in found.items():
                amount = got.bracket.amount_fen
                lines.append(
                    Line(
                        rid,
                        numbers[rid],
                        "entitlement",
                        *common,
                        got.bracket.key,
                        first,
                        last,
                        count,
                        amount,
                        amount,
                        got.age,
                        _iso(got.ref),
                        rule_from,
                    )
                )
            continue
        runs: dict[int, list] = {}  # half-yearly: consecutive months at one bracket
        for number in span:
            for rid, got in calc.entitled(number, item.key).items():
                mine = runs.setdefault(rid, [])
                last_run = mine[-1] if mine else None
                if (
                    last_run
                    and last_run[1] == number - 1
                    and last_run[2].bracket.key == got.bracket.key
                    and last_run[2].bracket.amount_fen == got.bracket.amount_fen
                ):
                    last_run[1], last_run[2] = number, got
                else:
                    mine.append([number, number, got])
        for rid, mine in runs.items():
            for first, last, got in mine:
                count, amount = last - first + 1, got.bracket.amount_fen
                lines.append(
                    Line(
                        rid,
                        numbers[rid],
                        "entitlement",
                        *common,
                        got.bracket.key,
                        months.text(first),
                        months.text(last),
                        count,
                        amount,
                        amount * count,
                        got.age,
                        _iso(got.ref),
                        rule_from,
                    )
                )
    if meal_subsidies is not None:
        label = months.text(month)
        for rid, fen in meal_subsidies(calc.store, label).items():
            if fen and rid in numbers:
                lines.append(
                    Line(
                        rid,
                        numbers[rid],
                        "entitlement",
                        "meal",
                        "",
                        "meal",
                        "monthly",
                        "",
                        label,
                        label,
                        1,
                        fen,
                        fen,
                    )
                )
    return lines
