"""The time bank's rules (area "timebank"): coins per hour, daily and lifetime caps, service types.

Hours are kept as whole minutes (1.5 hours = 90), never as floats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from carepoint import rules
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_number

AREA = "timebank"


@dataclass(frozen=True)
class TimebankRules:
    effective_from: dt.date
    coins_per_hour: int
    daily_cap_minutes: int
    lifetime_cap_minutes: int
    service_types: tuple[str, ...]


def to_minutes(hours: object) -> int:
    """Hours as typed or stored (2, 1.5, "0.5") → whole minutes; anything else is refused."""
    try:
        minutes = Decimal(str(hours).strip()) * 60
    except (InvalidOperation, ValueError):
        raise UserInputError(_("{value} is not a number of hours").format(value=hours)) from None
    if minutes != minutes.to_integral_value() or minutes < 0:
        raise UserInputError(_("{value} is not a number of hours").format(value=hours))
    return int(minutes)


def hours_text(minutes: int) -> str:
    """Minutes shown as hours in the user's language: 90 → '1.5', 120 → '2'."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()
    return format_number(value if value != value.to_integral_value() else int(value))


def validate(content: dict) -> list[str]:
    problems = []
    rate = content.get("coins_per_hour")
    if not isinstance(rate, int) or isinstance(rate, bool) or rate <= 0:
        problems.append(_("Time coins per hour must be a whole number above zero"))
    for key, message in (
        ("daily_cap_hours", _("The daily cap must be a number of hours above zero")),
        ("lifetime_cap_hours", _("The lifetime cap must be a number of hours above zero")),
    ):
        try:
            if to_minutes(content.get(key)) <= 0:
                problems.append(message)
        except UserInputError:
            problems.append(message)
    types = content.get("service_types", [])
    if not types or not all(isinstance(t, str) and t.strip() for t in types):
        problems.append(_("List at least one kind of service"))
    elif len(set(types)) != len(types):
        problems.append(_("Each kind of service is listed once"))
    return problems


@uses_store
def timebank_rules_on(store: Store, day: dt.date) -> TimebankRules:
    version = rules.rules_on(store, AREA, day)
    problems = validate(version.content)
    if problems:
        raise UserInputError(
            _("The time bank rules from {date} are not usable: {problems}").format(
                date=version.effective_from.isoformat(), problems="; ".join(problems)
            )
        )
    content = version.content
    return TimebankRules(
        version.effective_from,
        content["coins_per_hour"],
        to_minutes(content["daily_cap_hours"]),
        to_minutes(content["lifetime_cap_hours"]),
        tuple(t.strip() for t in content["service_types"]),
    )
