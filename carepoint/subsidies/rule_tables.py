"""The subsidy rule table: what a version of the "subsidies" rules says, read and checked.

A version (resources/rules/<preset>/subsidies.toml, or a local edit) holds:

    age_reference = "month_end" | "month_day" | "year_end"   # the day ages are counted on
    reference_day = 1                  # with month_day: that day of the paid month
    age_from = "birthday_month" | "month_after"    # a new age counts from its birthday's month,
                                       # or only from the month after (自年满周岁的次月起):
                                       # then ages are counted on the previous month's last day
    stop_on_death = "month_after" | "same_month"   # the first month not paid after a death
    stop_on_move = "month_after" | "same_month"    # after moving away (and, for home-only
                                                   # items, entering an institution)
    lost_contact_months = 3            # stop from the month the person has been out of
                                       # contact this long
    [[items]]                          # one rule item: a subsidy type paid at a frequency
    key = "old_age"; type = "old_age"; name = "高龄津贴"
    frequency = "monthly" | "half_yearly" | "yearly" | "once"
    pay_months = [6, 12]               # half-yearly and yearly: the months it is paid in
    excludes = ["low_income"]          # nobody in these categories gets this item
    home_only = false                  # stops when the person enters an institution
    allow_gaps = false                 # age gaps between brackets are intended
    brackets = [{ min_age = 80, max_age = 89, categories = [], amount_fen = 3000 }, …]

An age is never counted past a death: a person who died before the reference day is as old as
on the day of death, so nobody is paid a bracket they did not live to reach.

A person gets the first bracket of an item whose ages hold theirs and whose categories they all
have; list the narrower group first (低保 and 失能 before 失能 alone). Amounts are in fen: per
month for monthly and half-yearly items (counted monthly, paid together), per year for yearly
ones, once for one-off items (paid in the month a person first qualifies).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from carepoint import categories
from carepoint.i18n import N_, _

AREA = "subsidies"
TYPES = ("old_age", "home_care", "nursing_care", "meal")
TYPE_LABELS = {
    "old_age": N_("old-age allowance"),
    "home_care": N_("home care service subsidy"),
    "nursing_care": N_("nursing care subsidy"),
    "meal": N_("meal subsidy"),
}
RULE_TYPES = TYPES[:3]  # the meal subsidy comes from the meal records, not from these rules
FREQUENCIES = ("monthly", "half_yearly", "yearly", "once")
FREQUENCY_LABELS = {
    "monthly": N_("monthly"),
    "half_yearly": N_("half-yearly"),
    "yearly": N_("yearly"),
    "once": N_("once"),
}
AGE_REFERENCES = ("month_end", "month_day", "year_end")
AGE_REFERENCE_LABELS = {
    "month_end": N_("last day of the paid month"),
    "month_day": N_("a set day of the paid month"),
    "year_end": N_("31 December of the payment year"),
}
AGE_FROMS = ("birthday_month", "month_after")
AGE_FROM_LABELS = {
    "birthday_month": N_("from the month of the birthday"),
    "month_after": N_("from the month after the birthday"),
}
STOP_RULES = ("month_after", "same_month")
STOP_RULE_LABELS = {
    "month_after": N_("from the month after"),
    "same_month": N_("from the same month"),
}
DEFAULT_PAY_MONTHS = {"half_yearly": (6, 12), "yearly": (12,)}


def type_label(code: str) -> str:
    return _(TYPE_LABELS[code]) if code in TYPE_LABELS else code


@dataclass(frozen=True)
class Bracket:
    min_age: int
    max_age: int | None
    categories: tuple[str, ...]
    amount_fen: int

    @cached_property
    def key(self) -> str:
        """Identity across months and versions: '80-89', '60-|disabled_care,low_income'."""
        ages = f"{self.min_age}-{'' if self.max_age is None else self.max_age}"
        return f"{ages}|{','.join(sorted(self.categories))}" if self.categories else ages


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    name: str
    frequency: str
    pay_months: tuple[int, ...]
    excludes: frozenset[str]
    home_only: bool
    allow_gaps: bool
    brackets: tuple[Bracket, ...]

    @property
    def min_age(self) -> int:
        return min((b.min_age for b in self.brackets), default=0)

    @property
    def title(self) -> str:
        return self.name or type_label(self.type)


@dataclass(frozen=True)
class SubsidyRules:
    effective_from: dt.date
    note: str
    age_reference: str
    reference_day: int
    age_from: str
    stop_on_death: str
    stop_on_move: str
    lost_contact_months: int
    items: tuple[Item, ...]

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    @property
    def blank(self) -> list[str]:
        """The items whose amounts are not filled in (the national template's)."""
        return [item.title for item in self.items if any(not b.amount_fen for b in item.brackets)]


def _as_int(value, default=None) -> int | None:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


def parse(content: dict, effective_from: dt.date, note: str = "") -> SubsidyRules:
    """The table from its stored form; call `problems` first, this assumes a valid table."""
    items = []
    for raw in content.get("items", []):
        frequency = raw.get("frequency", "monthly")
        brackets = tuple(
            Bracket(
                int(b["min_age"]),
                _as_int(b.get("max_age")),
                tuple(b.get("categories", ())),
                int(b.get("amount_fen") or 0),  # blank in the national template
            )
            for b in raw.get("brackets", [])
        )
        items.append(
            Item(
                key=raw["key"],
                type=raw["type"],
                name=raw.get("name", ""),
                frequency=frequency,
                pay_months=tuple(raw.get("pay_months") or DEFAULT_PAY_MONTHS.get(frequency, ())),
                excludes=frozenset(raw.get("excludes", ())),
                home_only=bool(raw.get("home_only", False)),
                allow_gaps=bool(raw.get("allow_gaps", False)),
                brackets=brackets,
            )
        )
    return SubsidyRules(
        effective_from=effective_from,
        note=note,
        age_reference=content.get("age_reference", "month_end"),
        reference_day=int(content.get("reference_day", 1)),
        age_from=content.get("age_from", "birthday_month"),
        stop_on_death=content.get("stop_on_death", "month_after"),
        stop_on_move=content.get("stop_on_move", "month_after"),
        lost_contact_months=int(content.get("lost_contact_months", 3)),
        items=tuple(items),
    )


def bracket_label(bracket: Bracket | str) -> str:
    """'80–89', '100+' and the categories it needs: '60+ 低保、失能'."""
    key = bracket.key if isinstance(bracket, Bracket) else bracket
    ages, _sep, codes = key.partition("|")
    low, _dash, high = ages.partition("-")
    if not low:
        return ""
    text = (
        _("aged {low}+").format(low=low)
        if not high
        else _("aged {low}–{high}").format(low=low, high=high)
    )
    if codes:
        labels = "、".join(categories.label(code) for code in codes.split(","))
        text = _("{ages}, {categories}").format(ages=text, categories=labels)
    return text
