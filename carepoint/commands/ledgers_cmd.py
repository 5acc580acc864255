"""The care point's other ledgers on the command line: `activities`, `pairs`, `health`, `calls`.
Each group has its own module; this one registers them and holds what they share."""

from __future__ import annotations

import datetime as dt

from carepoint import values


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
