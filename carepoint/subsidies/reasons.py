"""Lines, 新增/停发 causes and checks in words a clerk reads, in the user's language.

Lines store the facts (bracket, age, reference day, rules date, months); the words are made when
shown, so a change of language shows every month in the new language. Money and dates are
formatted once per value: a county's month has 100,000 lines but a few dozen distinct figures.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from carepoint import categories
from carepoint.i18n import N_, _, current_locale, format_date, format_fen
from carepoint.subsidies.rule_tables import bracket_label, type_label

STANDARDS = {
    "monthly": N_("{amount} a month"),
    "half_yearly": N_("{amount} a month"),
    "yearly": N_("{amount} a year"),
    "once": N_("{amount} once"),
}
CAUSES_NEW = {
    "bracket": N_("moved from {detail} on {date}"),
    "age": N_("reached the age on {date}"),
    "category": N_("a category started or an exclusion ended"),
    "returned": N_("back on the register"),
    "rules": N_("the rules changed"),
}
CAUSES_STOPPED = {
    "bracket": N_("moved to {detail} on {date}"),
    "age": N_("passed the age on {date}"),
    "category": N_("a category ended"),
    "excluded": N_("now in the category {detail}, which this subsidy excludes"),
    "rules": N_("the rules changed"),
    "deceased": N_("died on {date}"),
    "moved_out": N_("moved away on {date}"),
    "lost_contact": N_("out of contact since {date}"),
    "in_institution": N_("entered an institution on {date}"),
}
# The same causes when the register holds no date for them.
UNDATED = {
    ("new", "bracket"): N_("moved from {detail}"),
    ("stopped", "bracket"): N_("moved to {detail}"),
    ("stopped", "deceased"): N_("died (no date recorded)"),
    ("stopped", "moved_out"): N_("moved away (no date recorded)"),
    ("stopped", "lost_contact"): N_("out of contact (no date recorded)"),
    ("stopped", "in_institution"): N_("entered an institution (no date recorded)"),
}
CHANGE_LABELS = {"new": N_("new"), "stopped": N_("stopped")}


@lru_cache(maxsize=4096)
def _day(iso: str, _locale: str) -> str:
    return format_date(dt.date.fromisoformat(iso)) if iso else ""


money = format_fen


def day(iso: str) -> str:
    return _day(iso, current_locale())


def line_reason(line) -> str:
    """Why a line pays what it pays: item, bracket, standard, age on the reference day, rules."""
    if line.kind == "carryover":
        return _("not received in {month}, paid again: {reason}").format(
            month=line.corrects_month, reason=line_reason(line._replace(kind="entitlement"))
        )
    if line.kind == "adjustment":
        return _("adjustment of {month}: {reason}").format(
            month=line.corrects_month, reason=line.note
        )
    if line.subsidy_type == "meal":
        return _("meal subsidies on the meal records of {month}").format(month=line.period_from)
    text = _("{item}, {bracket}: {standard}; age {age} on {date}").format(
        item=line.item_name or type_label(line.subsidy_type),
        bracket=bracket_label(line.bracket),
        standard=_(STANDARDS.get(line.frequency, STANDARDS["monthly"])).format(
            amount=money(line.standard_fen)
        ),
        age=line.age,
        date=day(line.age_on),
    )
    if line.period_from != line.period_to:
        text += _("; {count} months, {first} to {last}").format(
            count=line.months, first=line.period_from, last=line.period_to
        )
    return text + _("; rules from {date}").format(date=day(line.rule_from))


def change_cause(change) -> str:
    table = CAUSES_NEW if change.change == "new" else CAUSES_STOPPED
    template = table.get(change.cause)
    if template is None:
        return change.cause
    detail = change.detail
    if change.cause == "bracket":
        detail = bracket_label(detail)
    elif change.cause == "excluded":
        detail = categories.label(detail)
    if not change.cause_date and (change.change, change.cause) in UNDATED:
        template = UNDATED[(change.change, change.cause)]
    return _(template).format(detail=detail, date=day(change.cause_date))


def change_label(change: str) -> str:
    return _(CHANGE_LABELS[change]) if change in CHANGE_LABELS else change


def describe_lines(lines) -> str:
    """'高龄津贴 ¥100.00 (2026-10)、护理补贴 ¥60.00 (2026-10)'."""
    parts = []
    for line in lines:
        period = (
            line.period_from
            if line.period_from == line.period_to
            else f"{line.period_from}–{line.period_to}"
        )
        title = line.item_name or type_label(line.subsidy_type)
        parts.append(f"{title} {money(line.amount_fen)} ({period})")
    return "、".join(parts)
