"""老年人能力评估报告 (GB/T 42195-2022 Annex C): the person, Annex A's basic information (who
gave it, diseases, medicines, care-risk events of the last 30 days), every item's score by
dimension, the level from the total, why it was raised, the final level, and the two assessors'
and the informant's signatures. Printed for the person's latest assessment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _, format_date
from carepoint.idcard import age_on
from carepoint.reports.common import form_header
from carepoint.reports.template import Column, FormWriter
from carepoint.residents.service import find_by_id_number
from carepoint.visits.assessment_items import (
    DIMENSION_LABELS,
    DIMENSIONS,
    INFORMANT_LABELS,
    MAX_TOTAL,
    RISK_KIND_LABELS,
    dimension_items,
    raise_reasons,
)
from carepoint.visits.assessments import Assessment, assessments_of
from carepoint.visits.labels import level_label

GENDER = {"male": "男", "female": "女"}
REASONS = {  # the assessment dialog's words for the reasons
    "first": N_("first assessment"),
    "routine": N_("routine reassessment"),
    "change": N_("after a change"),
    "review": N_("review of a disputed result"),
}


def _basic(writer: FormWriter, person, a: Assessment) -> None:
    annex = a.annex
    informant = annex.informant
    if annex.informant_relation:
        informant = f"{informant}（{_(INFORMANT_LABELS[annex.informant_relation])}）"
    events = "；".join(f"{_(RISK_KIND_LABELS.get(k, k))} {d.isoformat()}"
                      for k, d in annex.risk_detail)  # fmt: skip
    if not events:
        events = str(a.risk_events) if a.risk_events else _("none")
    pairs = [
        (_("Name"), person.name), (_("Gender"), GENDER.get(person.gender, person.gender)),
        (_("ID number"), person.id_number),
        (_("Age"), str(age_on(person.birth_date, a.assessed_on))),
        (_("Group"), person.group_name),
        (_("Address"), person.residence_address or person.household_address),
        (_("Assessed on"), format_date(a.assessed_on)),
        (_("Reason for the assessment"), _(REASONS.get(a.reason, a.reason))),
        (_("Information given by"), informant or "—"),
        (_("Diagnosed diseases"), annex.diseases or "—"),
        (_("Medicines taken"), annex.medicines or "—"),
        (_("Care-risk events in the last 30 days"), events),
        (_("Dementia"), _("yes") if a.dementia else _("no")),
        (_("Other psychiatric disorder"), annex.psychiatric or _("no")),
        (_("Coma"), _("yes") if annex.coma else _("no")),
    ]  # fmt: skip
    writer.heading(_("1. Basic information (Annex A)"))
    writer.table([Column(_("Item"), 40), Column(_("Content"), 110)], titles=False)
    writer.rows([[label, value] for label, value in pairs])


def _scores(writer: FormWriter, a: Assessment) -> None:
    writer.heading(_("2. Ability assessment"))
    writer.table([Column(_("Dimension"), 40), Column(_("Item"), 70),
                  Column(_("Score"), 20, "right"), Column(_("Highest"), 20, "right")])  # fmt: skip
    for dimension in DIMENSIONS:
        items = dimension_items(dimension)
        writer.rows([[_(DIMENSION_LABELS[dimension]) if n == 0 else "", item.title,
                      a.scores.get(item.code, ""), item.max_score]
                     for n, item in enumerate(items)])  # fmt: skip
        subtotal = sum(a.scores.get(item.code, 0) for item in items)
        writer.total_row([_("Subtotal"), None, subtotal, sum(i.max_score for i in items)])
    writer.total_row([_("Total"), None, a.total, MAX_TOTAL])


def _conclusion(writer: FormWriter, a: Assessment) -> None:
    reasons = raise_reasons(a.dementia, a.risk_events, coma=a.annex.coma,
                            psychiatric=a.annex.psychiatric)  # fmt: skip
    writer.heading(_("3. Conclusion"))
    writer.table([Column(_("Item"), 40), Column(_("Content"), 110)], titles=False)
    writer.rows([
        [_("Level from the total"), f"{level_label(a.base_level)}（{a.total}/{MAX_TOTAL}）"],
        [_("Level changed because"), "；".join(reasons) or _("no change")],
        [_("Final level"), level_label(a.level)],
    ])  # fmt: skip
    writer.heading(_("4. Signatures"))
    writer.table([Column(_("Role"), 40), Column(_("Name"), 40), Column(_("Signature"), 50),
                  Column(_("Date"), 30)])  # fmt: skip
    day = format_date(a.assessed_on)
    writer.rows([[_("Assessor"), a.assessor_1, "", day], [_("Assessor"), a.assessor_2, "", day],
                 [_("Informant"), a.annex.informant, "", ""]], min_lines=2)  # fmt: skip


@uses_store
def write_assessment_report(
    store: Store, month: dt.date, out: Path, *, subject: str | None = None, **options
) -> Path:
    """`subject`: the resident's ID number; the latest assessment on or before today."""
    person = find_by_id_number(subject or "")
    today = options.get("today") or dt.date.max
    found = [a for a in assessments_of(store, person.id) if a.assessed_on <= today]
    if not found:
        raise UserInputError(_("{name} has not been assessed").format(name=person.name))
    latest = found[0]
    title = _("Ability assessment report: {name}").format(name=person.name)
    with FormWriter(out, form_header(store, title, latest.assessed_on)) as writer:
        _basic(writer, person, latest)
        _scores(writer, latest)
        _conclusion(writer, latest)
        return writer.finish()
