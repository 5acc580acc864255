"""空白探访记录表: a sheet to carry on field visits, one block per person due by the month's end
(overdue first), with where to find them and empty boxes for the visitor to fill in by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date, format_month
from carepoint.reports.common import (
    form_header,
    month_end,
    require_data,
    several_villages,
    village_column,
    village_of,
)
from carepoint.reports.template import Column, FormHeader, FormWriter
from carepoint.visits.due import due_list
from carepoint.visits.labels import AREA_SHORT_LABELS, AREAS, tier_label

WRITING_LINES = 4  # room for a visitor's handwriting in each block


@dataclass(frozen=True, slots=True)
class SheetPerson:
    name: str
    group_name: str
    tier: str
    due_date: dt.date
    address: str
    phone: str
    carers: str  # names and phones
    village: str = ""


def columns(with_village: bool) -> list[Column]:
    return [
        Column(_("No."), 8, "center"),
        *([village_column()] if with_village else []),
        Column(_("Name, group, tier, due"), 30),
        Column(_("Address and phones"), 46),
        Column(_("Date"), 16),
        Column(_("Method"), 14),
        *[Column(_(AREA_SHORT_LABELS[area]), 11, "center") for area in AREAS],
        Column(_("Problems and needs"), 50),
        Column(_("Visitor's signature"), 20),
    ]


def write_visit_sheet_of(
    people: Sequence[SheetPerson],
    header: FormHeader,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    with_village = several_villages(people)
    blanks = [""] * (len(AREAS) + 4)
    cells = [
        [
            number, *([village_of(p)] if with_village else []),
            f"{p.name}\n{p.group_name}\n{tier_label(p.tier)}\n"
            + _("due {date}").format(date=format_date(p.due_date)),
            "\n".join(part for part in (p.address, p.phone, p.carers) if part), *blanks,
        ]
        for number, p in enumerate(people, 1)
    ]  # fmt: skip
    with FormWriter(out, header, columns(with_village), wide=True) as writer:
        writer.rows(cells, progress, cancelled, min_lines=WRITING_LINES)
        writer.note(
            _("Findings: write ✓ for good, ○ for fair, ✗ for needs attention. Methods: home "
              "visit, phone call, video call, by a neighbour, by a volunteer.")
        )  # fmt: skip
        return writer.finish()


@uses_store
def sheet_people(store: Store, last: dt.date, today: dt.date | None = None) -> list[SheetPerson]:
    rows = due_list(store, last)
    ids = [row.resident_id for row in rows]
    places: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for rid, address, carers in store.db.execute_sql(
            "SELECT r.id, coalesce(nullif(r.residence_address, ''), r.household_address),"
            " (SELECT group_concat(c.name || ' ' || c.phone, char(10)) FROM carer c"
            "  WHERE c.resident_id = r.id AND c.deleted_at IS NULL)"
            f" FROM resident r WHERE r.id IN ({marks})",
            chunk,
        ):
            places[rid] = (address, carers or "")
    return [
        SheetPerson(row.name, row.group_name, row.tier, row.due_date, *places[row.resident_id][:1],
                    row.phone, places[row.resident_id][1])
        for row in rows
    ]  # fmt: skip


@uses_store
def write_visit_sheet(store: Store, month: dt.date, out: Path, **options) -> Path:
    people = sheet_people(store, month_end(month))
    require_data(
        people, _("Nobody is due a visit by the end of {month}.").format(month=format_month(month))
    )
    return write_visit_sheet_of(
        people,
        form_header(store, _("Visit record sheet"), month),
        out,
        progress=options.get("progress"),
        cancelled=options.get("cancelled"),
    )
