"""Ability assessments: scores, level, two assessors; the 失能 / 半失能 categories follow the level.

A resident's latest assessment sets their dated categories through the register (audited there):
mildly or moderately impaired → semi-disabled, severely impaired or ability lost → disabled,
intact → neither. It also feeds the visit tier (rules may name levels). A reassessment is due six
months after the last one, or at once when a later visit found the person's health needs
attention (a change).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.residents import CategoryInput, add_category, end_category
from carepoint.residents.service import get_for_update
from carepoint.visits import schedule
from carepoint.visits.assessment_items import (
    INFORMANT_RELATIONS,
    ITEMS,
    RISK_KINDS,
    RISK_WINDOW_DAYS,
    final_level,
    level_for_total,
)
from carepoint.visits.periods import add_months
from carepoint.visits.records import refusal

REASONS = ("first", "routine", "change", "review")
REASSESS_MONTHS = 6
LEVEL_CATEGORY = {
    "mild": "semi_disabled_care",
    "moderate": "semi_disabled_care",
    "severe": "disabled_care",
    "complete": "disabled_care",
}
ABILITY_CATEGORIES = ("disabled_care", "semi_disabled_care")


@dataclass
class AssessmentInput:
    assessed_on: dt.date
    assessor_1: str
    assessor_2: str
    scores: dict[str, int]  # item code → score
    dementia: bool = False
    risk_events: int = 0
    reason: str = "routine"
    notes: str = ""
    # Annex A: the events themselves (kind, date) in the 30 days before; when given, their
    # number is the count of risk events.
    risk_detail: tuple[tuple[str, dt.date], ...] = ()
    informant: str = ""
    informant_relation: str = ""
    diseases: str = ""
    medicines: str = ""
    coma: bool = False
    psychiatric: str = ""  # another diagnosed psychiatric disorder, by name

    @property
    def risk_count(self) -> int:
        return len(self.risk_detail) if self.risk_detail else self.risk_events


@dataclass(frozen=True)
class AnnexA:
    risk_detail: tuple[tuple[str, dt.date], ...] = ()
    informant: str = ""
    informant_relation: str = ""
    diseases: str = ""
    medicines: str = ""
    coma: bool = False
    psychiatric: str = ""


@dataclass(frozen=True)
class Assessment:
    id: int
    assessed_on: dt.date
    reason: str
    assessor_1: str
    assessor_2: str
    scores: dict[str, int]
    total: int
    base_level: str
    dementia: bool
    risk_events: int
    level: str
    notes: str
    annex: AnnexA = AnnexA()


def check_assessment(resident, data: AssessmentInput, today: dt.date) -> list[str]:
    refused = refusal(resident, data.assessed_on, "assessment")
    if refused:
        return [refused]
    problems = []
    if data.assessed_on > today:
        problems.append(_("The date {date} is in the future").format(date=data.assessed_on))
    if data.assessed_on < resident.birth_date:
        problems.append(_("The date {date} is before the birth date").format(date=data.assessed_on))
    first, second = data.assessor_1.strip(), data.assessor_2.strip()
    if not first or not second:
        problems.append(_("An assessment needs two assessors"))
    elif first == second:
        problems.append(_("The two assessors must be different people"))
    for item in ITEMS:
        score = data.scores.get(item.code)
        if not isinstance(score, int) or not 0 <= score <= item.max_score:
            problems.append(
                _("{item}: the score must be 0–{max}").format(item=item.title, max=item.max_score)
            )
    extra = set(data.scores) - {item.code for item in ITEMS}
    if extra:
        problems.append(_("Unknown items: {items}").format(items=", ".join(sorted(extra))))
    if data.risk_events < 0:
        problems.append(_("The number of care-risk events cannot be negative"))
    window = data.assessed_on - dt.timedelta(days=RISK_WINDOW_DAYS)
    for kind, day in data.risk_detail:
        if kind not in RISK_KINDS:
            problems.append(_("Unknown care-risk event {kind}").format(kind=kind))
        if not window <= day <= data.assessed_on:
            problems.append(
                _("The event of {date} is not in the 30 days before the assessment").format(
                    date=day.isoformat()
                )
            )
    if data.informant_relation and data.informant_relation not in INFORMANT_RELATIONS:
        problems.append(_("Unknown informant {relation}").format(relation=data.informant_relation))
    if data.reason not in REASONS:
        problems.append(_("Unknown reason for the assessment {reason}").format(reason=data.reason))
    return problems


@changes(Changed.VISITS | Changed.RESIDENTS)
@uses_store
def record_assessment(
    store: Store, resident_id: int, data: AssessmentInput, *, today: dt.date | None = None
) -> int:
    today = today or clock.today()
    resident = get_for_update(resident_id)
    problems = check_assessment(resident, data, today)
    if problems:
        raise UserInputError("\n".join(problems))
    total = sum(data.scores[item.code] for item in ITEMS)
    base = level_for_total(total)
    level = final_level(base, data.dementia, data.risk_count, coma=data.coma,
                        psychiatric=bool(data.psychiatric.strip()))  # fmt: skip
    scores = json.dumps({item.code: data.scores[item.code] for item in ITEMS})
    values = [data.assessed_on.isoformat(), data.reason, data.assessor_1.strip(),
              data.assessor_2.strip(), scores, total, base, int(data.dementia),
              data.risk_count, level, data.notes.strip()]  # fmt: skip
    annex = {
        "risk_detail": json.dumps([{"kind": k, "date": d.isoformat()} for k, d in
                                   sorted(data.risk_detail, key=lambda e: e[1])]),
        "informant": data.informant.strip(), "informant_relation": data.informant_relation,
        "diseases": data.diseases.strip(), "medicines": data.medicines.strip(),
        "coma": int(data.coma), "psychiatric": data.psychiatric.strip(),
    }  # fmt: skip
    columns = ("assessed_on", "reason", "assessor_1", "assessor_2", "scores", "total",
               "base_level", "dementia", "risk_events", "level", "notes")  # fmt: skip
    row = {"resident_id": resident_id, **dict(zip(columns, values, strict=True)), **annex}
    with store.db.writing():
        assessment_id, uuid = synced.insert(store, "assessment", row)
        audit.record(
            store,
            "create",
            "assessment",
            uuid,
            {
                "resident": (None, resident.uuid),
                "assessed_on": (None, data.assessed_on),
                "assessors": (None, f"{values[2]}, {values[3]}"),
                "scores": (None, scores),
                "total": (None, total),
                "level": (None, level),
                **{k: (None, v) for k, v in annex.items() if v not in ("", "[]", 0)},
            },
        )
        latest = assessments_of(store, resident_id)[0]
        if latest.assessed_on == data.assessed_on:
            _follow_level(store, resident_id, level, data.assessed_on)
        schedule.recompute(store, [resident_id], today)
    return assessment_id


@uses_store
def _follow_level(store: Store, resident_id: int, level: str, day: dt.date) -> None:
    """Make the resident's dated 失能 / 半失能 memberships agree with `level` from `day` on."""
    wanted = LEVEL_CATEGORY.get(level)
    rows = store.db.execute_sql(
        "SELECT id, code, start_date FROM category_membership WHERE resident_id = ?"
        " AND deleted_at IS NULL AND code IN (?, ?) AND start_date <= ?"
        " AND (end_date IS NULL OR end_date >= ?)",
        [resident_id, *ABILITY_CATEGORIES, day.isoformat(), day.isoformat()],
    ).fetchall()
    held = set()
    for membership_id, code, start in rows:
        if code == wanted:
            held.add(code)
            continue
        start_date = dt.date.fromisoformat(start)
        end_category(store, membership_id, max(start_date, day - dt.timedelta(days=1)))
    if wanted and wanted not in held:
        note = _("from the ability assessment of {date}").format(date=day.isoformat())
        add_category(store, resident_id, CategoryInput(wanted, day, None, note))


def _assessment(row: tuple) -> Assessment:
    aid, on, reason, first, second, scores, total, base, dementia, events, level, notes = row[:12]
    detail, informant, relation, diseases, medicines, coma, psychiatric = row[12:]
    risks = tuple((e["kind"], dt.date.fromisoformat(e["date"])) for e in json.loads(detail))
    annex = AnnexA(risks, informant, relation, diseases, medicines, bool(coma), psychiatric)
    return Assessment(
        aid, dt.date.fromisoformat(on), reason, first, second, json.loads(scores), total, base,
        bool(dementia), events, level, notes, annex,
    )  # fmt: skip


@uses_store
def assessments_of(store: Store, resident_id: int) -> list[Assessment]:
    """A resident's assessments, the latest first (the trend reads down the list)."""
    rows = store.db.execute_sql(
        "SELECT id, assessed_on, reason, assessor_1, assessor_2, scores, total, base_level,"
        " dementia, risk_events, level, notes, risk_detail, informant, informant_relation,"
        " diseases, medicines, coma, psychiatric FROM assessment WHERE resident_id = ?"
        " AND deleted_at IS NULL ORDER BY assessed_on DESC, id DESC",
        [resident_id],
    )
    return [_assessment(row) for row in rows]


@dataclass(frozen=True)
class ReassessmentDue:
    resident_id: int
    name: str
    group_name: str
    last_assessed: dt.date
    level: str
    due_date: dt.date
    because_of_change: bool


@uses_store
def reassessments_due(store: Store, day: dt.date | None = None) -> list[ReassessmentDue]:
    """Assessed residents due again by `day`: six months on, or a visit found their health poor."""
    day = day or clock.today()
    rows = store.db.execute_sql(
        "SELECT r.id, r.name, r.group_name, a.assessed_on, a.level,"
        " (SELECT min(v.visit_date) FROM visit v WHERE v.resident_id = r.id"
        "  AND v.deleted_at IS NULL AND v.visit_date > a.assessed_on AND v.health_status = 'poor')"
        " FROM resident r JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2"
        "  WHERE a2.resident_id = r.id AND a2.deleted_at IS NULL"
        "  ORDER BY a2.assessed_on DESC, a2.id DESC LIMIT 1)"
        " WHERE r.deleted_at IS NULL AND r.status = 'active'"
    )
    found = []
    for rid, name, group, on, level, changed in rows:
        assessed = dt.date.fromisoformat(on)
        regular = add_months(assessed, REASSESS_MONTHS)
        due = min(regular, dt.date.fromisoformat(changed)) if changed else regular
        if due <= day:
            found.append(ReassessmentDue(rid, name, group, assessed, level, due, bool(changed)))
    return sorted(found, key=lambda r: (r.due_date, r.name))
