"""`subsidies compute | changes | anomalies | review | approve | reopen | bank-file | bank-result
| pay | unpaid | adjust | recoveries | settle`.

On a data folder with accounts each step that computes, approves or moves money acts as the
account named by --user (commands/acting.py) and is refused to a role the workflow does not
allow; the audit names that account. A folder without accounts acts as its local administrator.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.commands import iso_date, open_for, today
from carepoint.commands._base import emit
from carepoint.errors import NeedsConfirmation, UserInputError
from carepoint.i18n import _
from carepoint.values import month_arg


def _month(text: str) -> int:
    return month_arg(text).index


def register(commands, add_globals) -> None:
    group = commands.add_parser("subsidies", help=_("monthly subsidies: compute, check, approve"))
    add_globals(group)
    sub = group.add_subparsers(
        dest="subsidies_command", metavar="ACTION", required=True, parser_class=type(group)
    )

    def action(name: str, help_text: str, handler, month: bool = True):
        parser = sub.add_parser(name, help=help_text)
        add_globals(parser)
        if month:
            parser.add_argument("--month", required=True, type=_month, help="YYYY-MM")
        parser.set_defaults(handler=handler)
        return parser

    action("compute", _("the month's entitlements with the reason for each"), run_compute)
    action("changes", _("the month's new and stopped entitlements"), run_changes)
    action("anomalies", _("the checks before approval"), run_anomalies)
    action("review", _("mark the computed month reviewed"), run_review)
    approve = action("approve", _("approve and lock the reviewed month"), run_approve)
    approve.add_argument(
        "--accept-warnings", action="store_true", help=_("approve although warnings remain")
    )
    action("reopen", _("take an approved, unpaid month back and compute it again"), run_reopen)
    bank_file = action("bank-file", _("write the approved month's payment file for the bank"),
                       run_bank_file)  # fmt: skip
    bank_file.add_argument("--out", required=True, type=Path, help="F.xlsx")
    bank_file.add_argument("--layout", default="plain", help=_("the bank's column layout"))
    bank_result = action("bank-result", _("read the bank's result file back"), run_bank_result,
                         month=False)  # fmt: skip
    bank_result.add_argument("file", type=Path)
    bank_result.add_argument("--dry-run", action="store_true")
    action("unpaid", _("payments the bank returned, not yet paid again"), run_unpaid, month=False)
    people = action("two-person", _("whether approving needs a second account"), run_two_person,
                    month=False)  # fmt: skip
    people.add_argument("switch", choices=("on", "off"))
    pay = action("pay", _("record that the approved month was paid"), run_pay)
    pay.add_argument("--date", required=True, type=iso_date, help="YYYY-MM-DD")
    pay.add_argument("--batch", required=True, help=_("the bank's payment batch number"))
    adjust = action("adjust", _("enter a correction of an approved month"), run_adjust)
    adjust.add_argument("--id-number", required=True)
    adjust.add_argument("--type", required=True, dest="subsidy_type")
    adjust.add_argument("--amount", required=True, help=_("yuan, negative to take back"))
    adjust.add_argument("--corrects", required=True, type=_month, help="YYYY-MM")
    adjust.add_argument("--reason", required=True)
    action("recoveries", _("amounts to recover after late stops"), run_recoveries, month=False)
    settle = action("settle", _("record an amount recovered"), run_settle, month=False)
    settle.add_argument("id_number")
    settle.add_argument("--amount", required=True, help=_("yuan"))
    settle.add_argument("--date", required=True, type=iso_date, help="YYYY-MM-DD")
    settle.add_argument("--note", default="")


def run_compute(args: argparse.Namespace) -> int:
    from carepoint.subsidies import months
    from carepoint.subsidies.names import item_title, type_titles
    from carepoint.subsidies.reasons import line_reason, money
    from carepoint.subsidies.workflow import compute_month

    store = open_for(args)
    try:
        actor = _acting(args, store, "compute")
        result = compute_month(store, args.month, role=actor.role)
        lines = sorted(result.lines, key=lambda x: (x.id_number, x.subsidy_type, x.period_from))
        payload = {
            "lines": [
                {
                    "id_number": x.id_number,
                    "type": x.subsidy_type,
                    "item": item_title(x.item_name, x.subsidy_type),
                    "amount_fen": x.amount_fen,
                    "reason": line_reason(x),
                }
                for x in lines
            ],
            "totals": dict(sorted(result.totals.items())),
        }
        if args.json:
            emit(args, payload, "")
            return 0
        out = [
            f"{x['id_number']}  {x['item']}  {money(x['amount_fen'])}  {x['reason']}"
            for x in payload["lines"]
        ]
        titles = type_titles(store, args.month)
        out += [f"{titles.get(t, t)}: {money(fen)}" for t, fen in payload["totals"].items()]
        out.append(
            _("{month}: {count} lines, total {total}").format(
                month=months.text(args.month),
                count=len(lines),
                total=money(sum(result.totals.values())),
            )
        )
        if result.locked:
            out.append(_("The month is approved and locked; these are the approved lines."))
        print("\n".join(out))
    finally:
        store.close()
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from carepoint.subsidies.ledger import stored_changes
    from carepoint.subsidies.listing import change_rows

    store = open_for(args)
    try:
        rows = change_rows(store, stored_changes(store, args.month))
    finally:
        store.close()
    emit(
        args,
        [
            {
                "change": r.change,
                "id_number": r.id_number,
                "name": r.name,
                "type": r.subsidy_type,
                "bracket": r.bracket,
                "cause": r.cause,
                "reason": r.reason,
            }
            for r in rows
        ],
        "\n".join(f"{r.change_label}  {r.name}  {r.id_number}  {r.what}  {r.reason}" for r in rows),
    )
    return 0


def run_anomalies(args: argparse.Namespace) -> int:
    from carepoint.subsidies.anomalies import find_anomalies

    store = open_for(args)
    try:
        found = find_anomalies(store, args.month)
    finally:
        store.close()
    emit(
        args,
        [{"kind": a.kind, "id_number": a.id_number, "message": a.message} for a in found],
        "\n".join(f"[{a.label}] {a.message}" for a in found) or _("No problems found."),
    )
    return 0


_STEP_OF = {"reviewed": "review", "approved": "approve", "computed": "adjust"}


@uses_store
def _acting(args: argparse.Namespace, store, step: str):
    """The named account must be one whose role may take this step; the audit names it."""
    from carepoint.commands.acting import acting_account
    from carepoint.subsidies.workflow import require

    actor = acting_account(args, store)
    require(actor.role, step, store)
    store.actor = actor.username
    return actor


def _step(args: argparse.Namespace, call, done: str) -> int:
    """`call(store, role)` as the acting account."""
    from carepoint.subsidies import months

    store = open_for(args)
    try:
        actor = _acting(args, store, _STEP_OF[done])
        call(store, actor.role)
    finally:
        store.close()
    emit(
        args,
        {"month": months.text(args.month), "state": done},
        _("{month}: {state}").format(month=months.text(args.month), state=_state(done)),
    )
    return 0


def _state(code: str) -> str:
    from carepoint.subsidies.workflow import state_label

    return state_label(code)


def run_review(args: argparse.Namespace) -> int:
    from carepoint.subsidies.workflow import review_month

    return _step(args, lambda store, role: review_month(store, args.month, role=role),
                 "reviewed")


def run_approve(args: argparse.Namespace) -> int:
    from carepoint.subsidies.workflow import approve_month

    @uses_store
    def approve(store, role) -> None:
        try:
            approve_month(store, args.month, role=role, accept_warnings=args.accept_warnings)
        except NeedsConfirmation as question:
            raise UserInputError(
                question.message + "\n" + _("Add --accept-warnings to approve all the same.")
            ) from None

    return _step(args, approve, "approved")


def run_pay(args: argparse.Namespace) -> int:
    from carepoint.subsidies import months
    from carepoint.subsidies.workflow import mark_paid

    store = open_for(args)
    try:
        actor = _acting(args, store, "pay")
        paid, unpaid = mark_paid(store, args.month, args.date, args.batch, role=actor.role,
                                 today=today())
    finally:
        store.close()
    text = _("{month}: paid to {paid} people").format(month=months.text(args.month), paid=paid)
    if unpaid:
        text += "\n" + _("{count} people the bank returned stay unpaid and are carried to the next"
                         " month (subsidies unpaid)").format(count=unpaid)  # fmt: skip
    emit(args, {"month": months.text(args.month), "state": "paid", "paid": paid,
                "unpaid": unpaid}, text)  # fmt: skip
    return 0


def run_reopen(args: argparse.Namespace) -> int:
    from carepoint.subsidies import months
    from carepoint.subsidies.reasons import money
    from carepoint.subsidies.workflow import reopen_month

    store = open_for(args)
    try:
        actor = _acting(args, store, "reopen")
        result = reopen_month(store, args.month, role=actor.role)
    finally:
        store.close()
    total = sum(result.totals.values())
    emit(
        args,
        {"month": months.text(args.month), "state": "computed", "total_fen": total,
         "lines": len(result.lines)},
        _("{month} reopened and computed again: {count} lines, total {total}; review and approve"
          " it again").format(month=months.text(args.month), count=len(result.lines),
                              total=money(total)),
    )  # fmt: skip
    return 0


def run_bank_file(args: argparse.Namespace) -> int:
    from carepoint.subsidies.bank import write_bank_file
    from carepoint.subsidies.reasons import money

    store = open_for(args)
    try:
        actor = _acting(args, store, "pay")
        written = write_bank_file(store, args.month, args.out, args.layout, role=actor.role)
    finally:
        store.close()
    text = _("{file}: {count} people, total {total}").format(
        file=written.path, count=written.people, total=money(written.total_fen)
    )
    if written.without_account:
        names = "、".join(written.without_account)
        text += "\n" + _("No bank account: {names}").format(names=names)
    emit(args, {"month": written.month, "file": str(written.path), "people": written.people,
                "total_fen": written.total_fen, "without_account": written.without_account},
         text)  # fmt: skip
    return 0


def run_bank_result(args: argparse.Namespace) -> int:
    from carepoint.subsidies.bank import read_bank_result
    from carepoint.subsidies.reasons import money

    store = open_for(args)
    try:
        actor = _acting(args, store, "pay")
        result = read_bank_result(store, args.file, dry_run=args.dry_run, role=actor.role)
    finally:
        store.close()
    out = [_("{month}: {paid} paid, {failed} not received").format(
        month=result.month, paid=len(result.paid), failed=len(result.failed))]  # fmt: skip
    out += [
        _("未到账 {name} {number} {amount}: {reason}").format(
            name=x.name, number=x.id_number, amount=money(x.amount_fen), reason=x.reason
        )
        for x in result.failed
    ]
    out += result.problems
    if args.dry_run:
        out.append(_("Dry run: nothing was changed."))
    emit(
        args,
        {
            "month": result.month,
            "paid": [{"id_number": x.id_number, "amount_fen": x.amount_fen} for x in result.paid],
            "failed": [
                {
                    "id_number": x.id_number,
                    "name": x.name,
                    "amount_fen": x.amount_fen,
                    "reason": x.reason,
                }
                for x in result.failed
            ],  # fmt: skip
            "problems": result.problems,
            "applied": result.applied,
        },
        "\n".join(out),
    )
    return 0


def run_two_person(args: argparse.Namespace) -> int:
    from carepoint.subsidies.workflow import set_two_person

    store = open_for(args)
    try:
        actor = _acting(args, store, "approve")
        set_two_person(store, args.switch == "on", role=actor.role)
    finally:
        store.close()
    text = (
        _("Approving a month now needs an account other than the one that computed or reviewed it")
        if args.switch == "on"
        else _("Any administrator may approve a month")
    )
    emit(args, {"two_person": args.switch == "on"}, text)
    return 0


def run_unpaid(args: argparse.Namespace) -> int:
    from carepoint.subsidies.payments import unpaid
    from carepoint.subsidies.reasons import money

    store = open_for(args)
    try:
        rows = unpaid(store)
    finally:
        store.close()
    emit(
        args,
        [
            {
                "month": x.month,
                "id_number": x.id_number,
                "name": x.name,
                "amount_fen": x.amount_fen,
                "reason": x.reason,
                "carried_to": x.carried_to,
            }
            for x in rows
        ],  # fmt: skip
        "\n".join(
            f"{x.month}  {x.name}  {x.id_number}  {money(x.amount_fen)}  {x.reason}"
            + ("  → " + x.carried_to if x.carried_to else "")
            for x in rows
        )
        or _("Every payment reached its person."),
    )
    return 0


def run_adjust(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.subsidies.adjustments import add_adjustment
    from carepoint.subsidies.money import parse_yuan

    @uses_store
    def adjust(store, role) -> None:
        resident = find_by_id_number(args.id_number)
        add_adjustment(
            store,
            args.month,
            resident.id,
            args.subsidy_type,
            parse_yuan(args.amount),
            args.corrects,
            args.reason,
            role=role,
        )

    return _step(args, adjust, "computed")


def run_recoveries(args: argparse.Namespace) -> int:
    from carepoint.subsidies.listing import recovery_rows
    from carepoint.subsidies.reasons import money
    from carepoint.subsidies.recovery import corrections_due, recoveries

    store = open_for(args)
    try:
        rows = recovery_rows(recoveries(store))
        due = corrections_due(store)
    finally:
        store.close()
    lines = [f"{r.name}  {r.id_number}  {r.reason}  {r.outstanding}" for r in rows]
    lines += [
        _("{name}  {number}: {month} is approved but not paid; not recovered: reopen {month} and"
          " compute it again before paying ({amount} would be paid after the stop on {date})")
        .format(name=c.name, number=c.id_number, month=c.month, amount=money(c.amount_fen),
                date=c.cause_date)
        for c in due
    ]  # fmt: skip
    emit(
        args,
        [
            {
                "kind": "recovery",
                "id_number": r.id_number,
                "name": r.name,
                "cause": r.cause,
                "date": r.cause_date,
                "months": r.months,
                "owed_fen": r.owed_fen,
                "settled_fen": r.settled_fen,
                "outstanding_fen": r.outstanding_fen,
            }
            for r in rows
        ]
        + [
            {"kind": "correction", "action": "reopen", "month": c.month,
             "id_number": c.id_number, "name": c.name, "cause": c.cause, "date": c.cause_date,
             "months": c.months, "amount_fen": c.amount_fen}
            for c in due
        ],
        "\n".join(lines) or _("Nothing is owed back."),
    )  # fmt: skip
    return 0


def run_settle(args: argparse.Namespace) -> int:
    from carepoint.residents import find_by_id_number
    from carepoint.subsidies.money import parse_yuan
    from carepoint.subsidies.reasons import money
    from carepoint.subsidies.recovery import settle

    amount = parse_yuan(args.amount)
    store = open_for(args)
    try:
        actor = _acting(args, store, "settle")
        resident = find_by_id_number(args.id_number)
        settle(store, resident.id, amount, args.date, args.note, today=today(), role=actor.role)
    finally:
        store.close()
    emit(
        args,
        {"id_number": resident.id_number, "amount_fen": amount, "date": args.date.isoformat()},
        _("{name}: {amount} recovered on {date}").format(
            name=resident.name, amount=money(amount), date=args.date.isoformat()
        ),
    )
    return 0
