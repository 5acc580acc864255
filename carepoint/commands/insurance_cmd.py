"""`insurance list | export | rule | claim | claims | settle`: the yearly accident insurance."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import action, group, listed, recorded
from carepoint.i18n import _, format_date, format_fen
from carepoint.ledgers import insurance as core
from carepoint.ledgers.common import resident_by_id_number
from carepoint.values import parse_yuan


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "insurance", _("the older residents' accident insurance"))
    listing = action(sub, add_globals, "list", _("the year's insured list"), run_list)
    listing.add_argument("--year", type=int, help=_("the policy year (default: this year)"))

    export = action(sub, add_globals, "export", _("the insured list in the insurer's layout"),
                    run_export)  # fmt: skip
    export.add_argument("--year", type=int, help=_("the policy year (default: this year)"))
    export.add_argument("--out", required=True, type=Path, help=_(".xlsx or .csv"))
    export.add_argument("--layout", type=Path, help=_("the insurer's layout (a .toml file)"))

    rule = action(sub, add_globals, "rule", _("show or change who is insured"), run_rule)
    rule.add_argument("--year", type=int, help=_("the policy year to show (default: this year)"))
    rule.add_argument("--min-age", type=int, help=_("insured from this age"))
    rule.add_argument(
        "--categories", help=_("only these categories, e.g. low_income,disabled_care")
    )
    rule.add_argument("--age-on", choices=("year_start", "year_end"))
    rule.add_argument(
        "--from", dest="effective_from", type=iso_date,
        help=_("the change takes effect on this day (default: 1 January)"),
    )  # fmt: skip

    claim = sub.add_parser("claim", aliases=["add"], help=_("note a claim against a person"))
    add_globals(claim)
    claim.set_defaults(handler=run_claim)
    claim.add_argument("--id-number", required=True, help=_("the resident's ID number"))
    claim.add_argument("--date", required=True, type=iso_date, help=_("the day of the accident"))
    claim.add_argument("--kind", required=True, choices=core.CLAIM_KINDS)
    claim.add_argument("--claimed", default="0", help=_("the amount claimed, in yuan"))
    claim.add_argument("--description", default="")

    claims = action(sub, add_globals, "claims", _("the claims of a policy year"), run_claims)
    claims.add_argument("--year", type=int, help=_("the policy year (default: this year)"))

    settle = action(sub, add_globals, "settle", _("the insurer paid or refused a claim"),
                    run_settle)  # fmt: skip
    settle.add_argument("claim", type=int, help=_("the claim's number"))
    outcome = settle.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--paid", help=_("the amount paid, in yuan"))
    outcome.add_argument("--refused", action="store_true")


def _insured_payload(p: core.Insured) -> dict:
    return {"id_number": p.id_number, "name": p.name, "gender": p.gender,
            "birth_date": p.birth_date, "age": p.age, "group": p.group_name}  # fmt: skip


def run_list(args: argparse.Namespace) -> int:
    year = args.year or today().year
    with opened(args) as store:
        people = core.insured_list(store, year)
    lines = [f"{p.name}  {p.id_number}  {p.age}  {p.group_name}" for p in people]
    lines.append(_("{count} people insured for {year}").format(count=len(people), year=year))
    emit(args, [_insured_payload(p) for p in people], "\n".join(lines))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from carepoint.ledgers.insurance_export import BUILT_IN, export_insured, read_layout

    year = args.year or today().year
    layout = read_layout(args.layout) if args.layout else BUILT_IN
    with opened(args) as store:
        count = export_insured(store, year, args.out, layout)
    emit(args, {"file": str(args.out), "insured": count, "year": year},
         _("{count} people insured for {year}; written: {file}").format(
             count=count, year=year, file=args.out))  # fmt: skip
    return 0


def run_rule(args: argparse.Namespace) -> int:
    year = args.year or today().year
    with opened(args) as store:
        changes = {}
        if args.min_age is not None:
            changes["min_age"] = args.min_age
        if args.categories is not None:
            changes["categories"] = [c.strip() for c in args.categories.split(",") if c.strip()]
        if args.age_on:
            changes["age_on"] = args.age_on
        if changes:
            day = args.effective_from or today().replace(month=1, day=1)
            current = core.rule_for(store, day.year)
            content = {"min_age": current.min_age, "categories": list(current.categories),
                       "age_on": current.age_on, **changes}  # fmt: skip
            core.set_rule(store, day, content)
            year = day.year
        rule = core.rule_for(store, year)
    payload = {"year": year, "min_age": rule.min_age, "categories": list(rule.categories),
               "age_on": rule.age_on, "source": rule.source}  # fmt: skip
    text = _("{year}: insured from age {age}; categories: {categories}").format(
        year=year, age=rule.min_age, categories=", ".join(rule.categories) or _("all")
    )
    emit(args, payload, text)
    return 0


def _claim_payload(c: core.Claim) -> dict:
    return {"id": c.id, "uuid": c.uuid, "id_number": c.id_number, "name": c.name,
            "policy_year": c.policy_year, "incident_date": c.incident_date.isoformat(),
            "kind": c.kind, "description": c.description, "claimed_fen": c.claimed_fen,
            "paid_fen": c.paid_fen, "state": c.state}  # fmt: skip


def _claim_line(c: core.Claim) -> str:
    paid = _("paid {amount}").format(amount=format_fen(c.paid_fen)) if c.state == "paid" else \
        _(core.CLAIM_STATE_LABELS[c.state])  # fmt: skip
    return f"{c.id}  {format_date(c.incident_date)}  {c.name}  {core.claim_kind_label(c.kind)}" \
           f"  {format_fen(c.claimed_fen)}  {paid}"  # fmt: skip


def run_claim(args: argparse.Namespace) -> int:
    data = core.ClaimInput(args.date.year, args.date, args.kind, parse_yuan(args.claimed),
                           args.description)  # fmt: skip
    with opened(args) as store:
        claim = core.add_claim(store, resident_by_id_number(store, args.id_number), data,
                               today=today())  # fmt: skip
    return recorded(args, claim, _claim_payload, _claim_line)


def run_claims(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.claims_in(store, args.year or today().year)
    return listed(args, found, _claim_payload, _claim_line, _("No claims"))


def run_settle(args: argparse.Namespace) -> int:
    paid = parse_yuan(args.paid) if args.paid is not None else None
    with opened(args) as store:
        claim = core.settle_claim(store, args.claim, "refused" if args.refused else "paid", paid)
    return recorded(args, claim, _claim_payload, _claim_line)
