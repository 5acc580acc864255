"""`residents deaths import FILE [--dry-run]`: a death list (火化 / 销户 / 卫健) against the
register."""

from __future__ import annotations

import argparse
from pathlib import Path

from carepoint.commands import open_for
from carepoint.commands._base import emit
from carepoint.i18n import _


def register_deaths(sub, add_globals) -> None:
    deaths = sub.add_parser("deaths", help=_("death lists from the crematorium, police or health"))
    add_globals(deaths)
    actions = deaths.add_subparsers(
        dest="deaths_command", metavar="ACTION", required=True, parser_class=type(deaths)
    )
    imp = actions.add_parser(
        "import", help=_("match a death list; record the deaths, stop payments, open recoveries")
    )
    add_globals(imp)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))
    imp.set_defaults(handler=run_deaths_import)


def _match_json(match) -> dict:
    return {
        "row": match.row.row,
        "id_number": match.id_number,
        "name": match.name,
        "listed_name": match.row.name,
        "death_date": match.row.death_date.isoformat() if match.row.death_date else None,
        "status": match.status,
        "village_code": match.village or None,
        "paid_since_fen": match.paid_since_fen,
        "paid_months": match.paid_months,
        "unpaid_months": match.unpaid_months,
    }


def run_deaths_import(args: argparse.Namespace) -> int:
    from carepoint.subsidies.deaths import import_deaths
    from carepoint.subsidies.reasons import money

    store = open_for(args)
    try:
        from carepoint.commands.acting import acting_account

        actor = acting_account(args, store)
        store.actor = actor.username
        result = import_deaths(store, args.file, dry_run=args.dry_run, role=actor.role)
    finally:
        store.close()
    out = [
        _("{file}: {rows} rows, {matched} people still in the register, {already} already"
          " recorded, {suggested} to check by name and birth date, {unmatched} not found").format(
            file=result.file, rows=result.rows, matched=len(result.matched),
            already=len(result.already), suggested=len(result.suggestions),
            unmatched=len(result.unmatched))
    ]  # fmt: skip
    for m in result.matched:
        text = _("{name} {number} died {date}").format(
            name=m.name, number=m.id_number, date=m.row.death_date or "?"
        )
        if m.village:
            text += f" ({m.village})"
        if m.paid_since_fen:
            text += _("; paid {amount} since ({months})").format(
                amount=money(m.paid_since_fen), months=", ".join(m.paid_months))
        if m.unpaid_months:
            text += _("; approved, not paid: {months} (to reopen before payment)").format(
                months=", ".join(m.unpaid_months))
        out.append(text)  # fmt: skip
    out += [
        _("To check: row {row} {listed} may be {name} {number}").format(
            row=m.row.row, listed=m.row.name, name=m.name, number=m.id_number)
        for m in result.suggestions
    ]  # fmt: skip
    out += [
        _("Not found: row {row} {name} {number}").format(
            row=r.row, name=r.name, number=r.id_number)
        for r in result.unmatched
    ]  # fmt: skip
    out += result.problems
    if result.recorded:
        out.append(_("{count} deaths recorded; their payments stop and what was paid after the"
                     " death is listed by subsidies recoveries").format(count=result.recorded))
    elif args.dry_run:
        out.append(_("Dry run: nothing was changed."))  # fmt: skip
    emit(
        args,
        {
            "file": result.file,
            "rows": result.rows,
            "matched": [_match_json(m) for m in result.matched],
            "already_recorded": [_match_json(m) for m in result.already],
            "suggestions": [_match_json(m) for m in result.suggestions],
            "unmatched": [{"row": r.row, "name": r.name, "id_number": r.id_number}
                          for r in result.unmatched],
            "problems": result.problems,
            "recorded": result.recorded,
        },
        "\n".join(out),
    )  # fmt: skip
    return 0
