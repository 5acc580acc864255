"""`pairs add | list | end | visit`: helpers paired with residents (结对帮扶)."""

from __future__ import annotations

import argparse

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import action, group, iso, listed, recorded
from carepoint.i18n import _, format_date
from carepoint.ledgers import pairs as core
from carepoint.ledgers.common import resident_by_id_number
from carepoint.visits.labels import METHODS


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "pairs", _("helpers paired with residents"))
    add = action(sub, add_globals, "add", _("pair a helper with a resident"), run_add)
    add.add_argument("--id-number", required=True, help=_("the resident's ID number"))
    add.add_argument("--helper", default="", help=_("the helper's name"))
    add.add_argument("--kind", required=True, choices=core.HELPER_KINDS)
    add.add_argument("--phone", default="")
    add.add_argument("--volunteer", type=int, help=_("the helper's time-bank volunteer number"))
    add.add_argument("--start", type=iso_date, help=_("the first day (default: today)"))
    add.add_argument("--note", default="")

    listing = action(sub, add_globals, "list", _("the pairs standing today"), run_list)
    listing.add_argument("--all", action="store_true", help=_("ended pairs too"))

    end = action(sub, add_globals, "end", _("end a pair"), run_end)
    end.add_argument("pair", type=int, help=_("the pair's number"))
    end.add_argument("--date", type=iso_date, help=_("the last day (default: today)"))

    visit = action(sub, add_globals, "visit", _("record the helper's visit"), run_visit)
    visit.add_argument("pair", type=int, help=_("the pair's number"))
    visit.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    visit.add_argument("--method", default="home", choices=METHODS)
    visit.add_argument(
        "--minutes", type=int, default=0, help=_("time spent, for the time bank (volunteers)")
    )
    visit.add_argument("--problems", default="")


def _payload(pair: core.Pair) -> dict:
    return {
        "id": pair.id, "uuid": pair.uuid, "resident": pair.resident_name,
        "group": pair.group_name, "helper": pair.helper_name, "helper_kind": pair.helper_kind,
        "helper_phone": pair.helper_phone, "volunteer_id": pair.volunteer_id,
        "start_date": iso(pair.start_date), "end_date": iso(pair.end_date), "note": pair.note,
    }  # fmt: skip


def _line(pair: core.Pair) -> str:
    end = format_date(pair.end_date) if pair.end_date else ""
    return _("{id}  {helper} ({kind}) → {name}  {start} – {end}").format(
        id=pair.id, helper=pair.helper_name, kind=core.helper_kind_label(pair.helper_kind),
        name=pair.resident_name, start=format_date(pair.start_date), end=end,
    )  # fmt: skip


def run_add(args: argparse.Namespace) -> int:
    with opened(args) as store:
        data = core.PairInput(
            resident_by_id_number(store, args.id_number), args.helper, args.kind,
            args.start or today(), args.phone, args.volunteer, args.note,
        )  # fmt: skip
        pair = core.add_pair(store, data, today=today())
    return recorded(args, pair, _payload, _line, _("Paired: {line}"))


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.list_pairs(store, None if args.all else today())
    return listed(args, found, _payload, _line, _("No pairs"))


def run_end(args: argparse.Namespace) -> int:
    with opened(args) as store:
        pair = core.end_pair(store, args.pair, args.date or today())
    return recorded(args, pair, _payload, _line, _("Ended: {line}"))


def run_visit(args: argparse.Namespace) -> int:
    with opened(args) as store:
        day = args.date or today()
        visit_id = core.record_pair_visit(
            store, args.pair, day, args.method, minutes=args.minutes, problems=args.problems,
            today=today(),
        )  # fmt: skip
        pair = core.get_pair(store, args.pair)
    payload = {"visit_id": visit_id, "pair": pair.id, "date": day.isoformat(),
               "minutes": args.minutes}  # fmt: skip
    emit(args, payload, _("{helper} visited {name} on {date}").format(
        helper=pair.helper_name, name=pair.resident_name, date=format_date(day)))  # fmt: skip
    return 0
