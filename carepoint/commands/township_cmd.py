"""`township enroll | confirm | held | review | status | flags | conflicts | resolve | …`: the
township office's work."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.i18n import _, format_fen


def register(commands, add_globals) -> None:
    township = commands.add_parser("township", help=_("the township office: villages, reviews"))
    add_globals(township)
    sub = township.add_subparsers(
        dest="township_command", metavar="ACTION", required=True, parser_class=type(township)
    )
    enroll = sub.add_parser("enroll", help=_("write the enrollment file for one village"))
    add_globals(enroll)
    enroll.add_argument("--village-code", required=True)
    enroll.add_argument("--village-name", required=True)
    enroll.add_argument("--out", required=True, type=Path, help=_("the enrollment file to write"))
    enroll.set_defaults(handler=run_enroll)

    rekey = sub.add_parser(
        "rekey", help=_("forget a village's key and write a new enrollment file for it")
    )
    add_globals(rekey)
    rekey.add_argument("--village-code", required=True)
    rekey.add_argument("--out", required=True, type=Path, help=_("the enrollment file to write"))
    rekey.set_defaults(handler=run_rekey)

    new_keys = sub.add_parser(
        "new-keys", help=_("new township keys after losing them; new enrollment files for all")
    )
    add_globals(new_keys)
    new_keys.add_argument("--out", required=True, type=Path, help=_("folder for the files"))
    new_keys.set_defaults(handler=run_new_keys)

    confirm = sub.add_parser(
        "confirm", help=_("confirm a village's key with the digits on its 入网确认单")
    )
    add_globals(confirm)
    confirm.add_argument("village_code", metavar="VILLAGE_CODE")
    confirm_how = confirm.add_mutually_exclusive_group()
    confirm_how.add_argument(
        "--fingerprint", help=_("the 40 digits on the village's 入网确认单 (asked when left out)")
    )
    confirm_how.add_argument(
        "--refuse", action="store_true", help=_("throw away the packages held for the village")
    )
    confirm.set_defaults(handler=run_confirm)

    held = sub.add_parser("held", help=_("packages held until a village's key is confirmed"))
    add_globals(held)
    held.set_defaults(handler=run_held)

    review = sub.add_parser("review", help=_("approve or reject a village's month"))
    add_globals(review)
    review.add_argument("--village-code", required=True)
    review.add_argument("--month", required=True, help="YYYY-MM")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true")
    decision.add_argument("--reject", action="store_true")
    review.add_argument("--comment", default="")
    review.set_defaults(handler=run_review)

    status = sub.add_parser("status", help=_("the enrolled villages side by side"))
    add_globals(status)
    status.add_argument("--month", help=_("YYYY-MM (default: this month)"))
    status.set_defaults(handler=run_status)

    flags = sub.add_parser("flags", help=_("cross-village checks that need attention"))
    add_globals(flags)
    flags.add_argument("--village-code")
    flags.set_defaults(handler=run_flags)

    conflicts = sub.add_parser("conflicts", help=_("records changed on both sides"))
    add_globals(conflicts)
    conflicts.set_defaults(handler=run_conflicts)

    resolve = sub.add_parser("resolve", help=_("decide a conflict"))
    add_globals(resolve)
    resolve.add_argument("conflict_id", type=int)
    resolve.add_argument("--keep", required=True, choices=("township", "village"))
    resolve.set_defaults(handler=run_resolve)

    rule = sub.add_parser("rule", help=_("send a rule table update to every village"))
    add_globals(rule)
    rule.add_argument("--area", required=True)
    rule.add_argument("--from", dest="effective_from", required=True, type=iso_date)
    rule.add_argument("--file", required=True, type=Path, help=_("the rule table as JSON"))
    rule.add_argument("--note", default="")
    rule.set_defaults(handler=run_rule)

    from carepoint.commands import county_cmd

    county_cmd.register_township(sub, add_globals)  # join-county, forward
    from carepoint.commands import clerk_scope_cmd

    clerk_scope_cmd.register(sub, add_globals)


def run_enroll(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.enrollment import enroll_village, require_role
    from carepoint.exchange.keys import passphrase_from_user, township_has_keys
    from carepoint.permissions import require

    store = open_for(args)
    try:
        require_role(store, "township")
        actor = require(acting_account(args, store), "enroll")
        passphrase = None if township_has_keys(store) else passphrase_from_user(confirm=True)
        enrollment = enroll_village(
            store, args.village_code, args.village_name, args.out, passphrase, actor=actor
        )
    finally:
        store.close()
    emit(
        args,
        {"file": str(args.out), "village_code": enrollment.village_code,
         "village_name": enrollment.village_name},
        _("Enrollment file for {name} ({code}) written to {file}; give it to the village").format(
            name=enrollment.village_name, code=enrollment.village_code, file=args.out
        ),
    )  # fmt: skip
    return 0


def run_rekey(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.enrollment import rekey_village, require_role
    from carepoint.permissions import require

    store = open_for(args)
    try:
        require_role(store, "township")
        actor = require(acting_account(args, store), "enroll")
        enrollment = rekey_village(store, args.village_code, args.out, actor=actor)
    finally:
        store.close()
    emit(
        args,
        {"file": str(args.out), "village_code": enrollment.village_code, "rekeyed": True},
        _(
            "The key of {name} ({code}) is no longer accepted. Its new enrollment file is {file}: "
            "the village joins again with it and its next package is accepted"
        ).format(name=enrollment.village_name, code=enrollment.village_code, file=args.out),
    )
    return 0


def run_new_keys(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.enrollment import rekey_township, require_role
    from carepoint.exchange.keys import passphrase_from_user
    from carepoint.permissions import require

    store = open_for(args)
    try:
        require_role(store, "township")
        actor = require(acting_account(args, store), "enroll")
        written = rekey_township(store, passphrase_from_user(confirm=True), args.out, actor=actor)
    finally:
        store.close()
    emit(args, {"files": [str(p) for p in written]}, _(
        "The township has new keys. Give each village its new enrollment file ({count} in "
        "{folder}); each joins again with it and its next package is accepted."
    ).format(count=len(written), folder=args.out))  # fmt: skip
    return 0


def _typed_fingerprint(args: argparse.Namespace) -> str:
    import sys

    from carepoint.errors import UserInputError

    if args.fingerprint:
        return args.fingerprint
    if not sys.stdin.isatty():
        raise UserInputError(_("Give the digits of the 入网确认单 with --fingerprint"))
    return input(_("The 40 digits on the village's 入网确认单: "))


def run_confirm(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.confirmation import confirm_village, refuse_held
    from carepoint.exchange.enrollment import require_role
    from carepoint.exchange.keys import passphrase_from_user

    store = open_for(args)
    try:
        require_role(store, "township")
        actor = acting_account(args, store)
        if args.refuse:
            refused = refuse_held(store, args.village_code, actor=actor)
            emit(args, {"village_code": args.village_code, "refused": len(refused)},
                 _("{count} held packages of village {code} thrown away; nothing was imported")
                 .format(count=len(refused), code=args.village_code))  # fmt: skip
            return 0
        done = confirm_village(
            store, args.village_code, _typed_fingerprint(args), passphrase_from_user,
            actor=actor,
        )  # fmt: skip
    finally:
        store.close()
    lines = [_("The key of village {code} is confirmed ({digits}).").format(
        code=done.village_code, digits=done.digits)]  # fmt: skip
    lines += [
        _("Package {seq} imported: {new} new, {changed} changed, {conflicts} conflicts").format(
            seq=p.sequence, new=p.total("new"), changed=p.total("changed"),
            conflicts=p.total("conflicts"))
        for p in done.imported
    ]  # fmt: skip
    lines += [
        _("{file} was signed with another key ({digits}) and was thrown away").format(
            file=h.name, digits=h.digits)
        for h in done.refused
    ]  # fmt: skip
    if not done.imported and not done.refused:
        lines.append(_("No package is held; the village's first package will be accepted."))
    emit(args, {"village_code": done.village_code, "fingerprint": done.digits,
                "imported": [p.to_json() for p in done.imported],
                "refused": [h.name for h in done.refused]}, "\n".join(lines))  # fmt: skip
    return 0


def run_held(args: argparse.Namespace) -> int:
    from carepoint.exchange.confirmation import held_packages
    from carepoint.exchange.enrollment import require_role

    store = open_for(args)
    try:
        require_role(store, "township")
        found = held_packages(store)
    finally:
        store.close()
    lines = [
        _("{code} {name}, package {seq}: key {digits}").format(
            code=h.village_code, name=h.village_name, seq=h.sequence, digits=h.digits)
        for h in found
    ]  # fmt: skip
    payload = [{"village_code": h.village_code, "village_name": h.village_name,
                "sequence": h.sequence, "fingerprint": h.digits, "file": h.name}
               for h in found]  # fmt: skip
    emit(args, payload, "\n".join(lines) or _("No package is waiting for a confirmation"))
    return 0


def run_review(args: argparse.Namespace) -> int:
    from carepoint.commands.acting import acting_account
    from carepoint.exchange.review import review_month
    from carepoint.permissions import require

    store = open_for(args)
    try:
        actor = require(acting_account(args, store), "approve")
        store.actor = actor.username  # the review names who approved
        review_month(store, args.village_code, args.month, approve=args.approve,
                     comment=args.comment)  # fmt: skip
    finally:
        store.close()
    state = "approved" if args.approve else "rejected"
    human = _("{village} {month} approved") if args.approve else _("{village} {month} rejected")
    emit(args, {"village_code": args.village_code, "month": args.month, "review": state},
         human.format(village=args.village_code, month=args.month)
         + " " + _("(sent with the next return package)"))  # fmt: skip
    return 0


def run_status(args: argparse.Namespace) -> int:
    from carepoint.exchange.enrollment import require_role
    from carepoint.exchange.queries import month_overview, villages

    month = args.month or f"{today():%Y-%m}"
    store = open_for(args)
    try:
        require_role(store, "township")
        found, overview = villages(store), month_overview(store, month)
    finally:
        store.close()
    lines = []
    for village, figures in zip(found, overview, strict=True):
        rate = f"{figures.visit_rate:.0%}" if figures.visit_rate is not None else "—"
        lines.append(
            _("{code} {name}: package {seq}, {residents} residents; {month}: visit rate {rate},"
              " {meals} meals, subsidies {amount}; review {review}; {flags} flags,"
              " {conflicts} conflicts").format(
                code=village.code, name=village.name, seq=village.last_sequence,
                residents=village.residents, month=figures.month, rate=rate, meals=figures.meals,
                amount=format_fen(figures.subsidy_fen), review=figures.review or "—",
                flags=village.open_flags, conflicts=village.open_conflicts,
            )
        )  # fmt: skip
    payload = [
        {**village.to_json(), "month": figures.to_json()}
        for village, figures in zip(found, overview, strict=True)
    ]
    emit(args, payload, "\n".join(lines) or _("No village is enrolled yet"))
    return 0


def run_flags(args: argparse.Namespace) -> int:
    from carepoint.exchange.enrollment import require_role
    from carepoint.exchange.flags import open_flags

    store = open_for(args)
    try:
        require_role(store, "township")
        found = open_flags(store, args.village_code)
    finally:
        store.close()
    lines = [f"{f.village_code} {f.label}: {f.message}" for f in found]
    emit(args, [f.to_json() for f in found], "\n".join(lines) or _("No open flags"))
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from carepoint.exchange.conflicts import list_conflicts
    from carepoint.exchange.enrollment import require_role

    store = open_for(args)
    try:
        require_role(store, "township")
        found = list_conflicts(store)
    finally:
        store.close()
    lines = []
    for c in found:
        lines.append(f"#{c.id} {c.village_code} {c.table} {c.uuid}: {c.reason_text}")
        lines += [
            _("  {field}: township {kept!r} / village {incoming!r}").format(
                field=name, kept=kept, incoming=incoming
            )
            for name, (kept, incoming) in c.differences.items()
        ]
    emit(args, [c.to_json() for c in found], "\n".join(lines) or _("No open conflicts"))
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from carepoint.exchange.conflicts import resolve_conflict

    store = open_for(args)
    try:
        found = resolve_conflict(store, args.conflict_id, args.keep)
    finally:
        store.close()
    if args.keep == "village":
        human = _("Conflict {id} resolved: the village's version was taken")
    else:
        human = _("Conflict {id} resolved: the township's copy was kept")
    emit(args, {"id": found.id, "choice": args.keep}, human.format(id=found.id))
    return 0


def run_rule(args: argparse.Namespace) -> int:
    import json

    from carepoint.errors import UserInputError
    from carepoint.exchange.review import send_rule_update

    try:
        content = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserInputError(
            _("{file} is not a readable JSON rule table").format(file=args.file)
        ) from None
    store = open_for(args)
    try:
        send_rule_update(store, args.area, args.effective_from, content, args.note)
    finally:
        store.close()
    emit(args, {"area": args.area, "effective_from": args.effective_from.isoformat()},
         _("Rule update for {area} from {date} saved; it goes out with the next return packages")
         .format(area=args.area, date=args.effective_from.isoformat()))  # fmt: skip
    return 0
