"""The subcommands of `carepoint`, one module per area; each registers its parsers here."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from carepoint.commands._base import data_dir, emit, iso_date, open_for, opened, today

__all__ = ["data_dir", "emit", "iso_date", "open_for", "opened", "today", "register_all"]


def register_all(commands: argparse._SubParsersAction, add_globals: Callable) -> None:
    from carepoint.commands import (
        backup_cmd,
        county_cmd,
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
    county_cmd.register(commands, add_globals)
    backup_cmd.register(commands, add_globals)
    ledgers_cmd.register(commands, add_globals)
    rules_cmd.register(commands, add_globals)
