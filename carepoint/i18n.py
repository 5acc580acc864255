"""Translations and locale-aware formatting.

Message ids are English; zh_CN is the default language. Catalogs live in resources/i18n as .po
files; the build compiles them to .mo, and a source checkout falls back to reading the .po.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from functools import cache
from importlib import resources

DEFAULT_LOCALE = "zh_CN"
SUPPORTED_LOCALES = ("zh_CN", "en")
DOMAIN = "carepoint"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale = "en"


def normalise_locale(name: str | None) -> str:
    """Map what a user typed ('zh', 'zh-CN', 'EN_us') to a supported locale, or raise ValueError."""
    if not name:
        return DEFAULT_LOCALE
    key = name.replace("-", "_").split(".")[0].lower()
    for locale in SUPPORTED_LOCALES:
        if key == locale.lower() or key.split("_")[0] == locale.split("_")[0].lower():
            return locale
    raise ValueError(name)


@cache
def load_translations(locale: str) -> gettext.NullTranslations:
    folder = resources.files("carepoint.resources") / "i18n" / locale / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if mo.is_file():
        return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    po = folder / f"{DOMAIN}.po"
    if po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        catalog = read_po(io.BytesIO(po.read_bytes()), locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def set_language(locale: str | None) -> str:
    global _translations, _locale
    _locale = normalise_locale(locale)
    _translations = load_translations(_locale)
    return _locale


def current_locale() -> str:
    return _locale


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later, where it is shown."""
    return message


@cache
def babel_locale(locale: str):
    """Parsing a locale costs ~0.5 ms; list views format thousands of dates."""
    from babel import Locale

    return Locale.parse(locale)


def format_date(value: dt.date | None, form: str = "medium") -> str:
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=form, locale=babel_locale(_locale))


def format_number(value: int | float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(_locale))


def format_fen(fen: int) -> str:
    """Money held in integer fen, shown as ¥1,409.50 in the current locale; remembered per amount
    and language (a 15,000-line roster repeats a few dozen amounts)."""
    return _format_fen(fen, _locale)


@functools.lru_cache(maxsize=8192)
def _format_fen(fen: int, locale: str) -> str:
    from decimal import Decimal

    from babel.numbers import format_currency

    return format_currency(Decimal(fen) / 100, "CNY", locale=babel_locale(locale))


set_language(DEFAULT_LOCALE)


_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UPPER_UNITS = ("", "拾", "佰", "仟")
_UPPER_GROUPS = ("", "万", "亿", "万亿")


def _upper_group(value: int, leading: bool) -> str:
    """One group of four digits; a group after the first says 零 for its leading zeros."""
    text, zero = "", False
    for power in (3, 2, 1, 0):
        digit = value // 10**power % 10
        if digit == 0:
            zero = zero or bool(text) or not leading
        else:
            if zero:
                text += "零"
            zero = False
            text += _UPPER_DIGITS[digit] + _UPPER_UNITS[power]
    return text


def rmb_upper(fen: int) -> str:
    """人民币大写 of an amount in fen: 140950 → 壹仟肆佰零玖元伍角 (rules in domain.md)."""
    if fen < 0:
        raise ValueError("amounts on paper are written without a sign")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    groups = []
    rest = yuan
    while rest:
        rest, group = divmod(rest, 10000)
        groups.append(group)
    if len(groups) > len(_UPPER_GROUPS):
        raise ValueError("amount too large")
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        part = _upper_group(group, leading=not text)
        if gap and not part.startswith("零"):
            part = "零" + part
        text += part + _UPPER_GROUPS[index]
        gap = False
    if text:
        text += "元"
    if jiao == 0 and fen_digit == 0:
        return (text or "零元") + "整"
    if jiao:
        if yuan and yuan % 10 == 0:
            text += "零"
        text += _UPPER_DIGITS[jiao] + "角"
    if fen_digit:
        if yuan and not jiao:
            text += "零"
        text += _UPPER_DIGITS[fen_digit] + "分"
    return text


def format_month(day: dt.date) -> str:
    """2026年11月 / November 2026."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", day, locale=babel_locale(_locale))
