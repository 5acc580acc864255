"""`adaptations add | list | advance | items`: 适老化改造 cases."""

from __future__ import annotations

import argparse

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import action, group, iso, listed, photo_action, recorded
from carepoint.i18n import _, format_date, format_fen
from carepoint.ledgers import adaptations as core
from carepoint.ledgers.common import resident_by_id_number
from carepoint.values import parse_yuan


def _items(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(p.strip() for p in text.replace("，", ",").replace("、", ",").split(","))


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "adaptations", _("home adaptation cases"))
    add = action(sub, add_globals, "add", _("open a case (the application)"), run_add)
    add.add_argument("--id-number", required=True, help=_("the resident's ID number"))
    add.add_argument("--date", type=iso_date, help=_("the day applied (default: today)"))
    add.add_argument("--household", default="", help=_("the household (head, address)"))
    add.add_argument("--others", default="", help=_("others living there"))
    add.add_argument("--items", help=_("items needed, e.g. 扶手,夜灯"))
    add.add_argument("--note", default="")

    listing = action(sub, add_globals, "list", _("the cases"), run_list)
    listing.add_argument("--state", choices=core.STATES)

    step = action(sub, add_globals, "advance", _("move a case to its next step"), run_advance)
    step.add_argument("case", type=int, help=_("the case's number"))
    step.add_argument("--to", required=True, choices=core.STATES[1:])
    step.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    step.add_argument("--items", help=_("items needed, e.g. 扶手,夜灯"))
    step.add_argument("--cost", help=_("the cost, in yuan"))
    step.add_argument("--subsidy", help=_("the subsidy, in yuan"))
    step.add_argument("--contractor")

    action(sub, add_globals, "items", _("the locality's list of items"), run_items)

    photo_action(sub, add_globals, _("add photos (before, after) to a case"), "case",
                 _("the case's number"), "adaptation_case")  # fmt: skip


def _payload(c: core.Case) -> dict:
    return {"id": c.id, "uuid": c.uuid, "name": c.name, "group": c.group_name,
            "household": c.household, "others": c.others, "items": list(c.items),
            "state": c.state, "dates": {k: iso(v) for k, v in c.dates.items()},
            "cost_fen": c.cost_fen, "subsidy_fen": c.subsidy_fen,
            "contractor": c.contractor}  # fmt: skip


def _line(c: core.Case) -> str:
    items = "、".join(c.items) or "—"
    money = f"{format_fen(c.cost_fen)} / {format_fen(c.subsidy_fen)}"
    state = f"{core.state_label(c.state)} {format_date(c.last_date)}"
    return f"{c.id}  {c.name}  {items}  {state}  {money}"


def run_add(args: argparse.Namespace) -> int:
    with opened(args) as store:
        case = core.open_case(
            store, resident_by_id_number(store, args.id_number), args.date or today(),
            household=args.household, others=args.others, items=_items(args.items) or (),
            note=args.note, today=today(),
        )  # fmt: skip
    return recorded(args, case, _payload, _line)


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.list_cases(store, args.state)
    return listed(args, found, _payload, _line, _("No cases"))


def run_advance(args: argparse.Namespace) -> int:
    cost = parse_yuan(args.cost) if args.cost is not None else None
    subsidy = parse_yuan(args.subsidy) if args.subsidy is not None else None
    with opened(args) as store:
        case = core.advance(
            store, args.case, args.to, args.date or today(), items=_items(args.items),
            cost_fen=cost, subsidy_fen=subsidy, contractor=args.contractor, today=today(),
        )  # fmt: skip
    return recorded(args, case, _payload, _line)


def run_items(args: argparse.Namespace) -> int:
    with opened(args) as store:
        items = core.item_list(store)
    emit(args, list(items), "、".join(items))
    return 0
