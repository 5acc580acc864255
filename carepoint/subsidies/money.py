"""Amounts typed in 元 (100, 100.5, -30.00) to integer fen and back, never through float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from carepoint.errors import UserInputError
from carepoint.i18n import _


def parse_yuan(text: str) -> int:
    cleaned = str(text).strip().replace(",", "").replace("¥", "").replace("元", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise UserInputError(
            _("{value} is not an amount in yuan with at most two decimals").format(value=text)
        )
    return int(value * 100)


def yuan_text(fen: int) -> str:
    """Plain figures for an edit box: 3000 → '30', 150 → '1.50'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}" if not cents else f"{sign}{whole}.{cents:02d}"
