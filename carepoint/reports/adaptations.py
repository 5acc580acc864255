"""适老化改造台账: every case applied for by the month's end, its items, where it stands with the
date of each step, cost and subsidy, with the totals in figures and in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _
from carepoint.ledgers import adaptations as core
from carepoint.reports.common import form_header, in_words, money, month_end
from carepoint.reports.fitting import fitted_table
from carepoint.reports.ledger_common import empty_form
from carepoint.reports.template import Column, FormWriter


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""  # narrow columns: 2026-09-05, never wrapped


@uses_store
def write_adaptation_ledger(store: Store, month: dt.date, out: Path, **options) -> Path:
    last = month_end(month)
    cases = core.list_cases(store, until=last)
    if not cases:
        says = _("No home adaptation case was opened by the end of this month")
        return empty_form(store, _("Home adaptation ledger"), month, out, says)
    header = form_header(store, _("Home adaptation ledger"), month)
    with FormWriter(out, header, wide=True) as writer:
        ledger = [
            Column(_("No."), 9, "right"), Column(_("Name"), 18), Column(_("Group"), 16),
            Column(_("Household"), 30), Column(_("Items"), 34), Column(_("State"), 18),
            Column(_("Applied"), 22), Column(_("Assessed"), 22), Column(_("Work started"), 22),
            Column(_("Accepted"), 22), Column(_("Cost"), 22, "right"),
            Column(_("Subsidy"), 22, "right"), Column(_("Contractor"), 36),
            Column(_("Photos"), 26),
        ]  # fmt: skip
        rows = [
            [n, c.name, c.group_name, "；".join(p for p in (c.household, c.others) if p),
             "、".join(c.items), core.state_label(c.state),
             *(iso(c.dates[s]) for s in ("applied", "assessed", "in_work", "accepted")),
             money(c.cost_fen), money(c.subsidy_fen), c.contractor, "\n".join(c.photos)]
            for n, c in enumerate(cases, 1)
        ]  # fmt: skip
        cost = sum(c.cost_fen for c in cases)
        subsidy = sum(c.subsidy_fen for c in cases)
        total = [_("Total"), None, None, None, None, None, None, None, None, None,
                 money(cost), money(subsidy), "", ""]  # fmt: skip
        fitted_table(writer, ledger, [*rows, [None, *total[1:]]])
        writer.rows(rows, options.get("progress"), options.get("cancelled"))
        writer.total_row(total)
        writer.note(_("Subsidy {words}").format(words=in_words(subsidy)))
        by_state = {s: sum(1 for c in cases if c.state == s) for s in core.STATES}
        writer.note("；".join(f"{core.state_label(s)} {n}" for s, n in by_state.items()))
        return writer.finish()
