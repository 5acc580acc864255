"""The care point's other ledgers on the command line: `activities`, `pairs`, `health`, `calls`.
Each group has its own module; this one registers them and holds what they share."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from carepoint import values
from carepoint.commands._base import emit, opened, today
from carepoint.i18n import _


def month_arg(text: str) -> dt.date:
    """An argparse type: YYYY-MM → the first of that month, or a usage error."""
    return values.month_arg(text).first_day


def group(commands, add_globals, name: str, help_text: str):
    parser = commands.add_parser(name, help=help_text)
    add_globals(parser)
    return parser.add_subparsers(
        dest=f"{name}_command", metavar="ACTION", required=True, parser_class=type(parser)
    )


def action(sub, add_globals, name: str, help_text: str, handler):
    parser = sub.add_parser(name, help=help_text)
    add_globals(parser)
    parser.set_defaults(handler=handler)
    return parser


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def month_of(args: argparse.Namespace) -> dt.date:
    """--month, or this month."""
    return args.month or today().replace(day=1)


def recorded(
    args: argparse.Namespace, record, payload: Callable, line: Callable, said: str | None = None
) -> int:
    """One record saved or changed: its JSON, or `said` ("Recorded: {line}") with its line."""
    emit(args, payload(record), (said or _("Recorded: {line}")).format(line=line(record)))
    return 0


def listed(
    args: argparse.Namespace, records: Sequence, payload: Callable, line: Callable, empty: str
) -> int:
    """Records as a JSON list, or one line each (`empty` when there are none)."""
    emit(args, [payload(r) for r in records], "\n".join(map(line, records)) or empty)
    return 0


def photo_action(sub, add_globals, help_text: str, key: str, key_help: str, table: str) -> None:
    """`<group> photo N FILE…`: photos kept with record N of `table` (an activity, a case)."""

    def run(args: argparse.Namespace) -> int:
        from carepoint.ledgers.photos import add_photos

        number = getattr(args, key)
        with opened(args) as store:
            names = add_photos(store, table, number, args.files)
        emit(args, {key: number, "photos": names},
             _("Photos kept: {names}").format(names="、".join(names)))  # fmt: skip
        return 0

    photo = action(sub, add_globals, "photo", help_text, run)
    photo.add_argument(key, type=int, help=key_help)
    photo.add_argument("files", nargs="+", type=Path, metavar="FILE")


def register(commands, add_globals) -> None:
    from carepoint.commands import (
        activities_cmd,
        adaptations_cmd,
        calls_cmd,
        health_cmd,
        insurance_cmd,
        pairs_cmd,
    )

    activities_cmd.register(commands, add_globals)
    pairs_cmd.register(commands, add_globals)
    health_cmd.register(commands, add_globals)
    calls_cmd.register(commands, add_globals)
    insurance_cmd.register(commands, add_globals)
    adaptations_cmd.register(commands, add_globals)
