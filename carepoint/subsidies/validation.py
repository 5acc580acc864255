"""Checking a subsidy rule table before it is saved: every field, overlapping brackets, gaps.

Brackets are tried in order and the first that fits wins, so two brackets overlap when a person
could fit both and the later one would lose: the earlier one needs no category the later one
lacks and their ages meet. A narrower group listed first (低保 and 失能 before 失能) is a tier,
not an overlap. Between brackets of the same categories, a missing age (80–84 then 86–89) is a
gap; it is refused unless the item says its gaps are intended (`allow_gaps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carepoint import categories
from carepoint.i18n import _
from carepoint.subsidies.rule_tables import (
    AGE_FROMS,
    AGE_REFERENCES,
    FREQUENCIES,
    RULE_TYPES,
    STOP_RULES,
    bracket_label,
)

MAX_AGE = 150


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # only problems when not intended

    @property
    def all(self) -> list[str]:
        return self.errors + self.gaps


def _int(value, minimum: int, maximum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if minimum <= value <= maximum else None


def check(content: dict) -> Problems:
    """Every problem of the table; gaps are listed apart (see `validate`)."""
    found = Problems()
    errors = found.errors
    if not isinstance(content, dict):
        return Problems([_("The subsidy rules are not a table")])
    if content.get("age_reference", "month_end") not in AGE_REFERENCES:
        errors.append(_("Unknown age reference {value}").format(value=content.get("age_reference")))
    age_from = content.get("age_from", "birthday_month")
    if age_from not in AGE_FROMS:
        errors.append(_("Unknown age rule {value}").format(value=age_from))
    elif age_from == "month_after" and content.get("age_reference") == "year_end":
        errors.append(
            _("Ages counted on 31 December cannot start from the month after the birthday")
        )
    if _int(content.get("reference_day", 1), 1, 31) is None:
        errors.append(_("The reference day must be a day of the month, 1 to 31"))
    for key in ("stop_on_death", "stop_on_move"):
        if content.get(key, "month_after") not in STOP_RULES:
            errors.append(_("Unknown stop rule {value}").format(value=content.get(key)))
    if _int(content.get("lost_contact_months", 3), 1, 36) is None:
        errors.append(_("The months out of contact before a stop must be 1 to 36"))
    items = content.get("items", [])
    if not isinstance(items, list):
        errors.append(_("The subsidy items are not a list"))
        return found
    keys = [item.get("key") for item in items if isinstance(item, dict)]
    for key in {k for k in keys if keys.count(k) > 1}:
        errors.append(_("Two subsidy items have the key {key}").format(key=key))
    for item in items:
        _check_item(item, found)
    return found


def validate(content: dict) -> list[str]:
    """For rules.save_version: errors, and gaps in items whose gaps are not marked intended."""
    return check(content).all


def _check_item(item: dict, found: Problems) -> None:
    errors = found.errors
    if not isinstance(item, dict) or not str(item.get("key", "")).strip():
        errors.append(_("A subsidy item needs a key"))
        return
    name = str(item.get("name") or item["key"])
    if item.get("type") not in RULE_TYPES:
        errors.append(
            _("{item}: unknown subsidy type {value}").format(item=name, value=item.get("type"))
        )
    frequency = item.get("frequency", "monthly")
    if frequency not in FREQUENCIES:
        errors.append(_("{item}: unknown frequency {value}").format(item=name, value=frequency))
    pay_months = item.get("pay_months") or []
    if not isinstance(pay_months, list) or any(_int(m, 1, 12) is None for m in pay_months):
        errors.append(_("{item}: payment months must be 1 to 12").format(item=name))
    elif frequency == "half_yearly" and pay_months and len(set(pay_months)) != 2:
        errors.append(_("{item}: a half-yearly item is paid in two months").format(item=name))
    elif frequency == "yearly" and pay_months and len(set(pay_months)) != 1:
        errors.append(_("{item}: a yearly item is paid in one month").format(item=name))
    for code in item.get("excludes", []):
        if code not in categories.CODES:
            errors.append(_("{item}: unknown category {code}").format(item=name, code=code))
    brackets = item.get("brackets", [])
    if not isinstance(brackets, list) or not brackets:
        errors.append(_("{item}: at least one bracket is needed").format(item=name))
        return
    ranges = []
    for number, bracket in enumerate(brackets, start=1):
        checked = _check_bracket(name, number, bracket, errors)
        if checked:
            ranges.append(checked)
    if len(ranges) == len(brackets):
        _overlaps_and_gaps(name, ranges, bool(item.get("allow_gaps")), found)


def _check_bracket(name: str, number: int, bracket, errors: list[str]):
    where = _("{item}, bracket {number}").format(item=name, number=number)
    if not isinstance(bracket, dict):
        errors.append(_("{where}: not a bracket").format(where=where))
        return None
    low = _int(bracket.get("min_age"), 0, MAX_AGE)
    high = bracket.get("max_age")
    high = None if high in (None, "") else _int(high, 0, MAX_AGE)
    codes = bracket.get("categories", [])
    amount = _int(bracket.get("amount_fen"), 1, 100_000_000)
    ok = True
    if low is None:
        errors.append(
            _("{where}: the lowest age must be 0 to {max}").format(where=where, max=MAX_AGE)
        )
        ok = False
    if bracket.get("max_age") not in (None, "") and high is None:
        errors.append(
            _("{where}: the highest age must be 0 to {max}").format(where=where, max=MAX_AGE)
        )
        ok = False
    if low is not None and high is not None and high < low:
        errors.append(_("{where}: the highest age is below the lowest").format(where=where))
        ok = False
    if not isinstance(codes, list) or any(c not in categories.CODES for c in codes):
        errors.append(_("{where}: unknown category").format(where=where))
        ok = False
    if amount is None:
        errors.append(_("{where}: the amount must be a positive number of fen").format(where=where))
        ok = False
    if not ok:
        return None
    return number, low, high, frozenset(codes)


def _overlaps_and_gaps(name: str, ranges: list, allow_gaps: bool, found: Problems) -> None:
    def label(low, high, codes) -> str:
        ages = f"{low}-{'' if high is None else high}"
        return bracket_label(f"{ages}|{','.join(sorted(codes))}" if codes else ages)

    for index, (number, low, high, codes) in enumerate(ranges):
        for earlier, e_low, e_high, e_codes in ranges[:index]:
            meet = (high is None or e_low <= high) and (e_high is None or low <= e_high)
            if meet and e_codes <= codes:
                found.errors.append(
                    _("{item}: bracket {number} ({this}) overlaps bracket {other} ({that})").format(
                        item=name,
                        number=number,
                        this=label(low, high, codes),
                        other=earlier,
                        that=label(e_low, e_high, e_codes),
                    )
                )
    if allow_gaps:
        return
    by_group: dict[frozenset, list] = {}
    for _number, low, high, codes in ranges:
        by_group.setdefault(codes, []).append((low, high))
    for codes, group in by_group.items():
        group.sort(key=lambda r: r[0])
        for (low, high), (next_low, next_high) in zip(group, group[1:], strict=False):
            if high is not None and next_low > high + 1:
                found.gaps.append(
                    _(
                        "{item}: nobody aged {first}–{last} gets anything between {this} and {that}"
                    ).format(
                        item=name,
                        first=high + 1,
                        last=next_low - 1,
                        this=label(low, high, codes),
                        that=label(next_low, next_high, codes),
                    )
                )
