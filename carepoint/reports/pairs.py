"""结对帮扶花名册: who is paired with whom, since when, and the helper's visits in the month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.ledgers import pairs as core
from carepoint.reports.common import form_header
from carepoint.reports.fitting import fitted_table
from carepoint.reports.ledger_common import empty_form
from carepoint.reports.template import Column, FormWriter


@uses_store
def write_pairing_roster(store: Store, month: dt.date, out: Path, **options) -> Path:
    lines = core.pairing_roster(store, month)
    if not lines:
        says = _("No helper was paired with a resident in this month")
        return empty_form(store, _("Pairing roster"), month, out, says)
    header = form_header(store, _("Pairing roster"), month)
    with FormWriter(out, header, wide=True) as writer:
        ledger = [
            Column(_("No."), 10, "right"), Column(_("Resident"), 24), Column(_("Group"), 20),
            Column(_("Helper"), 24), Column(_("Helper is"), 22), Column(_("Phone"), 30),
            Column(_("Paired from"), 28), Column(_("Paired until"), 28),
            Column(_("Visits this month"), 20, "right"), Column(_("Last visit"), 28),
            Column(_("Notes"), 40),
        ]  # fmt: skip
        rows = [
            [number, line.pair.resident_name, line.pair.group_name, line.pair.helper_name,
             core.helper_kind_label(line.pair.helper_kind), line.pair.helper_phone,
             format_date(line.pair.start_date), format_date(line.pair.end_date),
             line.visits, format_date(line.last_visit), line.pair.note]
            for number, line in enumerate(lines, 1)
        ]  # fmt: skip
        fitted_table(writer, ledger, rows)
        writer.rows(rows, options.get("progress"), options.get("cancelled"))
        unvisited = sum(1 for line in lines if not line.visits)
        total = sum(line.visits for line in lines)
        writer.total_row([_("Total"), None, None, None, None, None, None, None, total, "", ""])
        writer.note(
            _("{pairs} pairs; {visits} visits by the helpers this month; {unvisited} residents "
              "not yet visited by their helper.").format(
                pairs=len(lines), visits=total, unvisited=unvisited)
        )  # fmt: skip
        return writer.finish()
