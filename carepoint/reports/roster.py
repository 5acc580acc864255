"""老年人花名册: the register for the month, and the public-notice variant for the village board
(ID numbers and phones masked, the year of birth only, no notes, no health or hardship categories,
saying so on its face, with the notice period and the township's complaint phone)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.groups import group_sort_key
from carepoint.i18n import _, format_date
from carepoint.models import Carer, Resident
from carepoint.privacy import mask_id_number, mask_phone
from carepoint.reports.common import form_header, in_register_on, month_end
from carepoint.reports.fitting import fit_columns
from carepoint.reports.template import Column, FormWriter
from carepoint.residents import ResidentRow, rows_by_ids
from carepoint.residents.fields import GENDER_LABELS

NOTICE_DAYS = 7
# Never on a sheet posted in the village, unless the notice is about that very benefit: a
# person's health and hardship are theirs (the full birth date beside a masked ID would also
# give the hidden digits back, so the notice shows the year only).
PRIVATE_CATEGORIES = (
    "disabled_care",
    "semi_disabled_care",
    "dementia",
    "special_hardship_dispersed",
    "special_hardship_centralized",
    "low_income",
    "severe_disability",
)
PAGE_MM = 273  # landscape A4 between the margins
_CHUNK = 900  # ids per query


def columns(public: bool = False) -> list[Column]:
    return [
        Column(_("No."), 8, "center"),
        Column(_("Name"), 16),
        Column(_("Gender"), 8, "center"),
        Column(_("ID number"), 37),
        Column(_("Year of birth") if public else _("Birth date"), 20),
        Column(_("Age"), 8, "center"),
        Column(_("Group"), 16),
        Column(_("Categories"), 34),
        Column(_("Living situation"), 21),  # 与子女同住 on one line
        Column(_("Phone"), 24),
        Column(_("Carers and phones"), 54),
        Column(_("Notes"), 20),
    ]


def public_categories(codes: tuple[str, ...], notice_for: str | None = None) -> tuple[str, ...]:
    return tuple(c for c in codes if c not in PRIVATE_CATEGORIES or c == notice_for)


def left_out(notice_for: str | None = None) -> str:
    """What the public copy leaves out, printed on it so no one reads a gap as "none"."""
    hidden = "、".join(categories.label(c) for c in PRIVATE_CATEGORIES if c != notice_for)
    return _(
        "To protect the residents, this public copy shows only the start and end of ID numbers "
        "and phone numbers and the year of birth, and leaves out notes and the categories {hidden}."
    ).format(hidden=hidden)


def _lines(
    rows: list[ResidentRow], public: bool, notice_for: str | None = None
) -> list[list[object]]:
    ids = [row.id for row in rows]
    details: dict[int, tuple[str, str]] = {}
    carers = defaultdict(list)
    # A page of ids per query (a county-sized register passes SQLite's limit on parameters),
    # read as tuples: no model object per resident and carer.
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = Resident.select(Resident.id, Resident.living_situation, Resident.notes)
        for rid, living, notes in query.where(Resident.id.in_(chunk)).tuples():
            details[rid] = (living, notes)
        query = Carer.select(Carer.resident, Carer.name, Carer.relation, Carer.phone)
        live = Carer.deleted_at.is_null() & Carer.resident.in_(chunk)
        for rid, name, relation, phone in query.where(live).order_by(Carer.id).tuples():
            carers[rid].append((name, relation, phone))
    show_id = mask_id_number if public else str
    show_phone = mask_phone if public else str
    lines = []
    for number, row in enumerate(rows, 1):
        carer_text = "；".join(
            f"{name}（{relation}）{show_phone(phone)}" if relation else
            f"{name} {show_phone(phone)}"
            for name, relation, phone in carers[row.id]
        )  # fmt: skip
        living, notes = details[row.id]
        lines.append([
            number, row.name, _(GENDER_LABELS[row.gender]), show_id(row.id_number),
            str(row.birth_date.year) if public else row.birth_date.isoformat(), row.age,
            row.group_name,
            "、".join(categories.label(c) for c in (
                public_categories(row.categories, notice_for) if public else row.categories)),
            living, show_phone(row.phone) if row.phone else "", carer_text, "" if public else notes,
        ])  # fmt: skip
    return lines


@uses_store
def write_roster(
    store: Store,
    month: dt.date,
    out: Path,
    *,
    public: bool = False,
    notice_for: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """The residents in the register at the end of `month` (by their status history).
    `notice_for`: the category a public notice is about, which it then shows."""
    last_day = month_end(month)
    rows = rows_by_ids(store, in_register_on(store, last_day), last_day)
    # By group as the village is laid out (一组 < 二组 < … < 十一组), by name within each.
    rows.sort(key=lambda row: group_sort_key(row.group_name))
    oldest = sum("oldest_old" in row.categories for row in rows)
    if public:
        title = _("Roster of older residents (public notice)")
    else:
        title = _("Roster of older residents")
    header = form_header(store, title, month)
    if public:
        header = replace(header, facts=[*header.facts, left_out(notice_for)])
    lines = _lines(rows, public, notice_for)
    fitted = fit_columns(columns(public), lines, PAGE_MM)
    with FormWriter(out, header, fitted, wide=True) as writer:
        writer.rows(lines, progress, cancelled)
        summary = _("{count} residents, of whom {oldest} aged 80 and over")
        writer.total_row(
            [_("Total"), "", "", summary.format(count=len(rows), oldest=oldest), *[""] * 8]
        )
        if public:
            township = store.setting("township") or _("township")
            write_notice(writer, store, today or clock.today(), township)
        return writer.finish()


@uses_store
def write_notice(writer: FormWriter, store: Store, start: dt.date, township: str) -> None:
    """The public notice under a roster: its period and where objections go."""
    days = int(store.setting("notice_days", str(NOTICE_DAYS)))
    notice = _(
        "Public notice from {start} to {end}. Objections to this list may be raised "
        "with the {township} civil affairs office during the notice period, "
        "telephone: {phone}."
    )
    writer.note(
        notice.format(
            start=format_date(start),
            end=format_date(start + dt.timedelta(days=days)),
            township=township,
            phone=store.setting("complaint_phone") or "__________",
        )
    )
