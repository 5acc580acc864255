"""一键通台账: the devices in use, the month's calls with what was done, counts per kind, and the
unanswered emergencies with their follow-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.ledgers import calls as core
from carepoint.reports.common import form_header, month_end
from carepoint.reports.fitting import fitted_table
from carepoint.reports.ledger_common import empty_form
from carepoint.reports.template import Column, FormWriter


@uses_store
def write_call_ledger(store: Store, month: dt.date, out: Path, **options) -> Path:
    last = month_end(month)
    devices = [
        d
        for d in core.list_devices(store, include_removed=True)
        if d.installed_on <= last and (d.removed_on is None or d.removed_on >= month)
    ]
    if not devices:
        says = _("No emergency-call device was in use in this month")
        return empty_form(store, _("Emergency call ledger"), month, out, says)
    found = core.calls_in(store, month)
    counts = core.month_counts(store, month)
    header = form_header(store, _("Emergency call ledger"), month)
    with FormWriter(out, header, wide=True) as writer:
        writer.heading(_("Devices in use"))
        device_columns = ([Column(_("No."), 10, "right"), Column(_("Device"), 30),
                      Column(_("Name"), 24), Column(_("Group"), 20), Column(_("Installed"), 28),
                      Column(_("Taken back"), 28), Column(_("Provider"), 30),
                      Column(_("Calls this month"), 20, "right")])  # fmt: skip
        per_device = {}
        for call in found:
            per_device[call.device_number] = per_device.get(call.device_number, 0) + 1
        rows = [[n, d.device_number, d.name, d.group_name, format_date(d.installed_on),
                 format_date(d.removed_on), d.provider, per_device.get(d.device_number, 0)]
                for n, d in enumerate(devices, 1)]  # fmt: skip
        fitted_table(writer, device_columns, rows)
        writer.rows(rows)

        writer.heading(_("Calls"))
        rows = [[n, core.minute_text(c.called_at), c.device_number, c.name,
                 core.kind_label(c.kind), _("yes") if c.answered else _("no"), c.response,
                 c.follow_up] for n, c in enumerate(found, 1)]  # fmt: skip
        fitted_table(writer, [
            Column(_("No."), 10, "right"), Column(_("Time"), 30), Column(_("Device"), 26),
            Column(_("Name"), 22), Column(_("Kind"), 22), Column(_("Answered"), 16),
            Column(_("Help given"), 60), Column(_("Follow-up"), 50)], rows)  # fmt: skip
        writer.rows(rows, options.get("progress"), options.get("cancelled"))
        if not found:
            writer.note(_("No calls this month"))

        writer.heading(_("Calls by kind"))
        writer.table([Column(_("Kind"), 60), Column(_("Calls"), 30, "right")])
        writer.rows([[core.kind_label(k), n] for k, n in counts.by_kind.items()])
        writer.total_row([_("Total"), counts.total])
        writer.note(
            _("{devices} devices in use; {unanswered} emergency calls were not answered, each "
              "opening a follow-up visit.").format(
                devices=counts.devices_in_use, unanswered=counts.unanswered_emergencies)
        )  # fmt: skip
        return writer.finish()
