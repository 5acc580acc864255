"""`visits due | rate | record | tier | extra` and `assessments record | list | due`."""

from __future__ import annotations

import argparse

from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.values import month_arg
from carepoint.visits.labels import AREAS, FINDING_STATUSES, METHODS, NEEDS, TIERS, tier_label


def _month(text: str) -> tuple[int, int]:
    month = month_arg(text)
    return month.year, month.month


def register(commands, add_globals) -> None:
    visits = commands.add_parser("visits", help=_("home visits: who is due, the visit rate"))
    add_globals(visits)
    sub = visits.add_subparsers(
        dest="visits_command", metavar="ACTION", required=True, parser_class=type(visits)
    )
    due = sub.add_parser("due", help=_("residents due a visit on or before a day"))
    add_globals(due)
    due.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    due.add_argument("--tier", choices=TIERS)
    due.set_defaults(handler=run_due)

    rate = sub.add_parser(
        "rate",
        help=_("the visit rate of a month"),
        description=_(
            "Of the residents in a visit tier who owed at least one visit in the month (their "
            "next visit, counted from the last one before the month, fell due by its end, or a "
            "follow-up or extra visit did), the share visited at least once in the month."
        ),
    )
    add_globals(rate)
    rate.add_argument("--month", required=True, type=_month, help="YYYY-MM")
    rate.set_defaults(handler=run_rate)

    record = sub.add_parser("record", help=_("record a visit"))
    add_globals(record)
    record.add_argument("id_number")
    record.add_argument("--method", required=True, choices=METHODS)
    record.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    record.add_argument("--time", default="", help="HH:MM")
    record.add_argument("--visitor", help=_("who visited (default: you)"))
    record.add_argument("--volunteer", action="store_true", help=_("the visitor is a volunteer"))
    record.add_argument(
        "--finding",
        action="append",
        default=[],
        metavar="AREA=STATUS[:NOTE]",
        help=_("a finding, e.g. health=poor:blood pressure high; areas: {areas}").format(
            areas=", ".join(AREAS)
        ),
    )
    record.add_argument("--carers", choices=("yes", "partly", "no"), default="")
    record.add_argument("--problems", default="")
    record.add_argument("--needs", default="", help=", ".join(NEEDS))
    record.add_argument("--referral", default="")
    record.add_argument("--follow-up", type=iso_date, help=_("the day of the follow-up visit"))
    record.add_argument("--notes", default="")
    record.set_defaults(handler=run_record)

    tier = sub.add_parser("tier", help=_("a resident's visit tier and why"))
    add_globals(tier)
    tier.add_argument("id_number")
    tier.set_defaults(handler=run_tier)

    extra = sub.add_parser("extra", help=_("schedule one extra visit for a group"))
    add_globals(extra)
    extra.add_argument("--date", required=True, type=iso_date, help=_("the visits are due by"))
    extra.add_argument("--reason", required=True)
    extra.add_argument("--group", help=_("the villager group (default: all)"))
    extra.add_argument("--tier", action="append", choices=TIERS, help=_("default: every tier"))
    extra.set_defaults(handler=run_extra)

    from carepoint.commands import assessments_cmd

    assessments_cmd.register(commands, add_globals)


def run_due(args: argparse.Namespace) -> int:
    from carepoint.visits.due import due_list

    day = args.date or today()
    store = open_for(args)
    try:
        rows = due_list(store, day, args.tier)
    finally:
        store.close()
    lines = [
        _("{name} ({group}) {tier}: due {due}, last visit {last}{late}").format(
            name=r.name,
            group=r.group_name or "—",
            tier=tier_label(r.tier) if r.tier else "—",
            due=r.due_date.isoformat(),
            last=r.last_visit.isoformat() if r.last_visit else _("never"),
            late=_(", {days} days overdue").format(days=r.overdue_days) if r.overdue_days else "",
        )
        for r in rows
    ]
    lines.append(
        _("{count} residents due on or before {date}").format(count=len(rows), date=day.isoformat())
    )
    emit(args, [r.to_json() for r in rows], "\n".join(lines))
    return 0


def run_rate(args: argparse.Namespace) -> int:
    from carepoint.visits.summary import visit_rate

    year, month = args.month
    store = open_for(args)
    try:
        result = visit_rate(store, year, month, today())
    finally:
        store.close()
    if result.rate is None:
        human = _("{month}: nobody was due a visit").format(month=result.month_text)
    else:
        human = _("{month}: {visited} of {due} residents due a visit were visited ({rate})").format(
            month=result.month_text,
            visited=result.visited,
            due=result.due,
            rate=f"{result.rate:.1%}",
        )
    emit(args, result.to_json(), human)
    return 0


def _findings(texts: list[str]) -> dict[str, tuple[str, str]]:
    found = {}
    for text in texts:
        area, _sep, rest = text.partition("=")
        status, _sep, note = rest.partition(":")
        if area not in AREAS or status not in FINDING_STATUSES or not status:
            raise UserInputError(
                _("A finding is written AREA=STATUS[:NOTE] with an area of {areas} and a status"
                  " of {statuses}; got {text}").format(
                    areas=", ".join(AREAS), statuses=", ".join(FINDING_STATUSES[1:]), text=text
                )
            )  # fmt: skip
        found[area] = (status, note)
    return found


def run_record(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.visits.records import VisitInput, record_visit

    findings = _findings(args.finding)
    needs = tuple(n.strip() for n in args.needs.split(",") if n.strip())
    store = open_for(args)
    try:
        resident = find_by_id_number(args.id_number)
        data = VisitInput(
            visit_date=args.date or today(),
            visitor=args.visitor or store.actor,
            method=args.method,
            visit_time=args.time,
            visitor_kind="volunteer" if args.volunteer else "user",
            findings=findings,
            carers_fulfil=args.carers,
            problems=args.problems,
            needs=needs,
            referral=args.referral,
            follow_up_date=args.follow_up,
            notes=args.notes,
        )
        visit_id = record_visit(store, resident.id, data, today=today())
    finally:
        store.close()
    emit(
        args,
        {"visit": visit_id, "id_number": resident.id_number, "name": resident.name,
         "date": data.visit_date.isoformat(), "method": data.method},
        _("Visit to {name} on {date} recorded").format(
            name=resident.name, date=format_date(data.visit_date)
        ),
    )  # fmt: skip
    return 0


def run_tier(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.visits.schedule import tier_of

    store = open_for(args)
    try:
        resident = find_by_id_number(args.id_number)
        result = tier_of(store, resident.id, today())
    finally:
        store.close()
    payload = {
        "id_number": resident.id_number,
        "name": resident.name,
        "tier": result.tier or None,
        "every": result.every.code if result.every else None,
        "source": result.source or None,
        "since": result.since.isoformat() if result.since else None,
        "explanation": result.explanation(),
    }
    emit(args, payload, f"{resident.name}: {result.explanation()}")
    return 0


def run_extra(args: argparse.Namespace) -> int:
    from carepoint.visits.tasks import schedule_extra_visits

    store = open_for(args)
    try:
        count = schedule_extra_visits(
            store,
            args.date,
            args.reason,
            group=args.group,
            tiers=tuple(args.tier or TIERS),
            today=today(),
        )
    finally:
        store.close()
    emit(
        args,
        {"scheduled": count, "due_date": args.date.isoformat(), "group": args.group},
        _("{count} extra visits scheduled, due by {date}").format(
            count=count, date=format_date(args.date)
        ),
    )
    return 0
