"""`rules export DIR` and `rules import DIR [--dry-run]`: a locality's rule versions as TOML."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import open_for
from carepoint.commands._base import emit
from carepoint.i18n import _


def register(commands, add_globals) -> None:
    group = commands.add_parser("rules", help=_("the locality's rules as TOML files"))
    add_globals(group)
    sub = group.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, parser_class=type(group)
    )
    export = sub.add_parser("export", help=_("write every rule version to a folder"))
    add_globals(export)
    export.add_argument("folder", type=Path)
    export.set_defaults(handler=run_export)
    load = sub.add_parser("import", help=_("check and add the rule versions of a folder"))
    add_globals(load)
    load.add_argument("folder", type=Path)
    load.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))
    load.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    from carepoint.rules.files import export_rules

    store = open_for(args)
    try:
        written = export_rules(store, args.folder)
    finally:
        store.close()
    emit(args, {"files": [str(p) for p in written]}, "\n".join(str(p) for p in written))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from carepoint.rules.files import import_rules

    store = open_for(args)
    try:
        result = import_rules(store, args.folder, dry_run=args.dry_run)
    finally:
        store.close()
    lines = [
        _("{area} rules from {date}: {note}").format(area=area, date=day, note=note or "-")
        for area, day, note in result.added
    ]
    lines.append(
        _("{added} versions to add, {same} already in force").format(
            added=len(result.added), same=result.unchanged
        )
    )
    if args.dry_run:
        lines.append(_("Dry run: nothing was changed."))
    emit(
        args,
        {
            "added": [{"area": a, "effective_from": d, "note": n} for a, d, n in result.added],
            "unchanged": result.unchanged,
            "applied": result.applied,
        },
        "\n".join(lines),
    )
    return 0
