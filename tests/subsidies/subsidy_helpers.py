"""Helpers of the subsidy tests: rule tables, months by name, a person's lines and changes."""

from __future__ import annotations

from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month


def old_age_rules(brackets, **settings) -> dict:
    """A one-item table: 高龄津贴 with these (min, max, yuan a month) brackets."""
    frequency = settings.pop("frequency", "monthly")
    item = {
        "key": "old_age",
        "type": "old_age",
        "name": "高龄津贴",
        "frequency": frequency,
        "excludes": settings.pop("excludes", []),
        "brackets": [
            {"min_age": low, "max_age": high, "amount_fen": yuan * 100}
            if high is not None
            else {"min_age": low, "amount_fen": yuan * 100}
            for low, high, yuan in brackets
        ],
    }
    if "pay_months" in settings:
        item["pay_months"] = settings.pop("pay_months")
    return {"items": [item], **settings}


GUICHI_LIKE = [(80, 89, 30), (90, 99, 60), (100, None, 300)]


def month(text: str) -> int:
    return months.parse(text)


def compute(store, text: str, **options):
    options.setdefault("meal_subsidies", None)
    return compute_month(store, month(text), **options)


def amounts(result, resident) -> list[tuple[str, str, int]]:
    """(bracket, period, fen) of one person's lines in a month's result."""
    return sorted(
        (line.bracket, f"{line.period_from}..{line.period_to}", line.amount_fen)
        for line in result.lines
        if line.resident_id == resident.id
    )


def changes_of(result, resident) -> list[tuple[str, str, str, str]]:
    return sorted(
        (c.change, c.bracket, c.cause, c.cause_date)
        for c in result.changes
        if c.resident_id == resident.id
    )
