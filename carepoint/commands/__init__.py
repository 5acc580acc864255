"""The subcommands of `carepoint`, one module per area; each registers its parsers here."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from carepoint import clock
from carepoint.binding import bind_here
from carepoint.db import Store, default_data_dir, open_store
from carepoint.i18n import _


def data_dir(args: argparse.Namespace) -> Path:
    return args.data_dir or default_data_dir()


def open_for(args: argparse.Namespace) -> Store:
    """The data folder a command works on; the command's own queries run on it."""
    store = open_store(data_dir(args))
    bind_here(store.db)
    return store


def today():
    return clock.today()


def iso_date(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD, or a usage error in the user's language."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date in the form YYYY-MM-DD").format(value=text)
        ) from None


def register_all(commands: argparse._SubParsersAction, add_globals: Callable) -> None:
    from carepoint.commands import (
        backup_cmd,
        ledgers_cmd,
        meals_cmd,
        reports_cmd,
        residents_cmd,
        rules_cmd,
        setup_cmd,
        subsidies_cmd,
        sync_cmd,
        township_cmd,
        visits_cmd,
    )

    setup_cmd.register(commands, add_globals)
    residents_cmd.register(commands, add_globals)
    reports_cmd.register(commands, add_globals)
    meals_cmd.register(commands, add_globals)
    visits_cmd.register(commands, add_globals)
    subsidies_cmd.register(commands, add_globals)
    sync_cmd.register(commands, add_globals)
    township_cmd.register(commands, add_globals)
    backup_cmd.register(commands, add_globals)
    ledgers_cmd.register(commands, add_globals)
    rules_cmd.register(commands, add_globals)
