"""Search and sort keys for Chinese names: full pinyin and initials, written with the name.

Converted per character with a cache (village names use a few hundred characters), and with the
surname readings pypinyin gets wrong for the first character (单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú …).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "覃": "qin",
    "翟": "zhai",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "尉": "yu",
    "召": "shao",
    "长": "chang",
    "种": "chong",
    "繁": "po",
    "员": "yun",
    "秘": "bi",
    "万俟": "moqi",
    "尉迟": "yuchi",
    "黑": "he",
    "沈": "shen",
    "重": "chong",
    "折": "she",
    "句": "gou",
    "那": "na",
    "阚": "kan",
    "眭": "sui",
    "隗": "wei",
    "藏": "zang",
    "宓": "mi",
    "冼": "xian",
}


@lru_cache(maxsize=20000)
def char_pinyin(char: str) -> str:
    if not ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"):
        return unicodedata.normalize("NFKC", char).lower()
    from pypinyin import Style, pinyin

    reading = pinyin(char, style=Style.NORMAL, heteronym=False, errors="ignore")
    return reading[0][0].replace("ü", "v") if reading and reading[0] else ""


def syllables(name: str) -> list[str]:
    """One pinyin syllable per character of `name` (non-Chinese characters pass through)."""
    name = "".join(name.split())
    if not name:
        return []
    for surname, reading in SURNAME_READINGS.items():
        if len(surname) == 2 and name.startswith(surname):
            return [reading[:2], reading[2:], *[char_pinyin(c) for c in name[2:]]]
    first = SURNAME_READINGS.get(name[0]) or char_pinyin(name[0])
    return [first, *[char_pinyin(c) for c in name[1:]]]


def name_keys(name: str) -> tuple[str, str]:
    """(spaced pinyin for sorting, initials for search), e.g. 张三 → ('zhang san', 'zs')."""
    parts = [p for p in syllables(name) if p.strip()]
    return " ".join(parts), "".join(p[0] for p in parts)


def search_text(name: str, pinyin_spaced: str, id_number: str) -> str:
    """One lowercase text to match a typed fragment against (name, pinyin, ID number)."""
    return f"{name}|{pinyin_spaced.replace(' ', '')}|{id_number.lower()}"


def normalise_query(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
