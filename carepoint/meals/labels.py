"""The words of meal service: meal types, modes, weekdays, and how a subsidy basis is shown."""

from __future__ import annotations

from carepoint import categories
from carepoint.i18n import N_, _

MEALS = ("lunch", "dinner")
MODES = ("dine_in", "pickup", "delivery")
MEAL_LABELS = {"lunch": N_("lunch"), "dinner": N_("dinner")}
MODE_LABELS = {"dine_in": N_("dine in"), "pickup": N_("pick up"), "delivery": N_("delivery")}
WEEKDAY_LABELS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
EVERY_DAY = "1234567"
WORKDAYS = "12345"


def meal_label(meal: str) -> str:
    return _(MEAL_LABELS[meal]) if meal in MEAL_LABELS else meal


def mode_label(mode: str) -> str:
    return _(MODE_LABELS[mode]) if mode in MODE_LABELS else mode


def weekdays_label(weekdays: str) -> str:
    """'1234567' → 'every day', '12345' → 'Mon–Fri', otherwise the days one by one."""
    if weekdays == EVERY_DAY:
        return _("every day")
    if weekdays == WORKDAYS:
        return _("Mon–Fri")
    days = [int(d) for d in weekdays]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        # a run of days reads (and fits a column) as its first and last: 周一至周六
        return _("{first} to {last}").format(
            first=_(WEEKDAY_LABELS[days[0] - 1]), last=_(WEEKDAY_LABELS[days[-1] - 1])
        )
    return " ".join(_(WEEKDAY_LABELS[d - 1]) for d in days)


def basis_label(basis: str) -> str:
    """What a frozen subsidy was based on: 'age:75-84', 'age:95-', a category code, or ''."""
    if not basis:
        return _("no subsidy")
    if basis.startswith("age:"):
        low, _sep, high = basis[4:].partition("-")
        if high:
            return _("aged {low}–{high}").format(low=low, high=high)
        return _("aged {low} and over").format(low=low)
    return categories.label(basis)
