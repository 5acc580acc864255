"""`backup [--out DIR]`, `restore FILE [--yes]`, `check`: keeping the data safe, headless."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from carepoint import migrations
from carepoint.commands import data_dir
from carepoint.commands._base import emit
from carepoint.db import DB_FILE, is_office_database
from carepoint.errors import EXIT_INTEGRITY, UserInputError
from carepoint.i18n import _, format_number


def register(commands, add_globals) -> None:
    backup = commands.add_parser("backup", help=_("make a checked copy of the data"))
    add_globals(backup)
    backup.add_argument("--out", type=Path, help=_("folder for the copy (default: backups/)"))
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser("restore", help=_("put a backup back in place of the data"))
    add_globals(restore)
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    restore.set_defaults(handler=run_restore)

    keys = commands.add_parser("keys", help=_("the exchange keys kept in backups"))
    add_globals(keys)
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True,
                                   parser_class=type(keys))  # fmt: skip
    recovery = keys_sub.add_parser(
        "recovery", help=_("set the village's recovery passphrase (backups then carry its keys)")
    )
    add_globals(recovery)
    recovery.set_defaults(handler=run_recovery)
    join = keys_sub.add_parser(
        "join", help=_("join the township with its enrollment file (again after a re-key)")
    )
    add_globals(join)
    join.add_argument("file", type=Path)
    join.set_defaults(handler=run_join)

    check = commands.add_parser("check", help=_("check the data for damage"))
    add_globals(check)
    check.set_defaults(handler=run_check)


def run_backup(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.safety.backup import make_backup

    record = make_backup(data_dir(args), args.out, actor=acting_account(args))
    emit(
        args,
        asdict(record),
        _("Backup written and checked: {file} ({residents} residents, {size} bytes)").format(
            file=record.file,
            residents=format_number(record.counts.get("resident", 0)),
            size=format_number(record.size),
        ),
    )
    return 0


def describe(facts, warnings: list[str]) -> str:
    """What a backup holds, as shown before anything is replaced."""
    from carepoint.safety.facts import SHOWN_COUNTS
    from carepoint.safety.restore import made_at_text

    lines = [
        _("Backup: {file}").format(file=facts.path),
        _("Made: {time}").format(time=made_at_text(facts)),
        _("Village: {name} ({code})").format(name=facts.village_name, code=facts.village_code),
        _("Data version: {found} (this program: {known})").format(
            found=facts.schema_version, known=migrations.latest_version()
        ),
    ]
    lines += [
        _("{what}: {count}").format(what=_(label), count=format_number(facts.counts.get(key, 0)))
        for key, (label, _sql) in SHOWN_COUNTS.items()
    ]
    lines += [_("Warning: {text}").format(text=text) for text in warnings]
    return "\n".join(lines)


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UserInputError(
            _("Restoring replaces the data; run the command again with --yes to confirm.")
        )
    answer = input(_("Replace the data with this backup? [y/N] "))
    return answer.strip().lower() in ("y", "yes", "是", "好")


def run_restore(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.permissions import require
    from carepoint.safety.restore import apply_restore, prepare_restore

    folder = data_dir(args)
    actor = require(acting_account(args), "restore")
    if is_office_database(folder):
        return _restore_office(args, folder, actor)
    plan = prepare_restore(folder, args.file)
    try:
        print(describe(plan.backup, plan.warnings()), file=sys.stderr if args.json else sys.stdout)
        if not _confirmed(args):
            print(_("Nothing was changed."), file=sys.stderr)
            return 0
        from carepoint.exchange.keys import passphrase_from_user

        result = apply_restore(plan, folder, actor=actor, key_passphrase=passphrase_from_user)
    finally:
        plan.discard()
    emit(
        args,
        {
            **result.facts.to_json(),
            "safety_copy": str(result.safety_copy) if result.safety_copy else None,
            "upgraded_from": result.upgraded_from,
            "warnings": plan.warnings(),
        },
        _("Restored. The data as it was before is kept in {file}").format(
            file=result.safety_copy
        )
        if result.safety_copy
        else _("Restored."),
    )
    return 0


def _restore_office(args: argparse.Namespace, folder: Path, actor) -> int:
    """An office on PostgreSQL: the dump is checked in a scratch database, then replaces the
    data in one transaction after a safety backup (carepoint/office/backup.py)."""
    from carepoint.office.backup import backup_facts, restore_office_backup

    facts = backup_facts(args.file)
    lines = [_("Backup: {file}").format(file=args.file),
             _("Made: {time}").format(time=facts.get("made_at", "")),
             _("Village: {name} ({code})").format(name=facts.get("village_name", ""),
                                                  code=facts.get("office_code", ""))]  # fmt: skip
    print("\n".join(lines), file=sys.stderr if args.json else sys.stdout)
    if not _confirmed(args):
        print(_("Nothing was changed."), file=sys.stderr)
        return 0
    result = restore_office_backup(folder, args.file, actor=actor)
    emit(args, result, _("Restored. The data as it was before is kept in {file}").format(
        file=result["safety_copy"]))  # fmt: skip
    return 0


def run_recovery(args: argparse.Namespace) -> int:
    """The village's keys under a passphrase written on its 密钥恢复单: backups carry them."""
    from carepoint.cli import emit
    from carepoint.commands import open_for
    from carepoint.commands.acting import acting_account
    from carepoint.exchange import keys
    from carepoint.permissions import require

    store = open_for(args)
    try:
        actor = require(acting_account(args, store), "enroll")
        current = keys.current_recovery_from_user() if keys.sign_key_locked(store) else None
        keys.set_recovery_passphrase(
            store, keys.passphrase_from_user(confirm=True, recovery=True), current=current,
            actor=actor,
        )  # fmt: skip
    finally:
        store.close()
    emit(args, {"recovery": True}, _(
        "The village's keys are kept under the recovery passphrase; every backup from now on "
        "carries them. Write the passphrase on the key recovery sheet (密钥恢复单) and keep it in "
        "the office file."
    ))  # fmt: skip
    return 0


def run_join(args: argparse.Namespace) -> int:
    from carepoint.cli import emit
    from carepoint.commands import open_for
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.enrollment import enroll_from_file
    from carepoint.permissions import require

    store = open_for(args)
    try:
        actor = require(acting_account(args, store), "enroll")
        enrollment = enroll_from_file(store, args.file, actor=actor)
    finally:
        store.close()
    emit(args, {"township_code": enrollment.township_code}, _(
        "Joined {township}; the next package goes there."
    ).format(township=enrollment.township_name) + " " + _(
        "Print the 入网确认单 (carepoint sync slip --out FILE.pdf) and give it to the township: "
        "its first package is held until the township confirms the digits on it."
    ))  # fmt: skip
    return 0


def run_check(args: argparse.Namespace) -> int:
    from carepoint.safety.facts import check_database

    path = data_dir(args) / DB_FILE
    if is_office_database(data_dir(args)):
        from carepoint.office.backup import check_office

        report = check_office(data_dir(args))
    elif not path.is_file():
        raise UserInputError(_("No CarePoint data in {folder}.").format(folder=path.parent))
    else:
        report = check_database(path)
    lines = [
        _("Data version: {found} (this program: {known})").format(
            found=report.schema_version, known=report.latest_version
        ),
        *(_("Damage: {problem}").format(problem=p) for p in report.integrity),
        *(_("Broken link: {problem}").format(problem=p) for p in report.foreign_keys),
        *(_("Not written by CarePoint: {problem}").format(problem=p) for p in report.schema),
    ]
    if not report.schema_ok:
        lines.append(_("This data version cannot be used by this program."))
    if report.ok:
        lines.append(
            _("No damage found in {tables} tables ({rows} rows).").format(
                tables=len(report.tables), rows=format_number(sum(report.tables.values()))
            )
        )
    elif report.schema:
        lines.append(
            _(
                "The data holds code CarePoint did not write, which could change it behind your "
                "back. Restore the last good backup."
            )
        )
    else:
        lines.append(_("The data is damaged. Restore the last good backup."))
    if args.json:
        emit(args, report.to_json(), "")
    else:
        print("\n".join(lines), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else EXIT_INTEGRITY
