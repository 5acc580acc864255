"""`report NAME --month YYYY-MM --out FILE.pdf [--public]`: the printed forms, headless."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import open_for, today
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.reports import FORMS


def register(commands, add_globals) -> None:
    report = commands.add_parser("report", help=_("write a printed form as PDF"))
    add_globals(report)
    report.add_argument("name", choices=sorted(FORMS))  # the contract's other names join as built
    report.add_argument("--month", required=True, help="YYYY-MM")
    report.add_argument("--out", required=True, type=Path)
    report.add_argument("--public", action="store_true", help=_("mask sensitive fields"))
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from carepoint.cli import emit
    from carepoint.reports.common import parse_month

    month = parse_month(args.month)
    if args.out.suffix.lower() != ".pdf":
        raise UserInputError(
            _("The form is written as a .pdf file; got {file}").format(file=args.out.name)
        )
    if not args.out.parent.is_dir():
        raise UserInputError(
            _("The folder {folder} does not exist.").format(folder=args.out.parent)
        )
    store = open_for(args)
    try:
        spec = FORMS[args.name]
        if args.public and not spec.can_mask:
            raise UserInputError(_("This form has no public variant"))
        path = spec.write(store, month, args.out, public=args.public, today=today())
    finally:
        store.close()
    emit(args, {"form": args.name, "file": str(path)}, _("Written: {file}").format(file=path))
    return 0
