"""Resident ID numbers (GB 11643-1999): normalise, validate, 15 → 18 digits, birth and gender."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carepoint import clock
from carepoint.i18n import _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
MAX_AGE = 125
# First two digits of the address code: the provinces, autonomous regions and municipalities.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
    " 71 81 82 83 91".split()
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")
_SEPARATORS = re.compile(r"[\s\u3000\-_]+")


class InvalidIdNumber(ValueError):
    """The reason is in the user's language."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    gender: str  # "male" or "female"
    converted_from_15: bool = False


def check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _from_number(value: int | float) -> str:
    # Excel keeps 15 significant digits: a longer ID that arrives as a float has lost its end.
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidIdNumber(
                _("An ID number cannot have decimals: {value}").format(value=value)
            )
        if value >= 1e15:
            raise InvalidIdNumber(
                _(
                    "The ID number {value} was stored as a number by the spreadsheet and its last "
                    "digits were lost; format the column as text and type it again"
                ).format(value=f"{value:.0f}")
            )
    return str(int(value))


def _from_text(text: str) -> str:
    text = _SEPARATORS.sub("", text.translate(_FULL_WIDTH)).upper()
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", text):
        try:
            return _from_number(float(Decimal(text)))
        except InvalidOperation:
            raise InvalidIdNumber(
                _("The ID number {value} was turned into a number by the spreadsheet").format(
                    value=text
                )
            ) from None
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def normalise(value: object) -> str:
    """The 18-character text of an ID number as a person or a spreadsheet wrote it, or raise."""
    if value is None:
        raise InvalidIdNumber(_("The ID number is missing"))
    if isinstance(value, bool):
        raise InvalidIdNumber(_("The ID number is missing"))
    if isinstance(value, int | float):
        text = _from_number(value)
    else:
        text = _from_text(str(value))
    if not text:
        raise InvalidIdNumber(_("The ID number is missing"))
    return text


def eighteen(number: str) -> str:
    """An old 15-digit number (19yy, no check character) as its 18-character form; any other
    text as it is, upper-cased."""
    if len(number) == 15 and number.isdigit():
        first17 = number[:6] + "19" + number[6:]
        return first17 + check_char(first17)
    return number.upper()


def parse(value: object, today: dt.date | None = None) -> IdNumber:
    """Normalise and validate an ID number; 15-digit numbers are converted to 18 digits."""
    text = normalise(value)
    converted = False
    if len(text) == 15:
        if not text.isdigit():
            raise InvalidIdNumber(
                _("A 15-digit ID number may contain only digits: {value}").format(value=text)
            )
        text = eighteen(text)
        converted = True
    if len(text) != 18:
        raise InvalidIdNumber(
            _("An ID number has 18 characters; {value} has {count}").format(
                value=text, count=len(text)
            )
        )
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise InvalidIdNumber(
            _("An ID number is 17 digits and a digit or X at the end: {value}").format(value=text)
        )
    if text[:2] not in PROVINCE_CODES or text[2:6] == "0000":
        raise InvalidIdNumber(
            _("The ID number {value} does not start with a valid address code").format(value=text)
        )
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidIdNumber(
            _("The ID number {value} contains an impossible birth date {date}").format(
                value=text, date=text[6:14]
            )
        ) from None
    today = today or clock.today()
    if birth > today:
        raise InvalidIdNumber(
            _("The ID number {value} has a birth date in the future").format(value=text)
        )
    if age_on(birth, today) > MAX_AGE:
        raise InvalidIdNumber(
            _("The ID number {value} gives an age over {max} years").format(value=text, max=MAX_AGE)
        )
    expected = check_char(text[:17])
    if text[17] != expected:
        raise InvalidIdNumber(
            _("The check character of {value} is wrong; it should end in {expected}").format(
                value=text, expected=expected
            )
        )
    gender = "male" if int(text[16]) % 2 else "female"
    return IdNumber(text, birth, gender, converted)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on `day` (a person born on 29 February ages on 1 March in other years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def mask(number: str) -> str:
    """The public-notice form: first 4 and last 4 characters, e.g. 1101**********002X."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
