"""活动台账: the month's activities with who attended, the counts per kind and per person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.ledgers import activities as core
from carepoint.reports.common import form_header
from carepoint.reports.fitting import fitted_table
from carepoint.reports.ledger_common import empty_form
from carepoint.reports.template import Column, FormWriter


@uses_store
def write_activity_ledger(store: Store, month: dt.date, out: Path, **options) -> Path:
    found = core.list_activities(store, month)
    if not found:
        says = _("No activities were recorded in this month")
        return empty_form(store, _("Activity ledger"), month, out, says)
    counts = core.month_counts(store, month)
    header = form_header(store, _("Activity ledger"), month)
    with FormWriter(out, header, wide=True) as writer:
        ledger = [
            Column(_("No."), 10, "right"), Column(_("Date"), 28), Column(_("Kind"), 22),
            Column(_("Activity"), 45), Column(_("Organiser"), 26), Column(_("Place"), 24),
            Column(_("Attended"), 16, "right"), Column(_("Who attended"), 80),
            Column(_("Photos"), 30),
        ]  # fmt: skip
        rows = []
        for number, activity in enumerate(found, 1):
            names = "、".join(a.name for a in core.attendees(store, activity.id))
            rows.append([
                number, format_date(activity.activity_date), core.kind_label(activity.kind),
                activity.title, activity.organiser, activity.place, activity.attendance,
                names, "\n".join(activity.photos),
            ])  # fmt: skip
        fitted_table(writer, ledger, rows)
        writer.rows(rows, options.get("progress"), options.get("cancelled"))
        writer.total_row([_("Total"), None, None, None, None, None, counts.attendance, "", ""])

        writer.heading(_("Activities and attendance by kind"))
        writer.table([Column(_("Kind"), 60), Column(_("Activities"), 30, "right"),
                      Column(_("Attended"), 30, "right")])  # fmt: skip
        writer.rows([
            [core.kind_label(kind), counts.activities_by_kind[kind],
             counts.attendance_by_kind[kind]]
            for kind in core.KINDS
        ])  # fmt: skip
        writer.total_row([_("Total"), counts.activities, counts.attendance])

        writer.heading(_("Attendance per person"))
        per_person = [
            Column(_("No."), 10, "right"), Column(_("Name"), 28), Column(_("Group"), 24),
            *(Column(core.kind_label(kind), 22, "right") for kind in core.KINDS),
            Column(_("Total"), 18, "right"),
        ]  # fmt: skip
        rows = [
            [number, person.name, person.group_name or _("visitor"),
             *(person.by_kind.get(kind, 0) for kind in core.KINDS), person.total]
            for number, person in enumerate(counts.people, 1)
        ]  # fmt: skip
        fitted_table(writer, per_person, rows)
        writer.rows(rows)
        return writer.finish()
