"""Exporting the register to xlsx or csv with the Chinese headers that import reads back."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.models import Carer, CategoryMembership, Resident
from carepoint.permissions import require
from carepoint.residents.fields import MARITAL_WORDS, STATUS_WORDS
from carepoint.residents.queries import RegisterFilter, resident_ids
from carepoint.session import Session
from carepoint.spreadsheet.headers import FIELDS
from carepoint.spreadsheet.writer import write_table

COLUMNS = (
    "name",
    "gender",
    "id_number",
    "birth_date",
    "ethnicity",
    "marital_status",
    "group",
    "household_address",
    "residence_address",
    "phone",
    "living_situation",
    "income_source",
    "health_conditions",
    "self_care",
    "categories",
    "carer_name",
    "carer_relation",
    "carer_phone",
    "carer_address",
    "medical_contact_name",
    "medical_contact_phone",
    "agent_name",
    "agent_phone",
    "bank_account",
    "status",
    "status_date",
    "notes",
)
GENDER_WORDS = {"male": "男", "female": "女"}
_FIRST_WORD = lambda words: {code: word for word, code in reversed(words.items())}  # noqa: E731
STATUS_TEXT = _FIRST_WORD(STATUS_WORDS)
MARITAL_TEXT = _FIRST_WORD(MARITAL_WORDS)


def headers() -> list[str]:
    return [FIELDS[column][0] for column in COLUMNS]


@uses_store
def export_roster(
    store: Store,
    path: Path, filters: RegisterFilter | None = None, today: dt.date | None = None,
    *, actor: Session | None,
) -> int:
    """Write the residents matching `filters` (everyone by default); return how many. The file
    holds whole ID numbers, phones and bank accounts: a viewer may not write it."""
    require(actor, "export")
    today = today or clock.today()
    ids = resident_ids(store, filters or RegisterFilter(), today)
    wanted = set(ids)
    carers = defaultdict(list)
    for carer in Carer.select().where(Carer.deleted_at.is_null()).order_by(Carer.id):
        if carer.resident_id in wanted:
            carers[carer.resident_id].append(carer)
    memberships = defaultdict(list)
    active = (
        CategoryMembership.deleted_at.is_null()
        & (CategoryMembership.start_date <= today)
        & (CategoryMembership.end_date.is_null() | (CategoryMembership.end_date >= today))
    )
    for item in CategoryMembership.select().where(active).order_by(CategoryMembership.id):
        if item.resident_id in wanted:
            memberships[item.resident_id].append(item.code)
    by_id = {
        r.id: r for r in Resident.select().where(Resident.deleted_at.is_null()) if r.id in wanted
    }

    def row(resident: Resident) -> list[str]:
        people = carers[resident.id]
        joined = lambda attr: "；".join(getattr(c, attr) for c in people)  # noqa: E731
        values = {
            "gender": GENDER_WORDS[resident.gender],
            "birth_date": resident.birth_date.isoformat(),
            "marital_status": MARITAL_TEXT.get(resident.marital_status, ""),
            "group": resident.group_name,
            "categories": "、".join(
                categories.CHINESE_LABELS[c][0]
                for c in sorted(memberships[resident.id], key=categories.CODES.index)
            ),
            "carer_name": joined("name"),
            "carer_relation": joined("relation"),
            "carer_phone": joined("phone"),
            "carer_address": joined("address"),
            "status": STATUS_TEXT[resident.status],
            "status_date": resident.status_date.isoformat() if resident.status_date else "",
        }
        return [values[c] if c in values else getattr(resident, c) for c in COLUMNS]

    write_table(Path(path), headers(), (row(by_id[i]) for i in ids), sheet_title="花名册")
    return len(ids)
