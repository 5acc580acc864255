"""Resident categories: the codes of the command-line contract and their labels."""

from __future__ import annotations

from carepoint.i18n import N_, _

LABELS = {
    "living_alone": N_("living alone"),
    "empty_nest": N_("empty nest"),
    "left_behind": N_("left behind"),
    "disabled_care": N_("disabled"),
    "semi_disabled_care": N_("semi-disabled"),
    "dementia": N_("dementia"),
    "special_hardship_dispersed": N_("special hardship (dispersed)"),
    "special_hardship_centralized": N_("special hardship (centralised)"),
    "low_income": N_("minimum living allowance"),
    "severe_disability": N_("severe disability"),
    "entitled_group": N_("entitled group"),
    "family_planning_special": N_("family planning special family"),
    "oldest_old": N_("aged 80 and over"),
}
DERIVED = frozenset({"oldest_old"})
OLDEST_OLD_AGE = 80
CODES = tuple(LABELS)
STORED_CODES = tuple(code for code in CODES if code not in DERIVED)

# Words found in the 人员类别 column of real rosters; the first Chinese label is the one shown.
CHINESE_LABELS = {
    "living_alone": ("独居", "独居老人"),
    "empty_nest": ("空巢", "空巢老人"),
    "left_behind": ("留守", "留守老人"),
    "disabled_care": ("失能", "失能老人", "完全失能"),
    "semi_disabled_care": ("半失能", "部分失能"),
    "dementia": ("失智", "失智老人", "痴呆"),
    "special_hardship_dispersed": ("分散特困", "分散供养", "分散供养特困", "五保", "分散五保"),
    "special_hardship_centralized": ("集中特困", "集中供养", "集中供养特困", "集中五保"),
    "low_income": ("低保", "低保户", "城乡低保"),
    "severe_disability": ("重残", "重度残疾", "一级残疾", "二级残疾"),
    "entitled_group": ("优抚", "重点优抚", "优抚对象", "重点优抚对象"),
    "family_planning_special": ("计生特殊家庭", "失独", "计划生育特殊家庭"),
    "oldest_old": ("高龄", "高龄老人", "80岁以上"),
}
_BY_WORD = {word: code for code, words in CHINESE_LABELS.items() for word in words}
_BY_WORD.update({code: code for code in CODES})


def label(code: str) -> str:
    return _(LABELS[code]) if code in LABELS else code


def code_for(word: str) -> str | None:
    """The code a roster's category word means (中文 label, English label or code), or None."""
    word = word.strip()
    if word in _BY_WORD:
        return _BY_WORD[word]
    lowered = word.lower()
    for code, english in LABELS.items():
        if lowered in (english, _(english).lower()):
            return code
    return None
