"""`sync export` and `sync import`: USB packages between a village and its township."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.commands import open_for
from carepoint.commands._base import emit
from carepoint.i18n import _


def register(commands, add_globals) -> None:
    sync = commands.add_parser("sync", help=_("exchange packages with the township by USB"))
    add_globals(sync)
    sub = sync.add_subparsers(
        dest="sync_command", metavar="ACTION", required=True, parser_class=type(sync)
    )
    export = sub.add_parser(
        "export",
        help=_("write the next package for the township (at the township: the return packages)"),
    )
    add_globals(export)
    export.add_argument("--out", required=True, type=Path, help=_("folder, e.g. the USB drive"))
    export.set_defaults(handler=run_export)

    imp = sub.add_parser(
        "import", help=_("import village packages (township) or a return package (village)")
    )
    add_globals(imp)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument(
        "--dry-run", action="store_true", help=_("only show what would change; write nothing")
    )
    imp.set_defaults(handler=run_import)

    slip = sub.add_parser(
        "slip",
        help=_("print the 入网确认单: the fingerprint of this village's key, for the township"),
    )
    add_globals(slip)
    slip.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    slip.set_defaults(handler=run_slip)

    sheet = sub.add_parser(
        "recovery-sheet", help=_("print the 密钥恢复单 (after `carepoint keys recovery`)")
    )
    add_globals(sheet)
    sheet.add_argument("--out", required=True, type=Path, help=_("the PDF file to write"))
    sheet.add_argument(
        "--kept", required=True,
        help=_("where the recovery passphrase is kept (not the passphrase)"),
    )
    sheet.set_defaults(handler=run_recovery_sheet)


@uses_store
def _is_township(store) -> bool:
    return store.setting("role") == "township"


@uses_store
def _acting(args: argparse.Namespace, store):
    from carepoint.commands.acting import acting_account
    from carepoint.permissions import require

    return require(acting_account(args, store), "exchange")


def run_export(args: argparse.Namespace) -> int:
    store = open_for(args)
    try:
        actor = _acting(args, store)
        if _is_township(store):
            from carepoint.exchange.keys import passphrase_from_user
            from carepoint.exchange.returns import export_returns

            written = export_returns(store, args.out, passphrase_from_user(), actor=actor)
            payload = [r.to_json() for r in written]
            lines = [
                _("Return package for {village} written to {file}").format(
                    village=r.village_code, file=r.path
                )
                for r in written
            ] or [_("No village has results waiting; nothing was written")]
            emit(args, payload, "\n".join(lines))
            return 0
        from carepoint.exchange.keys import passphrase_from_user
        from carepoint.exchange.village_export import export_package

        result = export_package(
            store, args.out, actor=actor,
            passphrase=lambda: passphrase_from_user(recovery=True),  # asked only when locked
        )  # fmt: skip
    finally:
        store.close()
    emit(
        args,
        {"file": str(result.path), "sequence": result.sequence, "size": result.size,
         "counts": result.counts},
        _("Package {seq} with {count} records written to {file} ({size:,} bytes)").format(
            seq=result.sequence, count=sum(result.counts.values()), file=result.path,
            size=result.size,
        ),
    )  # fmt: skip
    return 0


def run_import(args: argparse.Namespace) -> int:
    store = open_for(args)
    if store.setting("role") == "county":  # townships' containers: `county import`
        store.close()
        from carepoint.commands.county_cmd import run_import as county_import

        return county_import(args)
    try:
        actor = _acting(args, store)
        if not _is_township(store):
            from carepoint.exchange.village_return import import_return

            result = import_return(store, args.files, dry_run=args.dry_run, actor=actor)
            emit(args, result.to_json(), result.describe())
            return 0
        from carepoint.exchange.keys import passphrase_from_user
        from carepoint.exchange.township_import import import_packages

        result = import_packages(
            store, args.files, passphrase_from_user, dry_run=args.dry_run, actor=actor
        )
    finally:
        store.close()
    emit(args, result.to_json(), _describe(result))
    return 0


def run_slip(args: argparse.Namespace) -> int:
    from carepoint.exchange.confirmation import own_digits
    from carepoint.reports.enrollment_slip import write_enrollment_slip

    store = open_for(args)
    try:
        written = write_enrollment_slip(store, args.out)
        digits = own_digits(store)
    finally:
        store.close()
    emit(args, {"file": str(written), "fingerprint": digits}, _(
        "入网确认单 written to {file}. Fingerprint: {digits}. Sign and stamp it and give it to "
        "the township office."
    ).format(file=written, digits=digits))  # fmt: skip
    return 0


def run_recovery_sheet(args: argparse.Namespace) -> int:
    from carepoint.reports.enrollment_slip import write_recovery_sheet

    store = open_for(args)
    try:
        written = write_recovery_sheet(store, args.out, args.kept)
    finally:
        store.close()
    emit(args, {"file": str(written)}, _("密钥恢复单 written to {file}; keep it in the office file")
         .format(file=written))  # fmt: skip
    return 0


def _describe(result) -> str:
    from carepoint.exchange.packages import status_label

    lines = []
    for p in result.packages:
        status = status_label(p.status)
        lines.append(
            _("{file} ({village} {name}, package {seq}): {status}; {new} new, {changed} changed,"
              " {unchanged} unchanged, {conflicts} conflicts").format(
                file=p.file, village=p.village_code, name=p.village_name, seq=p.sequence,
                status=status, new=p.total("new"), changed=p.total("changed"),
                unchanged=p.total("unchanged"), conflicts=p.total("conflicts"),
            )
        )  # fmt: skip
    held = sorted({p.village_code for p in result.packages if p.status == "awaiting confirmation"})
    lines += [
        _("Village {code}: compare the key's fingerprint with its 入网确认单, then run "
          "`carepoint township confirm {code} --fingerprint DIGITS` (see `township held`)")
        .format(code=code)
        for code in held
    ]  # fmt: skip
    lines += [f"{flag.label}: {flag.message}" for flag in result.new_flags]
    if result.dry_run:
        lines.append(_("Dry run: nothing was written."))
    return "\n".join(lines)
