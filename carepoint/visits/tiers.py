"""Visit tiers from the rule table: who is high risk, key or general, how often, and why.

The rules (area "visits", resources/rules/<preset>/visits.toml or a local version) list the tiers
from the most to the least urgent. Each tier has a frequency and criteria; a criterion matches
when every condition it names holds on the day:

    min_age = 80                              the person is at least 80
    any_of = ["living_alone", "empty_nest"]   the person is in at least one of these categories
    levels = ["severe", "complete"]           the latest assessment gave one of these levels

The first tier with a matching criterion is the person's tier; a person who matches none is not
in the visit programme. A manual override (tiers_override.py) wins over the rules while it lasts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from carepoint import categories, idcard
from carepoint.i18n import _
from carepoint.visits.labels import LEVELS, TIERS, level_label, tier_label
from carepoint.visits.periods import Every, parse_every

AREA = "visits"


@dataclass(frozen=True)
class Criterion:
    min_age: int | None = None
    any_of: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def to_content(self) -> dict:
        found: dict = {}
        if self.min_age is not None:
            found["min_age"] = self.min_age
        if self.any_of:
            found["any_of"] = list(self.any_of)
        if self.levels:
            found["levels"] = list(self.levels)
        return found


@dataclass(frozen=True)
class TierRule:
    code: str
    every: Every
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class TierRules:
    tiers: tuple[TierRule, ...]

    def every(self, tier: str) -> Every | None:
        return next((t.every for t in self.tiers if t.code == tier), None)

    @cached_property
    def age_thresholds(self) -> tuple[int, ...]:
        ages = {c.min_age for t in self.tiers for c in t.criteria if c.min_age}
        return tuple(sorted({*ages, categories.OLDEST_OLD_AGE}))

    def to_content(self) -> dict:
        return {
            "tiers": [
                {
                    "code": t.code,
                    "every": t.every.code,
                    "criteria": [c.to_content() for c in t.criteria],
                }
                for t in self.tiers
            ]
        }


def problems(content: dict) -> list[str]:
    """What is wrong with a visits rule table (the validator for rules.save_version)."""
    found: list[str] = []
    tiers = content.get("tiers") if isinstance(content, dict) else None
    if not isinstance(tiers, list) or not tiers:
        return [_("The visit rules need at least one tier")]
    seen = set()
    for tier in tiers:
        code = tier.get("code") if isinstance(tier, dict) else None
        if code not in TIERS:
            found.append(_("Unknown visit tier {code}").format(code=code))
            continue
        if code in seen:
            found.append(_("The tier {tier} is listed twice").format(tier=tier_label(code)))
        seen.add(code)
        try:
            parse_every(tier.get("every", ""))
        except ValueError:
            found.append(
                _("The frequency of {tier} must be a number of days, weeks or months").format(
                    tier=tier_label(code)
                )
            )
        for criterion in tier.get("criteria") or []:
            found += _criterion_problems(code, criterion)
    return found


def _criterion_problems(tier: str, criterion: object) -> list[str]:
    if not isinstance(criterion, dict) or not criterion:
        return [_("A criterion of {tier} names no condition").format(tier=tier_label(tier))]
    found = []
    age = criterion.get("min_age")
    if age is not None and (not isinstance(age, int) or not 0 <= age <= 130):
        found.append(
            _("The age in a criterion of {tier} must be 0–130").format(tier=tier_label(tier))
        )
    for code in criterion.get("any_of") or []:
        if code not in categories.CODES:
            found.append(_("Unknown category {code}").format(code=code))
    for level in criterion.get("levels") or []:
        if level not in LEVELS:
            found.append(_("Unknown assessment level {level}").format(level=level))
    return found


def parse_rules(content: dict) -> TierRules:
    """The rule table as objects; the content has passed `problems` (it is stored that way)."""
    tiers = []
    for tier in content.get("tiers", []):
        criteria = tuple(
            Criterion(c.get("min_age"), tuple(c.get("any_of") or ()), tuple(c.get("levels") or ()))
            for c in tier.get("criteria") or []
        )
        tiers.append(TierRule(tier["code"], parse_every(tier["every"]), criteria))
    return TierRules(tuple(tiers))


@dataclass
class Facts:
    """What the tier of one resident depends on."""

    resident_id: int
    birth_date: dt.date
    status: str
    status_date: dt.date | None
    registered_on: dt.date
    memberships: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    assessments: list[tuple[dt.date, str]] = field(default_factory=list)  # oldest first
    overrides: list[tuple[str, str, dt.date, dt.date | None]] = field(default_factory=list)

    def active_on(self, day: dt.date) -> bool:
        if self.status == "active":
            return True
        # Someone who died or moved later than `day` was still here then.
        return self.status_date is not None and self.status_date > day


@dataclass(frozen=True)
class TierResult:
    tier: str  # "" when the person is not in the visit programme
    source: str = ""  # "rule" or "override"
    criterion: int | None = None
    every: Every | None = None
    since: dt.date | None = None
    # What matched, turned into words only when shown: ("age", 80), ("categories", codes),
    # ("level", level), ("override", reason).
    reasons: tuple[tuple[str, object], ...] = ()
    recheck_on: dt.date | None = None  # the next day the tier may change by itself

    def explanation(self) -> str:
        """'aged 80 and over and living alone → high risk, weekly' in the user's language."""
        if not self.tier:
            return _("not in a visit tier")
        words = [_reason_words(kind, value) for kind, value in self.reasons]
        reasons = _(" and ").join(words) if words else _("no reason recorded")
        return _("{reasons} → {tier}, {frequency}").format(
            reasons=reasons, tier=tier_label(self.tier), frequency=self.every.label
        )


def _reason_words(kind: str, value) -> str:
    if kind == "age":
        return _("aged {age} and over").format(age=value)
    if kind == "categories":
        return _(" or ").join(categories.label(code) for code in value)
    if kind == "level":
        return _("assessed as {level}").format(level=level_label(value))
    return _("set by hand: {reason}").format(reason=value)


def birthday(birth: dt.date, age: int) -> dt.date:
    """The day a person born on `birth` turns `age` (29 February ages on 1 March)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return dt.date(birth.year + age, 3, 1)


def _active(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or end >= day)


def evaluate(facts: Facts, rules: TierRules, day: dt.date, recheck: bool = True) -> TierResult:
    """The tier on `day`; with `recheck`, also the next day it may change by itself."""
    recheck = _recheck_on(facts, rules, day) if recheck else None
    if not facts.active_on(day):
        return TierResult("", recheck_on=recheck)
    for tier, reason, start, end in facts.overrides:
        if _active(start, end, day):
            every = rules.every(tier)
            if tier not in TIERS or every is None:
                return TierResult(
                    "", "override", reasons=(("override", reason),), recheck_on=recheck
                )
            return TierResult(
                tier, "override", None, every, start, (("override", reason),), recheck
            )
    age = idcard.age_on(facts.birth_date, day)
    current = {code: start for code, start, end in facts.memberships if _active(start, end, day)}
    latest = next(((on, lv) for on, lv in reversed(facts.assessments) if on <= day), None)
    index = 0
    for tier in rules.tiers:
        for criterion in tier.criteria:
            matched = _match(criterion, age, current, latest, facts)
            if matched is not None:
                since, reasons = matched
                return TierResult(tier.code, "rule", index, tier.every, since, reasons, recheck)
            index += 1
    return TierResult("", recheck_on=recheck)


def _match(criterion: Criterion, age: int, current: dict, latest, facts: Facts):
    """(since, reasons) when `criterion` holds, else None. The cheap tests come first: most
    residents match no criterion of most tiers."""
    if criterion.min_age is not None and age < criterion.min_age:
        return None
    held: tuple[str, ...] = ()
    if criterion.any_of:
        oldest = age >= categories.OLDEST_OLD_AGE
        held = tuple(c for c in criterion.any_of if c in current or (c == "oldest_old" and oldest))
        if not held:
            return None
    if criterion.levels and (latest is None or latest[1] not in criterion.levels):
        return None
    since, reasons = facts.registered_on, []
    if criterion.min_age is not None:
        since = max(since, birthday(facts.birth_date, criterion.min_age))
        reasons.append(("age", criterion.min_age))
    if held:
        eighty = birthday(facts.birth_date, categories.OLDEST_OLD_AGE)
        since = max(since, min(current.get(c, eighty) for c in held))
        reasons.append(("categories", held))
    if criterion.levels:
        since = max(since, latest[0])
        reasons.append(("level", latest[1]))
    return since, tuple(reasons)


def _recheck_on(facts: Facts, rules: TierRules, day: dt.date) -> dt.date | None:
    later = [d for _c, start, end in facts.memberships for d in _edges(start, end) if d > day]
    later += [d for _t, _r, start, end in facts.overrides for d in _edges(start, end) if d > day]
    age = idcard.age_on(facts.birth_date, day)
    later += [birthday(facts.birth_date, a) for a in rules.age_thresholds if a > age]
    return min(later, default=None)


def _edges(start: dt.date, end: dt.date | None) -> tuple[dt.date, ...]:
    return (start,) if end is None else (start, end + dt.timedelta(days=1))
