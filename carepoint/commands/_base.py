"""What every command shares: the data folder it works on, opened and closed once, and its
output written once (JSON with --json, otherwise the sentence for a person)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Store]:
    """`with opened(args) as store:` the command's data folder, closed however the block ends."""
    store = open_for(args)
    try:
        yield store
    finally:
        store.close()


def today() -> dt.date:
    return clock.today()


def iso_date(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD, or a usage error in the user's language."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date in the form YYYY-MM-DD").format(value=text)
        ) from None


def emit(args: argparse.Namespace, payload: object, human: str) -> None:
    """Print the JSON payload with --json, otherwise the human text; built first and written in
    one call (streaming json.dump made a million small writes for a long listing)."""
    if args.json:
        text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
    elif human:
        text = human + "\n"
    else:
        return
    sys.stdout.write(text)
    sys.stdout.flush()
