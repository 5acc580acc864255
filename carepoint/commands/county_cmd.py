"""`county enroll | confirm | held | import | overview` at a county office, and
`township join-county | forward` at a township (issue 21: village → township → county)."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.commands._base import emit, opened
from carepoint.i18n import _, format_fen
from carepoint.values import month_arg


def register(commands, add_globals) -> None:
    county = commands.add_parser("county", help=_("the county office: townships and villages"))
    add_globals(county)
    sub = county.add_subparsers(
        dest="county_command", metavar="ACTION", required=True, parser_class=type(county)
    )
    enroll = sub.add_parser("enroll", help=_("write the enrollment file for one township"))
    add_globals(enroll)
    enroll.add_argument("township_code", metavar="TOWNSHIP_CODE")
    enroll.add_argument("--name", required=True, help=_("the township's name"))
    enroll.add_argument("--out", required=True, type=Path, help=_("the enrollment file to write"))
    enroll.set_defaults(handler=run_enroll)

    rekey = sub.add_parser(
        "rekey", help=_("forget a township's key and write a new enrollment file for it")
    )
    add_globals(rekey)
    rekey.add_argument("township_code", metavar="TOWNSHIP_CODE")
    rekey.add_argument("--out", required=True, type=Path, help=_("the enrollment file to write"))
    rekey.set_defaults(handler=run_rekey)

    confirm = sub.add_parser(
        "confirm", help=_("confirm a township's key with the digits its clerk was shown")
    )
    add_globals(confirm)
    confirm.add_argument("township_code", metavar="TOWNSHIP_CODE")
    confirm.add_argument("--fingerprint", required=True, help=_("the 40 digits"))
    confirm.set_defaults(handler=run_confirm)

    held = sub.add_parser("held", help=_("containers held until a township's key is confirmed"))
    add_globals(held)
    held.set_defaults(handler=run_held)

    imports = sub.add_parser("import", help=_("import townships' containers"))
    add_globals(imports)
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imports.add_argument("--dry-run", action="store_true")
    imports.set_defaults(handler=run_import)

    overview = sub.add_parser("overview", help=_("townships and villages side by side"))
    add_globals(overview)
    overview.add_argument("--month", required=True, type=month_arg, help="YYYY-MM")
    overview.set_defaults(handler=run_overview)


def register_township(sub, add_globals) -> None:
    """The township's part, under `township`."""
    join = sub.add_parser("join-county", help=_("join the county of an enrollment file"))
    add_globals(join)
    join.add_argument("file", type=Path, metavar="FILE")
    join.set_defaults(handler=run_join)

    forward = sub.add_parser(
        "forward", help=_("write the county's container of the village packages imported since")
    )
    add_globals(forward)
    forward.add_argument("--to", required=True, type=Path, help=_("folder (the USB drive)"))
    forward.set_defaults(handler=run_forward)


@uses_store
def _actor(args, store, action):
    from carepoint.commands.acting import acting_account
    from carepoint.permissions import require

    return require(acting_account(args, store), action)


def run_enroll(args: argparse.Namespace) -> int:
    from carepoint.county.enrollment import enroll_township, require_county
    from carepoint.exchange.keys import passphrase_from_user, township_has_keys

    with opened(args) as store:
        require_county(store)
        actor = _actor(args, store, "enroll")
        passphrase = None if township_has_keys(store) else passphrase_from_user(confirm=True)
        found = enroll_township(store, args.township_code, args.name, args.out, passphrase,
                                actor=actor)  # fmt: skip
    emit(args, {"file": str(args.out), "township_code": found.township_code,
                "township_name": found.township_name},
         _("Enrollment file for {name} ({code}) written to {file}; give it to the township")
         .format(name=found.township_name, code=found.township_code, file=args.out))  # fmt: skip
    return 0


def run_rekey(args: argparse.Namespace) -> int:
    from carepoint.county.enrollment import rekey_township

    with opened(args) as store:
        actor = _actor(args, store, "enroll")
        found = rekey_township(store, args.township_code, args.out, actor=actor)
    emit(args, {"file": str(args.out), "township_code": found.township_code, "rekeyed": True},
         _("The key of {name} ({code}) is no longer accepted. Its new enrollment file is {file}:"
           " the township joins again with it, and its next container is held until its new "
           "key is confirmed").format(name=found.township_name, code=found.township_code,
                                      file=args.out))  # fmt: skip
    return 0


def run_join(args: argparse.Namespace) -> int:
    from carepoint.county.enrollment import join_county, require_township
    from carepoint.exchange.keys import passphrase_from_user, township_has_keys

    with opened(args) as store:
        require_township(store)
        actor = _actor(args, store, "enroll")
        passphrase = None if township_has_keys(store) else passphrase_from_user(confirm=True)
        found, digits = join_county(store, args.file, passphrase, actor=actor)
    emit(args, {"county_code": found.county_code, "county_name": found.county_name,
                "fingerprint": digits},
         _("This township now forwards its villages' packages to {name} ({code}). Tell the "
           "county's clerk the fingerprint of its key: {digits}")
         .format(name=found.county_name, code=found.county_code, digits=digits))  # fmt: skip
    return 0


def run_forward(args: argparse.Namespace) -> int:
    from carepoint.county.forward import forward
    from carepoint.exchange.keys import passphrase_from_user

    with opened(args) as store:
        actor = _actor(args, store, "exchange")
        done = forward(store, args.to, passphrase_from_user, actor=actor)
    if done.path is None:
        emit(
            args,
            {"file": None, "villages": []},
            _("No village package was imported since the last forward; nothing was written"),
        )
        return 0
    emit(args, {"file": str(done.path), "sequence": done.sequence, "villages": done.villages},
         _("{count} village packages forwarded to the county in {file}")
         .format(count=len(done.villages), file=done.path))  # fmt: skip
    return 0


def run_confirm(args: argparse.Namespace) -> int:
    from carepoint.county.confirm import confirm_township
    from carepoint.exchange.keys import passphrase_from_user

    with opened(args) as store:
        actor = _actor(args, store, "enroll")
        done = confirm_township(store, args.township_code, args.fingerprint, passphrase_from_user,
                                actor=actor)  # fmt: skip
    emit(
        args,
        {
            "township_code": done.township_code,
            "fingerprint": done.digits,
            "imported": [c.to_json() for c in done.imported],
            "refused": [h.name for h in done.refused],
        },
        _(
            "The key of township {code} is confirmed ({digits}); {count} held containers imported"
        ).format(code=done.township_code, digits=done.digits, count=len(done.imported)),
    )
    return 0


def run_held(args: argparse.Namespace) -> int:
    from carepoint.county.enrollment import require_county
    from carepoint.exchange.confirmation import held_packages

    with opened(args) as store:
        require_county(store)
        found = held_packages(store)
    emit(args, [{"township_code": h.village_code, "sequence": h.sequence,
                 "fingerprint": h.digits, "file": h.name} for h in found],
         "\n".join(_("{code}, container {seq}: key {digits}").format(
             code=h.village_code, seq=h.sequence, digits=h.digits) for h in found)
         or _("No container is waiting for a confirmation"))  # fmt: skip
    return 0


def run_import(args: argparse.Namespace) -> int:
    from carepoint.county.county_import import import_containers
    from carepoint.exchange.keys import passphrase_from_user
    from carepoint.exchange.packages import status_label

    with opened(args) as store:
        actor = _actor(args, store, "exchange")
        result = import_containers(store, args.files, passphrase_from_user,
                                   dry_run=args.dry_run, actor=actor)  # fmt: skip
    lines = []
    for found in result.containers:
        status = (
            _("held: the township's key awaits confirmation; nothing imported")
            if found.status == "awaiting confirmation"
            else status_label(found.status)
        )
        lines.append(
            _("{file} from {name} ({code}): {status}").format(
                file=found.file, name=found.township_name, code=found.township_code, status=status
            )
        )
        lines += [
            "  "
            + _(
                "{code} {name}, package {seq}: {new} new, {changed} changed, {conflicts} conflicts"
            ).format(
                code=v.village_code,
                name=v.village_name,
                seq=v.sequence,
                new=v.total("new"),
                changed=v.total("changed"),
                conflicts=v.total("conflicts"),
            )
            for v in found.villages
        ]
    lines += [f"{f.village_code} {f.label}: {f.message}" for f in result.new_flags]
    emit(args, result.to_json(), "\n".join(lines))  # fmt: skip
    return 0


def run_overview(args: argparse.Namespace) -> int:
    from carepoint.county.overview import county_month

    with opened(args) as store:
        found = county_month(store, str(args.month))
    lines = []
    for township in found.townships:
        rate = f"{township.visit_rate:.0%}" if township.visit_rate is not None else "—"
        lines.append(
            _(
                "{code} {name}: {villages} villages, {residents} residents, visit rate "
                "{rate}, {meals} meals, subsidies {amount}"
            ).format(
                code=township.code,
                name=township.name,
                villages=len(township.villages),
                residents=township.residents,
                rate=rate,
                meals=township.total("meals"),
                amount=format_fen(township.total("subsidy_fen")),
            )
        )
        for v in township.villages:
            rate = f"{v.visit_rate:.0%}" if v.visit_rate is not None else "—"
            lines.append(
                "  "
                + _(
                    "{code} {name}: {residents} residents, visit rate {rate}, "
                    "{meals} meals, subsidies {amount}"
                ).format(
                    code=v.village_code,
                    name=v.village_name,
                    residents=sum(v.residents.values()),
                    rate=rate,
                    meals=v.meals,
                    amount=format_fen(v.subsidy_fen),
                )
            )
    for flag in (*found.duplicate_ids, *found.paid_after_death):
        lines.append(f"{flag.village_code} {flag.label}: {flag.message}")
    emit(args, found.to_json(), "\n".join(lines) or _("No township has sent anything yet"))
    return 0
