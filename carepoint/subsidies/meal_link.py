"""The month's 助餐补贴 from meal service: per person, the subsidies frozen on the meal records.

The only place subsidies touch the meals package (its month statistics, carepoint.meals.report),
imported when first needed so that importing subsidies never loads meal service.
"""

from __future__ import annotations

from carepoint.binding import uses_store
from carepoint.db import Store


@uses_store
def meal_subsidies(store: Store, month: str) -> dict[int, int]:
    """resident id → the month's meal subsidy in fen, from served meals only."""
    from carepoint.meals.report import month_report, parse_month

    report = month_report(store, parse_month(month))
    return {line.resident_id: line.subsidy_fen for line in report.lines if line.subsidy_fen}
