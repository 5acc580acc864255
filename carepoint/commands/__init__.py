"""The subcommands of `carepoint`, one module per area; each registers its parsers here."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from carepoint import clock
from carepoint.db import Store, default_data_dir, open_store


def data_dir(args: argparse.Namespace) -> Path:
    return args.data_dir or default_data_dir()


def open_for(args: argparse.Namespace) -> Store:
    return open_store(data_dir(args))


def today():
    return clock.today()


def register_all(commands: argparse._SubParsersAction, add_globals: Callable) -> None:
    from carepoint.commands import (
        meals_cmd,
        reports_cmd,
        residents_cmd,
        setup_cmd,
        subsidies_cmd,
        visits_cmd,
    )

    setup_cmd.register(commands, add_globals)
    residents_cmd.register(commands, add_globals)
    reports_cmd.register(commands, add_globals)
    meals_cmd.register(commands, add_globals)
    visits_cmd.register(commands, add_globals)
    subsidies_cmd.register(commands, add_globals)
