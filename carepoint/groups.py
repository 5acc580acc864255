"""Villager groups (村民小组) as cadres write them: 3组, 三组, 第三组, 三队 and "三组 " are one
group, written 三组, and groups sort by their number (一组 < 二组 < … < 十一组)."""

from __future__ import annotations

import functools
import re
import unicodedata

_DIGITS = "零一二三四五六七八九"
_NUMBERED = re.compile(r"^第?([0-9]+|[零〇一二两三四五六七八九十百]+)(?:村民)?(组|队|小组|生产队)$")
_NUMERAL = "[〇一二两三四五六七八九十百]"
_INSIDE = re.compile(
    rf"(?:^|[^0-9零〇一二两三四五六七八九十百])第?([0-9]+|{_NUMERAL}+)(?:村民)?(?:小组|组|队)"
)


def chinese_number(text: str) -> int | None:
    """12 from "12" or "十二"; None when the text is not a number up to 999."""
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二").replace("〇", "零")
    value, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS.index(char)
        elif char == "十":
            value += (current or 1) * 10
            current = 0
        elif char == "百":
            value += (current or 1) * 100
            current = 0
        else:
            return None
    return value + current


def number_words(number: int) -> str:
    """十一 for 11, 二十 for 20, 一百零五 for 105 (as groups are written)."""
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else number_words(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return _DIGITS[hundreds] + "百" + tail


def _squeezed(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def normalise_group(text: object) -> str:
    """The one spelling of a group: "3组", "第三组", "三队", " 三组 " → "三组"; others trimmed."""
    squeezed = _squeezed(text)
    if squeezed.isdigit() and 0 < int(squeezed) < 1000:  # a 组别 column holding just "3"
        return number_words(int(squeezed)) + "组"
    match = _NUMBERED.match(squeezed)
    if match:
        number = chinese_number(match.group(1))
        if number:
            return number_words(number) + "组"
    return squeezed


def group_in_title(text: object) -> str | None:
    """The group a sheet name or title row names ("一组老年人花名册", "3组"), or None."""
    squeezed = _squeezed(text)
    whole = normalise_group(squeezed)
    if _NUMBERED.match(squeezed):
        return whole
    match = _INSIDE.search(squeezed)
    if match:
        number = chinese_number(match.group(1))
        if number:
            return number_words(number) + "组"
    return None


def group_sort_key(name: str) -> tuple:
    """Numbered groups first in numeric order, then the others by their text."""
    match = _NUMBERED.match(_squeezed(name))
    number = chinese_number(match.group(1)) if match else None
    return (0, number, name) if number else (1, 0, name)


@functools.lru_cache(maxsize=4096)
def group_order_text(name: str | None) -> str:
    """The group's place in that order as text, for SQL's ORDER BY (`group_order(...)`, a
    function every connection has): 一组 < 二组 < … < 十一组 < other names."""
    kind, number, text = group_sort_key(name or "")
    return f"{kind}{number or 0:06d}{text}"


def sorted_groups(names) -> list[str]:
    return sorted(names, key=group_sort_key)
