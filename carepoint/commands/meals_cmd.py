"""`meals stats | close | delivery | sign-in | cancel` and `timebank list`."""

from __future__ import annotations

import argparse
import datetime as dt

from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.i18n import _, format_fen
from carepoint.meals.labels import MEALS, MODES
from carepoint.values import month_arg


def _month(text: str) -> dt.date:
    return month_arg(text).first_day


def register(commands, add_globals) -> None:
    meals = commands.add_parser("meals", help=_("meal service: statistics, month close"))
    add_globals(meals)
    sub = meals.add_subparsers(
        dest="meals_command", metavar="ACTION", required=True, parser_class=type(meals)
    )
    stats = sub.add_parser("stats", help=_("meals, subsidy and co-pay per person for a month"))
    add_globals(stats)
    stats.add_argument("--month", required=True, type=_month, help="YYYY-MM")
    stats.set_defaults(handler=run_stats)

    close = sub.add_parser("close", help=_("check a month's figures and lock it"))
    add_globals(close)
    close.add_argument("--month", required=True, type=_month, help="YYYY-MM")
    close.set_defaults(handler=run_close)

    delivery = sub.add_parser("delivery", help=_("the delivery list for the driver"))
    add_globals(delivery)
    delivery.add_argument("--date", type=iso_date, help=_("YYYY-MM-DD (default: today)"))
    delivery.add_argument("--meal", choices=MEALS)
    delivery.set_defaults(handler=run_delivery)

    sign = sub.add_parser("sign-in", help=_("sign a person in for a meal, as the sheet does"))
    add_globals(sign)
    sign.add_argument("--date", required=True, type=iso_date, help="YYYY-MM-DD")
    sign.add_argument("--id-number", required=True)
    sign.add_argument("--meal", choices=MEALS, default="lunch")
    sign.add_argument("--mode", choices=MODES, help=_("default: as enrolled, else dine in"))
    sign.add_argument("--set", dest="set_key", default="", help=_("the set meal's key"))
    sign.set_defaults(handler=run_sign_in)

    cancel = sub.add_parser("cancel", help=_("call a meal off (undo a sign-in, or 请假)"))
    add_globals(cancel)
    cancel.add_argument("--date", required=True, type=iso_date, help="YYYY-MM-DD")
    cancel.add_argument("--id-number", required=True)
    cancel.add_argument("--meal", choices=MEALS, default="lunch")
    cancel.add_argument("--reason", required=True)
    cancel.set_defaults(handler=run_cancel)

    bank = commands.add_parser("timebank", help=_("the volunteer time bank"))
    add_globals(bank)
    bank_sub = bank.add_subparsers(
        dest="timebank_command", metavar="ACTION", required=True, parser_class=type(bank)
    )
    listing = bank_sub.add_parser("list", help=_("volunteers with their hours and balance"))
    add_globals(listing)
    listing.add_argument("--search", default="", help=_("name, pinyin or initials"))
    listing.set_defaults(handler=run_timebank_list)


def run_stats(args: argparse.Namespace) -> int:
    from carepoint.meals.closing import month_key, month_status
    from carepoint.meals.report import month_report

    store = open_for(args)
    try:
        report = month_report(store, args.month)
        closed = month_status(store, args.month).closed
    finally:
        store.close()
    t = report.totals
    payload = {
        "lines": [
            {
                "id_number": line.id_number,
                "name": line.name,
                "meals": line.meals,
                "subsidy_fen": line.subsidy_fen,
                "copay_fen": line.copay_fen,
            }
            for line in report.lines
        ],
        "totals": {"meals": t.meals, "subsidy_fen": t.subsidy_fen, "copay_fen": t.copay_fen},
    }
    out = [
        _("Meals of {month} ({state})").format(
            month=month_key(args.month), state=_("closed") if closed else _("open")
        )
    ]
    for line in report.lines:
        out.append(
            f"{line.name}\t{line.id_number}\t{line.meals}\t{format_fen(line.subsidy_fen)}"
            f"\t{format_fen(line.copay_fen)}"
        )
    out.append(
        _("Total: {meals} meals, subsidy {subsidy}, co-pay {copay}").format(
            meals=t.meals, subsidy=format_fen(t.subsidy_fen), copay=format_fen(t.copay_fen)
        )
    )
    out += [f"{'✓' if c.ok else '✗'} {c.label}" for c in report.checks if not c.ok]
    emit(args, payload, "\n".join(out))
    return 0


def run_sign_in(args: argparse.Namespace) -> int:
    from carepoint.binding import uses_store
    from carepoint.meals.labels import meal_label, mode_label
    from carepoint.meals.signin import sign_in
    from carepoint.residents import find_by_id_number

    @uses_store
    def act(store):
        person = find_by_id_number(args.id_number)
        done = sign_in(store, person.id, args.date, args.meal, mode=args.mode,
                       set_key=args.set_key, today=today())  # fmt: skip
        return person, done

    store = open_for(args)
    try:
        person, done = act(store)
    finally:
        store.close()
    emit(
        args,
        {"id_number": person.id_number, "date": args.date.isoformat(), "meal": done.meal,
         "mode": done.mode, "walk_in": done.walk_in, "price_fen": done.price_fen,
         "subsidy_fen": done.subsidy_fen, "delivery_fee_fen": done.delivery_fee_fen,
         "copay_fen": done.copay_fen},
        _("{name}: {meal} on {date}, {mode}; price {price}, subsidy {subsidy}, pays {copay}")
        .format(name=person.name, meal=meal_label(done.meal), date=args.date.isoformat(),
                mode=mode_label(done.mode), price=format_fen(done.price_fen),
                subsidy=format_fen(done.subsidy_fen), copay=format_fen(done.copay_fen)),
    )  # fmt: skip
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from carepoint.binding import uses_store
    from carepoint.meals.labels import meal_label
    from carepoint.meals.signin import cancel
    from carepoint.residents import find_by_id_number

    @uses_store
    def act(store):
        person = find_by_id_number(args.id_number)
        cancel(store, person.id, args.date, args.meal, args.reason, today=today())
        return person

    store = open_for(args)
    try:
        person = act(store)
    finally:
        store.close()
    emit(
        args,
        {"id_number": person.id_number, "date": args.date.isoformat(), "meal": args.meal,
         "cancelled": True},
        _("{name}: {meal} on {date} called off").format(
            name=person.name, meal=meal_label(args.meal), date=args.date.isoformat()),
    )  # fmt: skip
    return 0


def run_close(args: argparse.Namespace) -> int:
    from carepoint.meals.closing import close_month, month_key

    store = open_for(args)
    try:
        report = close_month(store, args.month, today=today())
    finally:
        store.close()
    t = report.totals
    emit(
        args,
        {
            "month": month_key(args.month),
            "closed": True,
            "meals": t.meals,
            "subsidy_fen": t.subsidy_fen,
            "copay_fen": t.copay_fen,
            "city_fen": t.city_fen,
            "county_fen": t.county_fen,
            "village_fen": t.village_fen,
            "operator_subsidy_fen": report.operator_subsidy_fen,
        },
        _("{month} closed: {meals} meals, subsidy {subsidy}, co-pay {copay}").format(
            month=month_key(args.month),
            meals=t.meals,
            subsidy=format_fen(t.subsidy_fen),
            copay=format_fen(t.copay_fen),
        ),
    )
    return 0


def run_delivery(args: argparse.Namespace) -> int:
    from carepoint.meals.delivery import delivery_list, delivery_text

    day = args.date or today()
    store = open_for(args)
    try:
        stops = delivery_list(store, day, args.meal)
    finally:
        store.close()
    payload = [
        {
            "meal": s.meal,
            "name": s.name,
            "group": s.group_name,
            "address": s.address,
            "phone": s.phone,
            "diet_note": s.diet_note,
            "set": s.set_name,
            "served": s.served,
        }
        for s in stops
    ]
    emit(args, payload, delivery_text(day, stops))
    return 0


def run_timebank_list(args: argparse.Namespace) -> int:
    from carepoint.timebank.caps import hours_text
    from carepoint.timebank.volunteers import list_volunteers

    store = open_for(args)
    try:
        volunteers = list_volunteers(store, args.search)
    finally:
        store.close()
    payload = [
        {
            "name": v.name,
            "group": v.group_name,
            "active": v.active,
            "deposited_minutes": v.deposited_minutes,
            "withdrawn_minutes": v.withdrawn_minutes,
            "balance_minutes": v.balance_minutes,
        }
        for v in volunteers
    ]
    human = [
        _("{name}: {deposited} hours served, balance {balance} hours").format(
            name=v.name,
            deposited=hours_text(v.deposited_minutes),
            balance=hours_text(v.balance_minutes),
        )
        for v in volunteers
    ] + [_("{count} volunteers").format(count=len(volunteers))]
    emit(args, payload, "\n".join(human))
    return 0
