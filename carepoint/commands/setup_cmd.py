"""`init`, `demo` and `gui`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carepoint.commands import data_dir
from carepoint.commands._base import emit, opened
from carepoint.db import open_store
from carepoint.errors import UserInputError
from carepoint.i18n import _


def register(commands, add_globals) -> None:
    init = commands.add_parser("init", help=_("set up a data folder for a care point"))
    add_globals(init)
    init.add_argument("--village-code", required=True, help=_("statistical division code"))
    init.add_argument("--village-name", required=True)
    init.add_argument("--township", default="")
    init.add_argument("--county", default="")
    init.add_argument("--role", choices=("village", "township", "county"), default="village")
    init.add_argument(
        "--enrollment", type=Path, help=_("the enrollment file from the township office")
    )
    init.add_argument(
        "--database",
        help=_("an office's PostgreSQL database, postgresql://USER@HOST:PORT/DATABASE (the "
               "password: a terminal prompt, ~/.pgpass or CAREPOINT_DB_PASSWORD)"),
    )
    init.add_argument(
        "--preset", help=_("the locality's rules (default: the village code's province)")
    )
    init.set_defaults(handler=run_init)

    join = commands.add_parser(
        "join", help=_("another desk of an office: work on its PostgreSQL database")
    )
    add_globals(join)
    join.add_argument(
        "--database",
        required=True,
        help=_("the office's database, postgresql://USER@HOST:PORT/DATABASE (a clerk limited "
               "to some villages uses the database role given with township clerk-scope)"),
    )  # fmt: skip
    join.set_defaults(handler=run_join)

    demo = commands.add_parser("demo", help=_("fill a data folder with a synthetic demo village"))
    add_globals(demo)
    demo.add_argument("--residents", type=int, default=300)
    demo.add_argument("--months", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=run_demo)

    gui = commands.add_parser("gui", help=_("open the desktop app"))
    add_globals(gui)
    gui.add_argument(
        "--demo", action="store_true", help=_("open a demo village in a temporary folder")
    )
    gui.set_defaults(handler=run_gui)


def run_init(args: argparse.Namespace) -> int:
    from carepoint.exchange import setup as exchange_setup
    from carepoint.rules import presets
    from carepoint.setup import initialise

    if args.preset is not None and args.preset not in presets():
        raise UserInputError(
            _("Unknown rules preset {name}; known: {known}").format(
                name=args.preset, known=", ".join(presets())
            )
        )
    prepare = exchange_setup.prepare(args.role, args.enrollment, args.village_code)
    store = initialise(
        data_dir(args),
        code=args.village_code,
        name=args.village_name,
        township=args.township or prepare.township_name,
        county=args.county,
        role=args.role,
        database=args.database,
    )
    try:
        from carepoint.rules import choose_preset

        preset = choose_preset(store, args.preset)
        prepare.apply(store)
    finally:
        store.close()
    emit(
        args,
        {"data_dir": str(store.data_dir), "village_code": args.village_code, "role": args.role,
         "preset": preset},  # fmt: skip
        _("Set up {name} in {folder}").format(name=args.village_name, folder=store.data_dir),
    )
    return 0


def run_join(args: argparse.Namespace) -> int:
    from carepoint.office.store import join

    config = join(data_dir(args), args.database)
    with opened(args) as store:
        name = store.setting("village_name")
    emit(
        args,
        {"data_dir": str(data_dir(args)), "office_code": config.office_code,
         "role": config.role, "database": config.url},  # fmt: skip
        _("This desk now works on {name} ({code}) in {database}").format(
            name=name, code=config.office_code, database=config.url
        ),
    )
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from carepoint.demo import generate_demo

    if not 1 <= args.residents <= 1_000_000:
        raise UserInputError(_("The number of residents must be between 1 and 1,000,000"))
    if not 0 <= args.months <= 120:
        raise UserInputError(_("The number of months must be between 0 and 120"))
    store = open_store(data_dir(args), create=True)
    try:
        summary = generate_demo(store, residents=args.residents, months=args.months, seed=args.seed)
    finally:
        store.close()
    emit(
        args,
        {"data_dir": str(store.data_dir), **vars(summary)},
        _("Demo village with {count} residents written to {folder}").format(
            count=summary.residents, folder=store.data_dir
        ),
    )
    return 0


def run_gui(args: argparse.Namespace) -> int:
    # The core never imports the UI: the installed front end registers itself as an entry point.
    from carepoint.portable import find_frontend

    try:
        run = find_frontend()
    except ImportError as error:
        print(_("The desktop app cannot start: {reason}").format(reason=error), file=sys.stderr)
        return 1
    return run(data_dir=args.data_dir, demo=args.demo)
