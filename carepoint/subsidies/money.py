"""Amounts typed in 元 (100, 100.5, -30.00) to integer fen and back, never through float."""

from __future__ import annotations

from carepoint import values


def parse_yuan(text: str) -> int:
    """Rule amounts may be negative (a recovery); the one parser is values.parse_yuan."""
    return values.parse_yuan(text, negative=True)


yuan_text = values.yuan_text
