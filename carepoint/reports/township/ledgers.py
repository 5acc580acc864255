"""The township's 适老化改造台账 over its villages: every village's cases as its packages carry
them, with each village's totals and the township's, cost and subsidy in figures and words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _
from carepoint.ledgers import adaptations as core
from carepoint.reports.common import in_words, money, month_end
from carepoint.reports.fitting import fitted_table
from carepoint.reports.template import Column, FormWriter
from carepoint.reports.township.common import per_village, township_header
from carepoint.reports.township.lens import Village


@uses_store
def write_township_adaptations(
    store: Store, month: dt.date, out: Path, *, village: str | None = None, **options
) -> Path:
    last = month_end(month)

    def read(_place: Village) -> list[core.Case]:
        return core.list_cases(store, until=last)

    found = per_village(store, village, read)
    header = township_header(store, _("Home adaptation ledger"), month, [v for v, _c in found])
    ledger = [
        Column(_("No."), 9, "right"), Column(_("Village"), 20), Column(_("Name"), 18),
        Column(_("Group"), 16), Column(_("Items"), 40), Column(_("State"), 18),
        Column(_("Applied"), 22), Column(_("Accepted"), 22), Column(_("Cost"), 24, "right"),
        Column(_("Subsidy"), 24, "right"), Column(_("Contractor"), 34),
    ]  # fmt: skip
    number, blocks = 0, []
    for place, cases in found:
        rows = []
        for case in cases:
            number += 1
            accepted = case.dates["accepted"]
            rows.append([number, place.name, case.name, case.group_name, "、".join(case.items),
                         core.state_label(case.state), case.dates["applied"].isoformat(),
                         accepted.isoformat() if accepted else "", money(case.cost_fen),
                         money(case.subsidy_fen), case.contractor])  # fmt: skip
        blocks.append((place, cases, rows))
    cost = sum(c.cost_fen for _p, cases, _r in blocks for c in cases)
    subsidy = sum(c.subsidy_fen for _p, cases, _r in blocks for c in cases)
    total = [_("Total"), None, None, None, None, None, None, None, money(cost), money(subsidy), ""]
    every = [row for _p, _c, rows in blocks for row in rows]
    with FormWriter(out, header, wide=True) as writer:
        fitted_table(writer, ledger, [*every, [None, *total[1:]]])
        for place, cases, rows in blocks:
            writer.rows(rows, options.get("progress"), options.get("cancelled"))
            village_cost = sum(c.cost_fen for c in cases)
            village_subsidy = sum(c.subsidy_fen for c in cases)
            label = _("{village}: {count} cases").format(village=place.name, count=len(cases))
            writer.total_row([label, None, None, None, None, None, None, None,
                              money(village_cost), money(village_subsidy), ""])  # fmt: skip
        writer.total_row(total)
        writer.note(_("Subsidy {words}").format(words=in_words(subsidy)))
        return writer.finish()


@uses_store
def village_ledger_lines(store: Store, month: dt.date, code: str) -> tuple[tuple[str, str], ...]:
    """One village's other ledgers for the month, as the monthly report words them (the township
    overview shows them for the village chosen); () when the village has sent nothing."""
    from carepoint.ledgers.summary import ledger_month, month_lines

    found = per_village(store, code, lambda _village: month_lines(ledger_month(store, month)))
    return found[0][1] if found else ()
