"""老年人意外伤害保险: the year's insured list taken from the register by the locality's rule, the
insurer's layout, and claims noted against the person.

The rule (rule area "insurance", effective-dated like the others; the built-in one when the
locality has none): everyone in the register of at least `min_age` on the policy year's
reference day (1 January, or 31 December with `age_on = "year_end"`), and when `categories` is
not empty only those in at least one of them on that day. The list is one SQL pass over the
register's narrow indexes: a county's 300,000 residents in a few seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from carepoint import clock, rules
from carepoint.binding import uses_store
from carepoint.categories import STORED_CODES
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _
from carepoint.ledgers.common import check_not_future, insert_audited, update_audited

AREA = "insurance"
DEFAULT_RULE = {"min_age": 60, "categories": [], "age_on": "year_start"}
CLAIM_KINDS = ("fall", "traffic", "burn", "other")
CLAIM_KIND_LABELS = {
    "fall": N_("fall"),
    "traffic": N_("traffic accident"),
    "burn": N_("burn or scald"),
    "other": N_("other accident"),
}
CLAIM_STATES = ("reported", "paid", "refused")
CLAIM_STATE_LABELS = {
    "reported": N_("claim reported"),
    "paid": N_("claim paid"),
    "refused": N_("claim refused"),
}


def claim_kind_label(kind: str) -> str:
    return _(CLAIM_KIND_LABELS[kind]) if kind in CLAIM_KIND_LABELS else kind


def validate_rule(content: dict) -> list[str]:
    problems = []
    age = content.get("min_age")
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 120:
        problems.append(_("The insured age must be a whole number of years, 0–120"))
    unknown = [c for c in content.get("categories", []) if c not in STORED_CODES]
    if unknown:
        problems.append(_("Unknown categories: {codes}").format(codes=", ".join(unknown)))
    if content.get("age_on", "year_start") not in ("year_start", "year_end"):
        problems.append(_("The age is counted on year_start or year_end"))
    return problems


@dataclass(frozen=True)
class InsuranceRule:
    min_age: int
    categories: tuple[str, ...]
    age_on: str
    source: str  # "built-in", "preset" or "local"

    def reference_day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) if self.age_on == "year_start" else dt.date(year, 12, 31)


@uses_store
def rule_for(store: Store, year: int) -> InsuranceRule:
    try:
        version = rules.rules_on(store, AREA, dt.date(year, 12, 31))
        content, source = {**DEFAULT_RULE, **version.content}, version.source
    except UserInputError:
        content, source = DEFAULT_RULE, "built-in"
    return InsuranceRule(
        content["min_age"], tuple(content["categories"]), content["age_on"], source
    )


@uses_store
def set_rule(store: Store, effective_from: dt.date, content: dict, note: str = "") -> None:
    rules.save_version(store, AREA, effective_from, {**DEFAULT_RULE, **content}, note,
                       validate=validate_rule)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Insured:
    id: int
    name: str
    gender: str
    id_number: str
    birth_date: str  # ISO, as stored: 300,000 dates are not parsed to be printed again
    age: int
    group_name: str
    phone: str
    address: str


INSURED_FIELDS = ("id", "name", "gender", "id_number", "birth_date", "age", "group_name", "phone",
                  "address")  # fmt: skip


@uses_store
def insured_rows(store: Store, year: int, columns: Sequence[str] = INSURED_FIELDS) -> list[tuple]:
    """Who is insured for `year` by the rule in force then, in group and pinyin order: a tuple a
    person of `columns`, SQL expressions over INSURED_FIELDS (e.g. "CAST(age AS TEXT)").

    Everything is worked out in SQLite, age included: the insurer's file for a county (283,066
    people) is not built as Python objects only to be taken apart again, cell by cell."""
    rule = rule_for(store, year)
    day = rule.reference_day(year)
    # born on or before this day: min_age reached by the reference day (1 January or 31 December)
    latest_birth = day.replace(year=day.year - rule.min_age)
    insured = (
        "SELECT r.id, r.name, r.gender, r.id_number, r.birth_date,"
        # whole years on the reference day: one fewer while the birthday (MM-DD) is still to come
        " ? - CAST(substr(r.birth_date, 1, 4) AS INTEGER) - (substr(r.birth_date, 6) > ?) AS age,"
        " r.group_name, r.phone,"
        " CASE WHEN r.residence_address != '' THEN r.residence_address"
        " ELSE r.household_address END AS address, r.name_pinyin AS pinyin FROM resident r"
        " WHERE r.deleted_at IS NULL AND r.status = 'active' AND r.birth_date <= ?"
    )
    params: list[object] = [day.year, day.strftime("%m-%d"), latest_birth.isoformat()]
    if rule.categories:
        marks = ", ".join("?" * len(rule.categories))
        insured += (
            " AND EXISTS (SELECT 1 FROM category_membership c WHERE c.resident_id = r.id"
            f" AND c.deleted_at IS NULL AND c.code IN ({marks}) AND c.start_date <= ?"
            " AND (c.end_date IS NULL OR c.end_date >= ?))"
        )
        params += [*rule.categories, day.isoformat(), day.isoformat()]
    sql = (
        f"SELECT {', '.join(columns)} FROM ({insured})"
        " ORDER BY group_name, pinyin COLLATE NOCASE, id"
    )
    return store.db.execute_sql(sql, params).fetchall()


@uses_store
def insured_list(store: Store, year: int) -> list[Insured]:
    """Who is insured for `year` by the rule in force then, in group and pinyin order."""
    return [Insured(*row) for row in insured_rows(store, year)]


@dataclass(frozen=True)
class ClaimInput:
    policy_year: int
    incident_date: dt.date
    kind: str
    claimed_fen: int = 0
    description: str = ""
    note: str = ""


@dataclass(frozen=True)
class Claim:
    id: int
    uuid: str
    resident_id: int
    name: str
    id_number: str
    policy_year: int
    incident_date: dt.date
    kind: str
    description: str
    claimed_fen: int
    paid_fen: int | None
    state: str
    note: str


@uses_store
def add_claim(
    store: Store, resident_id: int, data: ClaimInput, *, today: dt.date | None = None
) -> Claim:
    from carepoint.ledgers.common import resident_on

    if data.kind not in CLAIM_KINDS:
        raise UserInputError(_("Unknown kind of accident {kind}").format(kind=data.kind))
    check_not_future(data.incident_date, today or clock.today())
    if data.incident_date.year != data.policy_year:
        raise UserInputError(_("The accident happened outside the policy year"))
    if data.claimed_fen < 0:
        raise UserInputError(_("The amount claimed cannot be negative"))
    _name, uuid = resident_on(store, resident_id, data.incident_date)
    values = {"resident_id": resident_id, "policy_year": data.policy_year,
              "incident_date": data.incident_date, "kind": data.kind,
              "description": data.description.strip(), "claimed_fen": data.claimed_fen,
              "state": "reported", "note": data.note.strip()}  # fmt: skip
    row_id, _uuid = insert_audited(store, "insurance_claim", values, {"resident": uuid})
    return get_claim(store, row_id)


@uses_store
def settle_claim(store: Store, claim_id: int, state: str, paid_fen: int | None = None) -> Claim:
    """The insurer paid (an amount) or refused the claim."""
    claim = get_claim(store, claim_id)
    if claim.state != "reported":
        raise UserInputError(_("This claim was already settled"))
    if state not in ("paid", "refused"):
        raise UserInputError(_("A claim is settled as paid or refused"))
    if state == "paid" and (paid_fen is None or paid_fen <= 0):
        raise UserInputError(_("Give the amount the insurer paid"))
    changes = {
        "state": (claim.state, state),
        "paid_fen": (None, paid_fen if state == "paid" else 0),
    }
    update_audited(store, "insurance_claim", claim_id, changes, "settle")
    return get_claim(store, claim_id)


_CLAIM = (
    "SELECT c.id, c.uuid, c.resident_id, r.name, r.id_number, c.policy_year, c.incident_date,"
    " c.kind, c.description, c.claimed_fen, c.paid_fen, c.state, c.note FROM insurance_claim c"
    " JOIN resident r ON r.id = c.resident_id WHERE c.deleted_at IS NULL"
)


def _claim(row: tuple) -> Claim:
    cid, uuid, rid, name, number, year, day, *rest = row
    return Claim(cid, uuid, rid, name, number, year, dt.date.fromisoformat(day), *rest)


@uses_store
def get_claim(store: Store, claim_id: int) -> Claim:
    row = store.db.execute_sql(_CLAIM + " AND c.id = ?", [claim_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such claim"))
    return _claim(row)


@uses_store
def claims_in(store: Store, year: int) -> list[Claim]:
    sql = _CLAIM + " AND c.policy_year = ? ORDER BY c.incident_date, c.id"
    return [_claim(row) for row in store.db.execute_sql(sql, [year])]
