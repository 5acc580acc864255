"""The codes stored for visits and assessments, and the words users see for them."""

from __future__ import annotations

from carepoint.i18n import N_, _

TIERS = ("high_risk", "key", "general")
TIER_LABELS = {
    "high_risk": N_("high risk"),
    "key": N_("key"),
    "general": N_("general"),
    "none": N_("not in a visit tier"),
}
# An override may also take a person out of the visit programme ("none").
OVERRIDE_TIERS = (*TIERS, "none")

METHODS = ("home", "phone", "video", "neighbour", "volunteer")
METHOD_LABELS = {
    "home": N_("home visit"),
    "phone": N_("phone call"),
    "video": N_("video call"),
    "neighbour": N_("by a neighbour"),
    "volunteer": N_("by a volunteer"),
}

# The five findings areas of a visit record, each with a status and a note.
AREAS = ("health", "mental", "safety", "hygiene", "living")
AREA_LABELS = {
    "health": N_("Health"),
    "mental": N_("State of mind"),
    "safety": N_("Safety (gas, water, power, heating)"),
    "hygiene": N_("Hygiene"),
    "living": N_("Living conditions"),
}
AREA_SHORT_LABELS = {
    "health": N_("health"),
    "mental": N_("mind"),
    "safety": N_("safety"),
    "hygiene": N_("hygiene"),
    "living": N_("home"),
}
FINDING_STATUSES = ("", "good", "fair", "poor")
FINDING_LABELS = {
    "": N_("not checked"),
    "good": N_("good"),
    "fair": N_("fair"),
    "poor": N_("needs attention"),
}

CARER_DUTY = ("", "yes", "partly", "no")
CARER_DUTY_LABELS = {
    "": N_("not asked"),
    "yes": N_("yes"),
    "partly": N_("partly"),
    "no": N_("no"),
}

NEEDS = ("daily_care", "rehabilitation", "emotional", "home_adaptation", "meals", "medical")
NEED_LABELS = {
    "daily_care": N_("daily care"),
    "rehabilitation": N_("rehabilitation and nursing"),
    "emotional": N_("emotional support"),
    "home_adaptation": N_("home adaptation for old age"),
    "meals": N_("meal service"),
    "medical": N_("medical care"),
}

TASK_KINDS = ("follow_up", "extra")
TASK_LABELS = {"follow_up": N_("follow-up"), "extra": N_("extra visit")}
DUE_KIND_LABELS = {"regular": N_("regular visit"), **TASK_LABELS}

# Ability levels of GB/T 42195-2022, best first.
LEVELS = ("intact", "mild", "moderate", "severe", "complete")
LEVEL_LABELS = {
    "intact": N_("ability intact"),
    "mild": N_("mildly impaired"),
    "moderate": N_("moderately impaired"),
    "severe": N_("severely impaired"),
    "complete": N_("ability lost"),
}


def tier_label(code: str) -> str:
    return _(TIER_LABELS[code]) if code in TIER_LABELS else code


def method_label(code: str) -> str:
    return _(METHOD_LABELS[code]) if code in METHOD_LABELS else code


def level_label(code: str) -> str:
    return _(LEVEL_LABELS[code]) if code in LEVEL_LABELS else code


def need_label(code: str) -> str:
    return _(NEED_LABELS[code]) if code in NEED_LABELS else code


def finding_label(code: str) -> str:
    return _(FINDING_LABELS.get(code, code))
