"""Meal prices and subsidies from the effective-dated rules (area "meals"), in integer fen.

A diner's subsidy for a meal is the highest of the age band and the category subsidies that apply
on the meal date, and never more than the price; the diner pays the rest (the co-pay) plus the
delivery fee when the meal is delivered. The subsidy is split between the city, the county and the
village by the rule's percentages, to the fen. Amounts are computed once, at sign-in, and frozen.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from carepoint import categories, rules, values
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.meals.labels import MEALS

AREA = "meals"
FUNDERS = ("city", "county", "village")


@dataclass(frozen=True)
class MealSet:
    key: str
    name: str
    price_fen: int


@dataclass(frozen=True)
class AgeBand:
    from_age: int
    to_age: int | None
    subsidy_fen: int

    @property
    def basis(self) -> str:
        return f"age:{self.from_age}-{'' if self.to_age is None else self.to_age}"


@dataclass(frozen=True)
class MealRules:
    effective_from: dt.date
    sets: tuple[MealSet, ...]
    delivery_fee_fen: int
    subsidised_meals: tuple[str, ...]
    age_bands: tuple[AgeBand, ...]
    category_subsidies: tuple[tuple[str, int], ...]
    funding: tuple[int, int, int]  # percent of the subsidy: city, county, village
    operator_subsidy_fen: int  # per actual diner per day, paid to the meal point

    def meal_set(self, key: str) -> MealSet:
        """The set meal with this key; the first set when the key is blank or no longer offered."""
        return next((s for s in self.sets if s.key == key), self.sets[0])


@dataclass(frozen=True)
class Price:
    set_key: str
    price_fen: int
    subsidy_fen: int
    delivery_fee_fen: int
    copay_fen: int
    city_fen: int
    county_fen: int
    village_fen: int
    basis: str
    age: int
    rules_from: dt.date


def _fen(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000


def validate(content: dict) -> list[str]:
    """Every problem of a meals rule table, in the user's language (empty when it is sound)."""
    problems = []
    sets = content.get("sets") or []
    if not sets:
        problems.append(_("At least one set meal with a price is needed"))
    keys = [s.get("key", "") for s in sets]
    if len(set(keys)) != len(keys) or not all(keys):
        problems.append(_("Every set meal needs its own key"))
    for item in sets:
        if not str(item.get("name", "")).strip():
            problems.append(_("Every set meal needs a name"))
        if not _fen(item.get("price_fen")) or item.get("price_fen") == 0:
            problems.append(
                _("The price of {name} must be a positive amount").format(name=item.get("name"))
            )
    if not _fen(content.get("delivery_fee_fen", 0)):
        problems.append(_("The delivery fee must be zero or a positive amount"))
    if not _fen(content.get("operator_subsidy_fen", 0)):
        problems.append(_("The operating subsidy must be zero or a positive amount"))
    if any(m not in MEALS for m in content.get("subsidised_meals", [])):
        problems.append(_("Subsidised meals can only be lunch and dinner"))
    for band in content.get("age_bands", []):
        low, high = band.get("from_age"), band.get("to_age")
        if (
            not isinstance(low, int)
            or not 0 <= low <= 150
            or (high is not None and (not isinstance(high, int) or high < low))
        ):
            problems.append(_("An age band needs a lowest age and a highest age not below it"))
        if not _fen(band.get("subsidy_fen")):
            problems.append(_("A subsidy must be zero or a positive amount"))
    bands = sorted((b.get("from_age", 0), b.get("to_age")) for b in content.get("age_bands", []))
    for (_low, high), (next_low, _high) in zip(bands, bands[1:], strict=False):
        if high is None or (
            isinstance(next_low, int) and isinstance(high, int) and next_low <= high
        ):
            problems.append(_("Age bands must not overlap"))
            break
    for item in content.get("category_subsidies", []):
        if item.get("category") not in categories.CODES:
            problems.append(_("Unknown category {code}").format(code=item.get("category")))
        if not _fen(item.get("subsidy_fen")):
            problems.append(_("A subsidy must be zero or a positive amount"))
    funding = content.get("funding", {})
    shares = [funding.get(f, 0) for f in FUNDERS]
    if not all(isinstance(s, int) and s >= 0 for s in shares) or sum(shares) != 100:
        problems.append(_("The city, county and village shares of the subsidy must add up to 100%"))
    return problems


def parse(effective_from: dt.date, content: dict) -> MealRules:
    problems = validate(content)
    if problems:
        raise UserInputError(
            _("The meal rules from {date} are not usable: {problems}").format(
                date=effective_from.isoformat(), problems="; ".join(problems)
            )
        )
    funding = content.get("funding", {})
    return MealRules(
        effective_from=effective_from,
        sets=tuple(MealSet(s["key"], s["name"], s["price_fen"]) for s in content["sets"]),
        delivery_fee_fen=content.get("delivery_fee_fen", 0),
        subsidised_meals=tuple(content.get("subsidised_meals", MEALS)),
        age_bands=tuple(
            AgeBand(b["from_age"], b.get("to_age"), b["subsidy_fen"])
            for b in sorted(content.get("age_bands", []), key=lambda b: b["from_age"])
        ),
        category_subsidies=tuple(
            (c["category"], c["subsidy_fen"]) for c in content.get("category_subsidies", [])
        ),
        funding=tuple(funding.get(f, 0) for f in FUNDERS),
        operator_subsidy_fen=content.get("operator_subsidy_fen", 0),
    )


class RuleBook:
    """Every version of the meal rules, parsed once: for bulk work over many days."""

    @uses_store
    def __init__(self, store: Store):
        parsed = [parse(v.effective_from, v.content) for v in rules.versions(store, AREA)]
        self._starts = [r.effective_from for r in parsed]
        self._rules = parsed

    @property
    def first_day(self) -> dt.date:
        """The day the first version takes effect (date.max when there are no rules)."""
        return self._starts[0] if self._starts else dt.date.max

    def on(self, day: dt.date) -> MealRules:
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0:
            raise UserInputError(
                _(
                    "No meal prices and subsidies are in force on {date}; add them in the settings"
                ).format(date=day.isoformat())
            )
        return self._rules[index]


@uses_store
def meal_rules_on(store: Store, day: dt.date) -> MealRules:
    return RuleBook(store).on(day)


def split(subsidy_fen: int, shares: tuple[int, ...]) -> tuple[int, ...]:
    """Split an amount by percentages to the fen; leftover fen go to the largest remainders."""
    exact = [subsidy_fen * share for share in shares]
    parts = [value // 100 for value in exact]
    leftover = subsidy_fen - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] % 100), i))
    for index in by_remainder[:leftover]:
        parts[index] += 1
    return tuple(parts)


def subsidy_for(meal_rules: MealRules, age: int, codes: set[str], meal: str) -> tuple[int, str]:
    """(subsidy per meal, its basis): the highest that applies; the age band wins a tie."""
    if meal not in meal_rules.subsidised_meals:
        return 0, ""
    best, basis = 0, ""
    for band in meal_rules.age_bands:
        if band.from_age <= age and (band.to_age is None or age <= band.to_age):
            if band.subsidy_fen > best:
                best, basis = band.subsidy_fen, band.basis
    if age >= categories.OLDEST_OLD_AGE:
        codes = codes | {"oldest_old"}
    for code, amount in meal_rules.category_subsidies:
        if code in codes and amount > best:
            best, basis = amount, code
    return best, basis


def price_meal(
    meal_rules: MealRules, *, age: int, codes: set[str], meal: str, mode: str, set_key: str
) -> Price:
    chosen = meal_rules.meal_set(set_key)
    subsidy, basis = subsidy_for(meal_rules, age, codes, meal)
    subsidy = min(subsidy, chosen.price_fen)
    delivery = meal_rules.delivery_fee_fen if mode == "delivery" else 0
    city, county, village = split(subsidy, meal_rules.funding)
    return Price(
        set_key=chosen.key,
        price_fen=chosen.price_fen,
        subsidy_fen=subsidy,
        delivery_fee_fen=delivery,
        copay_fen=chosen.price_fen - subsidy + delivery,
        city_fen=city,
        county_fen=county,
        village_fen=village,
        basis=basis if subsidy else "",
        age=age,
        rules_from=meal_rules.effective_from,
    )


def yuan_to_fen(text: str) -> int:
    """An amount typed in yuan ("9", "8.5", "¥1,409.50") → integer fen; never through a float."""
    return values.parse_yuan(text) if str(text).strip() else 0


def fen_to_yuan(fen: int) -> str:
    """Integer fen as plain yuan for an input field: 900 → '9.00'."""
    return f"{fen // 100}.{fen % 100:02d}"
