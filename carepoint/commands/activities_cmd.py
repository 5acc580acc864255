"""`activities add | list | sign-in | attendees | counts | photo`: activities and attendance."""

from __future__ import annotations

import argparse

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import (
    action,
    group,
    listed,
    month_arg,
    month_of,
    photo_action,
    recorded,
)
from carepoint.i18n import _, format_date
from carepoint.ledgers import activities as core
from carepoint.ledgers.common import resident_by_id_number


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "activities", _("activities at the care point"))
    add = action(sub, add_globals, "add", _("record an activity"), run_add)
    add.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    add.add_argument("--kind", required=True, choices=core.KINDS)
    add.add_argument("--title", required=True)
    add.add_argument("--organiser", default="")
    add.add_argument("--place", default="")
    add.add_argument("--notes", default="")

    listing = action(sub, add_globals, "list", _("the activities of a month"), run_list)
    listing.add_argument("--month", type=month_arg, help=_("YYYY-MM (default: this month)"))

    signing = action(sub, add_globals, "sign-in", _("sign a person in for an activity"), run_sign)
    signing.add_argument("activity", type=int, help=_("the activity's number"))
    who = signing.add_mutually_exclusive_group(required=True)
    who.add_argument("--id-number", help=_("a resident's ID number"))
    who.add_argument("--visitor", help=_("a visitor's name"))

    people = action(sub, add_globals, "attendees", _("who attended an activity"), run_attendees)
    people.add_argument("activity", type=int, help=_("the activity's number"))

    photo_action(sub, add_globals, _("add photos to an activity"), "activity",
                 _("the activity's number"), "activity")  # fmt: skip

    counts = action(
        sub, add_globals, "counts", _("a month's counts per kind and person"), run_counts
    )
    counts.add_argument("--month", type=month_arg, help=_("YYYY-MM (default: this month)"))


def _payload(activity: core.Activity) -> dict:
    return {
        "id": activity.id, "uuid": activity.uuid, "date": activity.activity_date.isoformat(),
        "kind": activity.kind, "title": activity.title, "organiser": activity.organiser,
        "place": activity.place, "notes": activity.notes, "attendance": activity.attendance,
    }  # fmt: skip


def _line(activity: core.Activity) -> str:
    return _("{id}  {date}  {kind}  {title}  ({count} attended)").format(
        id=activity.id, date=format_date(activity.activity_date),
        kind=core.kind_label(activity.kind), title=activity.title, count=activity.attendance,
    )  # fmt: skip


def run_add(args: argparse.Namespace) -> int:
    data = core.ActivityInput(
        args.date or today(), args.kind, args.title, args.organiser, args.place, args.notes
    )
    with opened(args) as store:
        activity = core.add_activity(store, data, today=today())
    return recorded(args, activity, _payload, _line)


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.list_activities(store, month_of(args))
    return listed(args, found, _payload, _line, _("No activities this month"))


def run_sign(args: argparse.Namespace) -> int:
    with opened(args) as store:
        resident_id = resident_by_id_number(store, args.id_number) if args.id_number else None
        person = core.sign_in(store, args.activity, resident_id, args.visitor or "")
    payload = {"attendance_id": person.id, "activity": args.activity, "name": person.name,
               "visitor": person.is_visitor}  # fmt: skip
    emit(args, payload, _("{name} signed in").format(name=person.name))
    return 0


def run_attendees(args: argparse.Namespace) -> int:
    with opened(args) as store:
        core.get_activity(store, args.activity)
        found = core.attendees(store, args.activity)
    payload = [{"attendance_id": a.id, "name": a.name, "group": a.group_name,
                "visitor": a.is_visitor} for a in found]  # fmt: skip
    text = "\n".join(f"{a.name}  {a.group_name or _('visitor')}" for a in found) or _(
        "Nobody has signed in yet"
    )
    emit(args, payload, text)
    return 0


def run_counts(args: argparse.Namespace) -> int:
    with opened(args) as store:
        counts = core.month_counts(store, month_of(args))
    payload = {
        "month": counts.month.strftime("%Y-%m"),
        "activities": counts.activities_by_kind,
        "attendance": counts.attendance_by_kind,
        "people": [{"name": p.name, "group": p.group_name, "visitor": p.is_visitor,
                    "by_kind": p.by_kind, "total": p.total} for p in counts.people],
    }  # fmt: skip
    lines = [
        _("{kind}: {activities} activities, {attendance} attended").format(
            kind=core.kind_label(kind),
            activities=counts.activities_by_kind[kind],
            attendance=counts.attendance_by_kind[kind],
        )  # fmt: skip
        for kind in core.KINDS
        if counts.activities_by_kind[kind]
    ]
    lines += [f"{p.name}  {p.total}" for p in counts.people]
    emit(args, payload, "\n".join(lines) or _("No activities this month"))
    return 0
