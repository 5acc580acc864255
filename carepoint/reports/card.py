"""个人档案卡: one resident on one page: the register fields, carers, categories with their dates,
the latest ability assessment, recent visits and the subsidies paid this year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint import categories
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.reports.common import form_header, in_words, money
from carepoint.reports.template import Column, FormWriter
from carepoint.residents.fields import (
    GENDER_LABELS,
    MARITAL_LABELS,
    TEXT_FIELDS,
    field_label,
    status_label,
)
from carepoint.residents.queries import ResidentDetail, resident_detail
from carepoint.residents.service import find_by_id_number
from carepoint.visits.assessments import assessments_of
from carepoint.visits.labels import level_label, method_label
from carepoint.visits.records import visits_of

RECENT_VISITS = 5


def _pairs(detail: ResidentDetail, on: dt.date) -> list[tuple[str, str]]:
    from carepoint.idcard import age_on

    person = detail.resident
    status = status_label(person.status)
    if person.status_date:
        status += f" ({format_date(person.status_date)})"
    age = _("{age} years").format(age=age_on(person.birth_date, on))
    pairs = [
        (field_label("name"), person.name),
        (field_label("gender"), _(GENDER_LABELS.get(person.gender, person.gender))),
        (field_label("id_number"), person.id_number),
        (field_label("birth_date"),
         f"{format_date(person.birth_date)} ({age})"),
        (field_label("marital_status"),
         _(MARITAL_LABELS[person.marital_status]) if person.marital_status else ""),
        (field_label("status"), status),
        (field_label("registered_on"),
         format_date(person.registered_on) if person.registered_on else ""),
    ]  # fmt: skip
    pairs += [(field_label(field), getattr(person, field)) for field in TEXT_FIELDS]
    return pairs


def _section(writer: FormWriter, title: str, columns: list[Column], rows: list[list]) -> None:
    writer.heading(title)
    if not rows:
        writer.note(_("None recorded."))
        return
    writer.table(columns)
    writer.rows(rows)


@uses_store
def write_card_of(store: Store, detail: ResidentDetail, month: dt.date, out: Path) -> Path:
    person = detail.resident
    header = form_header(store, _("Resident record card"), month)
    year = month.year
    with FormWriter(out, header, signatures=False) as writer:
        pairs = _pairs(detail, month)
        if len(pairs) % 2:
            pairs.append(("", ""))
        writer.table([Column("", 22), Column("", 44), Column("", 22), Column("", 44)], titles=False)
        writer.rows([[*pairs[i], *pairs[i + 1]] for i in range(0, len(pairs), 2)])
        _section(
            writer, _("Carers"),
            [Column(_("Name"), 20), Column(_("Relation"), 16), Column(_("Phone"), 28),
             Column(_("Address"), 60)],
            [[c.name, c.relation, c.phone, c.address] for c in detail.carers],
        )  # fmt: skip
        _section(
            writer, _("Categories"),
            [Column(_("Category"), 50), Column(_("From"), 30), Column(_("Until"), 30),
             Column(_("Notes"), 40)],
            [[categories.label(c.code), format_date(c.start_date), format_date(c.end_date),
              c.note] for c in detail.categories],
        )  # fmt: skip
        latest = assessments_of(store, person.id)[:1]
        _section(
            writer, _("Latest ability assessment"),
            [Column(_("Date"), 30), Column(_("Total score"), 20, "center"),
             Column(_("Level"), 30), Column(_("Assessors"), 40)],
            [[format_date(a.assessed_on), a.total, level_label(a.level),
              f"{a.assessor_1}、{a.assessor_2}"] for a in latest],
        )  # fmt: skip
        _health(writer, store, person.id)
        visits = visits_of(store, person.id, RECENT_VISITS)
        _section(
            writer, _("Recent visits"),
            [Column(_("Date"), 28), Column(_("Method"), 22), Column(_("Visitor"), 20),
             Column(_("Problems found"), 60)],
            [[format_date(v.visit_date), method_label(v.method), v.visitor, v.problems]
             for v in visits],
        )  # fmt: skip
        _subsidies(writer, store, person.id, year)
        return writer.finish()


@uses_store
def _health(writer: FormWriter, store: Store, resident_id: int) -> None:
    """The last reading of each measure from the village clinic's health checks."""
    from carepoint.ledgers.health import last_readings

    last = last_readings(store, resident_id)
    measures = (
        (_("Blood pressure (mmHg)"), last.blood_pressure),
        (_("Blood sugar (mmol/L)"), last.glucose),
        (_("Weight (kg)"), last.weight),
    )
    _section(
        writer, _("Last health check readings"),
        [Column(_("Measure"), 40), Column(_("Reading"), 30), Column(_("Date"), 30)],
        [[label, found[0], format_date(found[1])] for label, found in measures if found],
    )  # fmt: skip


@uses_store
def _subsidies(writer: FormWriter, store: Store, resident_id: int, year: int) -> None:
    from carepoint.subsidies.names import group_title

    rows = store.db.execute_sql(
        "SELECT subsidy_type, group_concat(DISTINCT item_name),"
        " group_concat(DISTINCT substr(month, 6)), sum(amount_fen)"
        " FROM subsidy_line WHERE resident_id = ? AND deleted_at IS NULL AND month LIKE ?"
        " GROUP BY subsidy_type ORDER BY subsidy_type",
        [resident_id, f"{year:04d}-%"],
    ).fetchall()
    _section(
        writer, _("Subsidies in {year}").format(year=year),
        [Column(_("Subsidy"), 40), Column(_("Months paid"), 50), Column(_("Amount"), 30, "right")],
        [[group_title((names or "").split(','), code), paid, money(fen)]
         for code, names, paid, fen in rows],
    )  # fmt: skip
    if rows:
        total = sum(fen for *_rest, fen in rows)
        writer.total_row([_("Total"), in_words(total), money(total)])


@uses_store
def write_record_card(
    store: Store, month: dt.date, out: Path, *, subject: str | None = None, **options
) -> Path:
    """`subject`: the resident's ID number."""
    resident = find_by_id_number(subject or "")
    return write_card_of(store, resident_detail(resident.id), month, out)
