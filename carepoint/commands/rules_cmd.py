"""`rules export DIR`, `rules import DIR [--dry-run]`: a locality's rule versions as TOML;
`rules preset NAME --from YYYY-MM [--dry-run]`: another locality's preset from a month on."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import open_for
from carepoint.commands._base import emit, opened
from carepoint.i18n import _, format_date
from carepoint.values import month_arg


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
    preset = sub.add_parser("preset", help=_("take another locality's preset from a month on"))
    add_globals(preset)
    preset.add_argument("name", help=_("the preset's short name (national for the template)"))
    preset.add_argument(
        "--from", dest="month", type=month_arg, required=True, metavar="YYYY-MM",
        help=_("the first month under the new preset"),
    )  # fmt: skip
    preset.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))
    preset.set_defaults(handler=run_preset)


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


def run_preset(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.rules import AREA_LABELS, presets
    from carepoint.rules.preset_change import change_preset

    with opened(args) as store:
        actor = acting_account(args, store)
        change = change_preset(
            store, args.name, args.month.first_day, actor=actor, dry_run=args.dry_run
        )
    day = format_date(change.effective_from)
    lines = [
        _("The rules of {name} apply from {date}.").format(
            name=presets()[change.preset].label, date=day
        )
    ]
    lines += [
        _("{area} rules from {date}: {note}").format(
            area=_(AREA_LABELS[v.area]), date=day, note=v.note or "-"
        )
        for v in change.added
    ]
    if change.kept:
        lines.append(
            _("{count} earlier versions kept as they were, for the months before.").format(
                count=len(change.kept)
            )
        )
    if change.dry_run:
        lines.append(_("Dry run: nothing was changed."))
    emit(
        args,
        {
            "preset": change.preset,
            "effective_from": change.effective_from.isoformat(),
            "added": [{"area": v.area, "note": v.note} for v in change.added],
            "kept": [
                {"area": v.area, "effective_from": v.effective_from.isoformat()}
                for v in change.kept
            ],
            "dry_run": change.dry_run,
        },
        "\n".join(lines),
    )
    return 0
