"""The items of GB/T 42195-2022 (老年人能力评估规范), their maximum scores and the level bands.

Four dimensions, 26 items, 90 points in all: self-care 8 items × 4 = 32; basic mobility
4 + 4 + 4 + 3 = 15; mental state 6 × 4 + 1 + 1 + 2 = 28; perception and social participation
2 + 2 + 4 + 3 + 4 = 15. The labels are the standard's item names (msgids in English).
"""

from __future__ import annotations

from dataclasses import dataclass

from carepoint.i18n import N_, _
from carepoint.visits.labels import LEVELS


@dataclass(frozen=True)
class Item:
    code: str
    dimension: str
    label: str  # msgid
    max_score: int

    @property
    def title(self) -> str:
        return _(self.label)


DIMENSIONS = ("self_care", "mobility", "mental", "perception")
DIMENSION_LABELS = {
    "self_care": N_("Self-care"),
    "mobility": N_("Basic mobility"),
    "mental": N_("Mental state"),
    "perception": N_("Perception and social participation"),
}

ITEMS = (
    Item("eating", "self_care", N_("Eating"), 4),
    Item("grooming", "self_care", N_("Grooming"), 4),
    Item("bathing", "self_care", N_("Bathing"), 4),
    Item("upper_dressing", "self_care", N_("Putting on and taking off tops"), 4),
    Item("lower_dressing", "self_care", N_("Putting on and taking off trousers, shoes, socks"), 4),
    Item("bladder", "self_care", N_("Bladder control"), 4),
    Item("bowel", "self_care", N_("Bowel control"), 4),
    Item("toileting", "self_care", N_("Using the toilet"), 4),
    Item("bed_mobility", "mobility", N_("Moving in bed"), 4),
    Item("transfer", "mobility", N_("Bed–chair transfer"), 4),
    Item("walking", "mobility", N_("Walking on level ground"), 4),
    Item("stairs", "mobility", N_("Going up and down stairs"), 3),
    Item("time_orientation", "mental", N_("Orientation in time"), 4),
    Item("place_orientation", "mental", N_("Orientation in space"), 4),
    Item("person_orientation", "mental", N_("Orientation to people"), 4),
    Item("memory", "mental", N_("Memory"), 4),
    Item("understanding", "mental", N_("Understanding"), 4),
    Item("expression", "mental", N_("Expression"), 4),
    Item("aggression", "mental", N_("Aggressive behaviour"), 1),
    Item("depression", "mental", N_("Depressive symptoms"), 1),
    Item("consciousness", "mental", N_("Level of consciousness"), 2),
    Item("vision", "perception", N_("Vision"), 2),
    Item("hearing", "perception", N_("Hearing"), 2),
    Item("daily_affairs", "perception", N_("Handling daily affairs"), 4),
    Item("transport", "perception", N_("Going out by transport"), 3),
    Item("social", "perception", N_("Social contact"), 4),
)
ITEM_CODES = tuple(item.code for item in ITEMS)
MAX_TOTAL = sum(item.max_score for item in ITEMS)  # 90

# (lowest total, level): 90 intact; 66–89 mild; 46–65 moderate; 30–45 severe; 0–29 lost.
BANDS = ((90, "intact"), (66, "mild"), (46, "moderate"), (30, "severe"), (0, "complete"))
RISK_EVENTS_FOR_RAISE = 2  # care-risk events (fall, choking, wandering …) in the last 30 days
RISK_WINDOW_DAYS = 30
# Annex A's care-risk events, and who may give the information.
RISK_KINDS = ("fall", "wandering", "choking", "self_harm", "other")
RISK_KIND_LABELS = {
    "fall": N_("fall"),
    "wandering": N_("wandering off"),
    "choking": N_("choking"),
    "self_harm": N_("suicide or self-harm"),
    "other": N_("other care-risk event"),
}
INFORMANT_RELATIONS = ("self", "family", "carer", "other")
INFORMANT_LABELS = {
    "self": N_("the person"),
    "family": N_("family member"),
    "carer": N_("carer"),
    "other": N_("other"),
}


def dimension_items(dimension: str) -> tuple[Item, ...]:
    return tuple(item for item in ITEMS if item.dimension == dimension)


def level_for_total(total: int) -> str:
    for lowest, level in BANDS:
        if total >= lowest:
            return level
    raise ValueError(total)


def final_level(
    base: str, dementia: bool, risk_events: int, *, coma: bool = False, psychiatric: bool = False
) -> str:
    """A person in a coma has lost all ability, whatever the scores. Otherwise one level worse
    for diagnosed dementia, another diagnosed psychiatric disorder, or at least two care-risk
    events in 30 days (one level at most, however many of these apply)."""
    if coma:
        return LEVELS[-1]
    if dementia or psychiatric or risk_events >= RISK_EVENTS_FOR_RAISE:
        return LEVELS[min(LEVELS.index(base) + 1, len(LEVELS) - 1)]
    return base


def raise_reasons(
    dementia: bool, risk_events: int, *, coma: bool = False, psychiatric: str = ""
) -> list[str]:
    reasons = []
    if coma:
        reasons.append(_("in a coma: ability lost whatever the scores"))
    if dementia:
        reasons.append(_("diagnosed dementia"))
    if psychiatric:
        reasons.append(_("diagnosed psychiatric disorder: {name}").format(name=psychiatric))
    if risk_events >= RISK_EVENTS_FOR_RAISE:
        reasons.append(_("{count} care-risk events in 30 days").format(count=risk_events))
    return reasons
