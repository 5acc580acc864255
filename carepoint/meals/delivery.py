"""The delivery list for the driver: every delivered meal of a day that has not been called off,
by villager group, with address, phone and diet notes (printed later by the forms)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.meals.labels import MEALS, meal_label
from carepoint.meals.pricing import RuleBook
from carepoint.meals.sheet import sheet


@dataclass(frozen=True)
class DeliveryStop:
    meal: str
    name: str
    group_name: str
    address: str
    phone: str
    diet_note: str
    set_name: str
    served: bool  # already signed in (handed over) or still to deliver


@uses_store
def delivery_list(store: Store, day: dt.date, meal: str | None = None) -> list[DeliveryStop]:
    meal_rules = RuleBook(store).on(day)
    stops = []
    for each in [meal] if meal else list(MEALS):
        for row in sheet(store, day, each):
            if row.mode == "delivery" and row.status != "cancelled":
                stops.append(
                    DeliveryStop(
                        each,
                        row.name,
                        row.group_name,
                        row.address,
                        row.phone,
                        row.diet_note,
                        meal_rules.meal_set(row.set_key).name,
                        row.status == "served",
                    )
                )
    # Stable: pinyin order within each meal and group, as the sheet gives it.
    stops.sort(key=lambda s: (MEALS.index(s.meal), s.group_name))
    return stops


def delivery_text(day: dt.date, stops: list[DeliveryStop]) -> str:
    """A plain list the driver can take along until the printed form exists."""
    lines = [_("Delivery list for {date}").format(date=format_date(day, "long"))]
    for meal in MEALS:
        mine = [s for s in stops if s.meal == meal]
        if not mine:
            continue
        lines.append("")
        lines.append(_("{meal}: {count} to deliver").format(meal=meal_label(meal), count=len(mine)))
        for number, stop in enumerate(mine, start=1):
            parts = [
                f"{number}.",
                stop.name,
                stop.group_name,
                stop.address,
                stop.phone,
                stop.set_name,
            ]
            if stop.diet_note:
                parts.append(_("diet: {note}").format(note=stop.diet_note))
            lines.append("  ".join(p for p in parts if p))
    if not stops:
        lines.append(_("No meals to deliver."))
    return "\n".join(lines)
