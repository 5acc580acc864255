"""`report NAME --month YYYY-MM --out FILE.pdf [--public] [--village CODE]`: the printed forms,
headless. A township office prints its own forms over its villages (reports.TOWNSHIP_FORMS)."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.commands import open_for, today
from carepoint.commands._base import emit
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.reports import FORMS, TOWNSHIP_FORMS, FormSpec, is_township


def register(commands, add_globals) -> None:
    report = commands.add_parser(
        "report",
        help=_("write a printed form as PDF"),
        description=_(
            "Forms: {names}. The record card needs --id-number; the volunteer hours "
            "certificate needs --volunteer (a name, or the volunteer's number when two share "
            "a name). Both print as of today unless --month is given. At a township office: "
            "{township}, over all villages or one (--village)."
        ).format(names=", ".join(FORMS), township=", ".join(TOWNSHIP_FORMS)),
    )
    add_globals(report)
    report.add_argument("name", choices=list(FORMS))
    report.add_argument("--month", help=_("YYYY-MM (required for the monthly forms)"))
    report.add_argument("--out", required=True, type=Path)
    report.add_argument(
        "--public", action="store_true", help=_("mask sensitive fields (roster, subsidies)")
    )
    report.add_argument(
        "--notice-for",
        metavar="CATEGORY",
        help=_(
            "public roster: the benefit the notice is about (a category code such as low_income, "
            "or its Chinese name), which the notice then shows"
        ),
    )
    report.add_argument("--id-number", help=_("the resident's ID number (record card)"))
    report.add_argument("--volunteer", help=_("the volunteer's name or number (hours certificate)"))
    report.add_argument(
        "--village",
        metavar="CODE",
        help=_(
            "township or county office: only this village (its code), or at a county one "
            "township (its 9-digit code)"
        ),
    )
    report.set_defaults(handler=run_report)


def _subject(spec, args: argparse.Namespace) -> str | None:
    given = {"resident": args.id_number, "volunteer": args.volunteer}
    for kind, value in given.items():
        if value is not None and spec.subject != kind:
            option = "--id-number" if kind == "resident" else "--volunteer"
            raise UserInputError(
                _("{option} does not apply to the form {name}").format(
                    option=option, name=spec.name
                )
            )
    if spec.subject and not (given[spec.subject] or "").strip():
        if spec.subject == "resident" and spec.name != "card":
            raise UserInputError(_("The form {name} needs --id-number").format(name=spec.name))
        if spec.subject == "resident":
            raise UserInputError(_("The record card needs --id-number"))
        raise UserInputError(_("The hours certificate needs --volunteer"))
    return given.get(spec.subject)


def _notice_for(spec: FormSpec, args: argparse.Namespace) -> str:
    from carepoint import categories
    from carepoint.reports.roster import PRIVATE_CATEGORIES

    if spec.name != "roster" or not args.public:
        raise UserInputError(_("--notice-for applies only to the public roster (roster --public)"))
    text = args.notice_for.strip()
    code = text if text in PRIVATE_CATEGORIES else categories.code_for(text)
    if code not in PRIVATE_CATEGORIES:
        raise UserInputError(
            _("A notice can be about one of: {choices}; got {value!r}").format(
                choices="、".join(f"{c} ({categories.label(c)})" for c in PRIVATE_CATEGORIES),
                value=text,
            )
        )
    return code


@uses_store
def _spec(store, args: argparse.Namespace) -> FormSpec:
    if not is_township(store):
        if args.village is not None:
            raise UserInputError(_("--village applies only at a township office"))
        return FORMS[args.name]
    if args.name not in TOWNSHIP_FORMS:
        raise UserInputError(
            _(
                "The form {name} is printed at a village care point; the township office "
                "prints: {names}"
            ).format(name=args.name, names=", ".join(TOWNSHIP_FORMS))
        )
    return TOWNSHIP_FORMS[args.name]


def run_report(args: argparse.Namespace) -> int:
    store = open_for(args)
    try:
        path = _write(store, _spec(store, args), args)
    finally:
        store.close()
    emit(args, {"form": args.name, "file": str(path)}, _("Written: {file}").format(file=path))
    return 0


@uses_store
def _write(store, spec: FormSpec, args: argparse.Namespace):
    from carepoint.reports.common import parse_month

    if args.public and not spec.can_mask:
        raise UserInputError(_("This form has no public variant"))
    subject = _subject(spec, args)
    if args.month is None and not spec.subject:
        raise UserInputError(_("This form needs --month YYYY-MM"))
    month = parse_month(args.month) if args.month else today().replace(day=1)
    if args.out.suffix.lower() != ".pdf":
        raise UserInputError(
            _("The form is written as a .pdf file; got {file}").format(file=args.out.name)
        )
    if not args.out.parent.is_dir():
        raise UserInputError(
            _("The folder {folder} does not exist.").format(folder=args.out.parent)
        )
    from carepoint.commands.acting import acting_account

    options = {"public": args.public, "today": today(), "actor": acting_account(args, store)}
    if spec.subject:
        options["subject"] = subject
    if args.village is not None:
        options["village"] = args.village
    if args.notice_for is not None:
        options["notice_for"] = _notice_for(spec, args)
    return spec.write(store, month, args.out, **options)
