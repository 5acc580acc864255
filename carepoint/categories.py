"""Resident categories: the codes of the command-line contract and their labels."""

from __future__ import annotations

import re
import unicodedata

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
# Matching strips 人员/老人/户/对象/家庭 and 农村/城乡 and ignores the order of the characters,
# so 分散供养特困人员, 特困分散供养 and 农村五保户 need no entry of their own.
CHINESE_LABELS = {
    "living_alone": ("独居", "独居老人", "孤寡独居"),
    "empty_nest": ("空巢", "空巢老人", "纯老家庭"),
    "left_behind": ("留守", "留守老人"),
    "disabled_care": ("失能", "失能老人", "完全失能", "重度失能"),
    "semi_disabled_care": ("半失能", "部分失能", "轻度失能", "中度失能"),
    "dementia": ("失智", "失智老人", "痴呆", "老年痴呆", "老年痴呆症", "认知障碍", "阿尔茨海默病"),
    "special_hardship_dispersed": (
        "分散特困", "分散供养", "分散供养特困", "五保", "分散五保", "特困", "特困供养",
    ),
    "special_hardship_centralized": (
        "集中特困", "集中供养", "集中供养特困", "集中五保", "敬老院供养",
    ),
    "low_income": ("低保", "低保户", "城乡低保", "最低生活保障"),
    "severe_disability": (
        "重残", "重度残疾", "一级残疾", "二级残疾", "残疾一级", "残疾二级", "一二级残疾",
    ),
    "entitled_group": ("优抚", "重点优抚", "优抚对象", "重点优抚对象"),
    "family_planning_special": (
        "计生特殊家庭", "失独", "计划生育特殊家庭", "计生特扶", "计划生育特扶", "计生特别扶助",
        "独生子女伤残", "独生子女死亡",
    ),
    "oldest_old": ("高龄", "高龄老人", "80岁以上", "八十岁以上"),
}
_SUFFIXES = ("人员", "老人", "对象", "家庭", "户", "人", "者")
_PREFIXES = ("农村", "城乡", "城镇", "城市")
_BRACKETED = re.compile(r"[(（\[【]([^)）\]】]*)[)）\]】]")


def _stripped(word: str) -> str:
    text = "".join(unicodedata.normalize("NFKC", word).split()).lower()
    for _round in range(3):
        before = text
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix):]
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        if text == before:
            break
    return text


def word_key(word: str) -> str:
    """What identifies a category word: stripped of 人员/老人/户 …, its characters in order."""
    return "".join(sorted(_stripped(word)))


_BY_KEY = {word_key(word): code for code, words in CHINESE_LABELS.items() for word in words}
_BY_KEY.update({word_key(code): code for code in CODES})


def label(code: str) -> str:
    return _(LABELS[code]) if code in LABELS else code


def known_words() -> str:
    """The category names a roster may use, for messages: 独居、空巢、…"""
    return "、".join(words[0] for words in CHINESE_LABELS.values())


def code_for(word: str, learned: dict[str, str] | None = None) -> str | None:
    """The code a roster's category word means (中文 label, English label or code), or None.

    `learned` holds the village's own words (word_key → code, or "" for a word that names no
    category); an empty string is returned for those."""
    text = word.strip()
    if not text:
        return ""
    key = word_key(text)
    if learned and key in learned:
        return learned[key]
    if key in _BY_KEY:
        return _BY_KEY[key]
    lowered = text.lower()
    for code, english in LABELS.items():
        if lowered in (english, _(english).lower()):
            return code
    outer = _BRACKETED.sub("", text)  # 独居老人（空巢）: the bracket qualifies the word before it
    if outer != text and outer.strip():
        return code_for(outer, learned)
    return None
