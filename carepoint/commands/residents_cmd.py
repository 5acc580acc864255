"""`residents import | export | list | set-status | show`."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from carepoint import categories
from carepoint.binding import uses_store
from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.errors import EXIT_BAD_INPUT
from carepoint.i18n import _
from carepoint.residents.fields import GENDER_LABELS, STATUSES, status_label


def register(commands, add_globals) -> None:
    residents = commands.add_parser("residents", help=_("the register of older residents"))
    add_globals(residents)
    sub = residents.add_subparsers(
        dest="residents_command", metavar="ACTION", required=True, parser_class=type(residents)
    )

    imp = sub.add_parser("import", help=_("import a roster spreadsheet (xlsx, xls, csv)"))
    add_globals(imp)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))
    which = imp.add_mutually_exclusive_group()
    which.add_argument("--sheet", help=_("the sheet to read (default: the first)"))
    which.add_argument(
        "--all-sheets", action="store_true",
        help=_("read every sheet; a sheet without a group column gives its name as the group"),
    )
    imp.add_argument(
        "--valid-only", action="store_true",
        help=_("import the rows without problems and write the others to a workbook to correct"),
    )
    imp.add_argument(
        "--problems", type=Path, metavar="OUT.xlsx",
        help=_("where --valid-only writes the rows it left out (default: beside the file)"),
    )
    imp.add_argument(
        "--as-of", type=iso_date, metavar="YYYY-MM-DD",
        help=_("the date the roster describes (default: its 填报日期 cell, else today)"),
    )
    imp.set_defaults(handler=run_import)

    from carepoint.commands.deaths_cmd import register_deaths

    register_deaths(sub, add_globals)

    exp = sub.add_parser("export", help=_("export the register to xlsx or csv"))
    add_globals(exp)
    exp.add_argument("file", type=Path)
    exp.set_defaults(handler=run_export)

    lst = sub.add_parser("list", help=_("list residents"))
    add_globals(lst)
    lst.add_argument("--status", choices=STATUSES)
    lst.add_argument("--category", choices=categories.CODES)
    lst.add_argument("--group")
    lst.add_argument("--search", help=_("name, ID fragment, pinyin or initials"))
    lst.set_defaults(handler=run_list)

    status = sub.add_parser("set-status", help=_("record a death, a move, a return"))
    add_globals(status)
    status.add_argument("id_number")
    status.add_argument("--status", required=True, choices=STATUSES)
    status.add_argument("--date", required=True, type=iso_date)
    status.add_argument("--reason", default="")
    status.set_defaults(handler=run_set_status)


def run_import(args: argparse.Namespace) -> int:
    from carepoint.errors import UserInputError
    from carepoint.roster_import import MAX_LISTED, import_roster

    if args.problems and not args.valid_only:
        raise UserInputError(_("--problems goes with --valid-only"))
    store = open_for(args)
    try:
        _may_import(args, store)
        result = import_roster(
            store, args.file, sheet=args.sheet, all_sheets=args.all_sheets,
            dry_run=args.dry_run, valid_only=args.valid_only, problems_path=args.problems,
            as_of=args.as_of, today=today(),
        )  # fmt: skip
    finally:
        store.close()
    summary = _import_summary(args, result)
    if args.json:
        emit(args, result.to_json(), "")
        if result.blocked:
            print(summary, file=sys.stderr)
    else:
        lines = [_problem_line(p, result) for p in (result.errors + result.warnings)[:MAX_LISTED]]
        hidden = len(result.errors) + len(result.warnings) - len(lines)
        if hidden > 0:
            lines.append(_("… and {count} more").format(count=hidden))
        lines += [_change_line(c) for c in result.changes[:MAX_LISTED]]
        stream = sys.stderr if result.blocked else sys.stdout
        print("\n".join([*lines, summary]), file=stream)
    if result.blocked or (result.errors and not result.imported and not result.updated):
        return EXIT_BAD_INPUT
    return 0


@uses_store
def _may_import(args: argparse.Namespace, store) -> None:
    """A roster import writes people: the named account must be a clerk or an administrator,
    and the audit names it."""
    from carepoint.commands.acting import acting_account
    from carepoint.permissions import EDITORS, NotPermitted

    actor = acting_account(args, store)
    if actor.role not in EDITORS:
        raise NotPermitted(_("Only a clerk or an administrator may import a roster."))
    store.actor = actor.username


def _problem_line(problem, result) -> str:
    where = _("row {row}").format(row=problem.row) if problem.row else ""
    if len(result.sheets) > 1 or not problem.row:
        where = _("sheet “{sheet}”").format(sheet=problem.sheet) + (
            f" {where}" if where else "")
    if problem.column:
        where += _(", column {column} ({header})").format(
            column=problem.column, header=problem.header
        )
    return f"{where}: {problem.message}" if where else problem.message


def _change_line(change) -> str:
    return _("row {row}, {name} ({id_number}): {field} “{old}” → “{new}”").format(
        row=change.row, name=change.name, id_number=change.id_number, field=change.field,
        old=change.old, new=change.new,
    )


def _import_summary(args: argparse.Namespace, result) -> str:
    if result.blocked:
        bad = result.rejected
        return _(
            "{count} rows have problems; nothing was imported. Correct the file and try again, "
            "or import the good rows with --valid-only."
        ).format(count=bad)
    counts = _(
        "{imported} new residents, {updated} already registered given missing details, "
        "{skipped} skipped, {rejected} rows left out"
    ).format(imported=result.imported, updated=result.updated, skipped=result.skipped,
             rejected=result.rejected)
    text = (_("Check passed: {counts} (as of {date}). Nothing was written.") if args.dry_run
            else _("Imported: {counts} (as of {date}).")).format(
        counts=counts, date=result.as_of.isoformat())
    if result.problems_file:
        text += " " + _("The rows left out, with their problems, are in {file}; correct them "
                        "there and import that file.").format(file=result.problems_file)
    return text


def run_export(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.permissions import require
    from carepoint.roster_export import export_roster

    store = open_for(args)
    try:
        actor = require(acting_account(args, store), "export")
        count = export_roster(store, args.file, today=today(), actor=actor)
    finally:
        store.close()
    emit(
        args,
        {"exported": count, "file": str(args.file)},
        _("{count} residents exported to {file}").format(count=count, file=args.file),
    )
    return 0


def _cell(text: str, width: int) -> str:
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def run_list(args: argparse.Namespace) -> int:
    from carepoint.residents import RegisterFilter, list_residents

    store = open_for(args)
    try:
        rows = list_residents(store, RegisterFilter(
                status=args.status, category=args.category, group=args.group, search=args.search
            ),
            today(),
        )
    finally:
        store.close()
    if args.json:
        emit(
            args,
            [
                {
                    "id_number": r.id_number,
                    "name": r.name,
                    "gender": r.gender,
                    "birth_date": r.birth_date.isoformat(),
                    "group": r.group_name,
                    "status": r.status,
                    "categories": list(r.categories),
                    "age": r.age,
                    "registered_on": r.registered_on.isoformat() if r.registered_on else None,
                }
                for r in rows
            ],
            "",
        )
        return 0
    widths = (10, 6, 20, 12, 6, 10, 10)
    head = [
        _("name"),
        _("gender"),
        _("ID number"),
        _("birth date"),
        _("age"),
        _("villager group"),
        _("status"),
        _("categories"),
    ]
    out = ["".join(_cell(h, w) for h, w in zip(head, widths, strict=False)) + head[-1]]
    for r in rows:
        cells = [
            r.name,
            _(GENDER_LABELS[r.gender]),
            r.id_number,
            r.birth_date.isoformat(),
            str(r.age),
            r.group_name,
            status_label(r.status),
        ]
        labels = "、".join(categories.label(c) for c in r.categories)
        out.append("".join(_cell(c, w) for c, w in zip(cells, widths, strict=True)) + labels)
    out.append(_("{count} residents").format(count=len(rows)))
    print("\n".join(out))
    return 0


def run_set_status(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number, set_status

    store = open_for(args)
    try:
        resident = find_by_id_number(args.id_number)
        set_status(store, resident.id, args.status, args.date, args.reason, today=today())
    finally:
        store.close()
    emit(
        args,
        {
            "id_number": resident.id_number,
            "name": resident.name,
            "status": args.status,
            "date": args.date.isoformat(),
            "previous_status": resident.status,
        },
        _("{name}: {old} → {new} from {date}").format(
            name=resident.name,
            old=status_label(resident.status),
            new=status_label(args.status),
            date=args.date.isoformat(),
        ),
    )
    return 0
