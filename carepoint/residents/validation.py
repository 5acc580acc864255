"""What a resident record must satisfy before it is written: the rules, not the storage."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from carepoint import categories, idcard
from carepoint.groups import normalise_group
from carepoint.i18n import _
from carepoint.pinyin import name_keys, search_text
from carepoint.residents.fields import GENDER_LABELS, MARITAL_STATUSES, TEXT_FIELDS

_PHONE = re.compile(r"^\+?[\d\-\s()（）/、,，]{5,40}$")
_ACCOUNT = re.compile(r"^\d{8,30}$")
MAX_TEXT = 500


@dataclass
class CarerInput:
    name: str
    relation: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class CategoryInput:
    code: str
    start_date: dt.date
    end_date: dt.date | None = None
    note: str = ""


@dataclass
class ResidentInput:
    """A resident as a clerk or a spreadsheet gives it; gender and birth date come from the ID."""

    name: str
    id_number: object
    gender: str | None = None
    birth_date: dt.date | None = None
    marital_status: str = ""
    ethnicity: str = ""
    household_address: str = ""
    residence_address: str = ""
    group_name: str = ""
    phone: str = ""
    living_situation: str = ""
    income_source: str = ""
    health_conditions: str = ""
    self_care: str = ""
    medical_contact_name: str = ""
    medical_contact_phone: str = ""
    agent_name: str = ""
    agent_phone: str = ""
    bank_account: str = ""
    notes: str = ""
    carers: list[CarerInput] = field(default_factory=list)
    categories: list[CategoryInput] = field(default_factory=list)
    # The day the person joined the register (a roster's as-of date); the day of entry if None.
    registered_on: dt.date | None = None


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass
class PreparedResident:
    """Checked values ready to store, with the search keys derived from them."""

    values: dict[str, object]
    carers: list[CarerInput]
    categories: list[CategoryInput]


def clean_phone(value: str, field_name: str, problems: list[FieldProblem]) -> str:
    value = value.strip()
    if value and not _PHONE.match(value):
        problems.append(
            FieldProblem(field_name, _("{value} is not a phone number").format(value=value))
        )
    return value


def clean_account(value: str, problems: list[FieldProblem]) -> str:
    compact = re.sub(r"[\s\-]", "", value)
    if compact and not _ACCOUNT.match(compact):
        problems.append(
            FieldProblem(
                "bank_account",
                _("The bank account {value} should be 8 to 30 digits").format(value=value),
            )
        )
    return compact


def check_categories(
    items: list[CategoryInput], birth: dt.date | None, problems: list[FieldProblem]
) -> None:
    for item in items:
        if item.code in categories.DERIVED:
            problems.append(
                FieldProblem(
                    "categories",
                    _("{label} follows from the birth date and cannot be set by hand").format(
                        label=categories.label(item.code)
                    ),
                )
            )
        elif item.code not in categories.STORED_CODES:
            problems.append(
                FieldProblem("categories", _("Unknown category {code}").format(code=item.code))
            )
        if item.end_date and item.end_date < item.start_date:
            problems.append(FieldProblem("categories", _("A category cannot end before it starts")))
        if birth and item.start_date < birth:
            problems.append(
                FieldProblem("categories", _("A category cannot start before the birth date"))
            )


def check_resident(
    data: ResidentInput, today: dt.date
) -> tuple[PreparedResident | None, list[FieldProblem]]:
    """Validate `data`; return the prepared record, or None and every problem found."""
    problems: list[FieldProblem] = []
    name = " ".join(str(data.name or "").split())
    if not name:
        problems.append(FieldProblem("name", _("The name is missing")))
    elif len(name) > 40:
        problems.append(FieldProblem("name", _("The name is too long")))
    parsed = None
    try:
        parsed = idcard.parse(data.id_number, today=today)
    except idcard.InvalidIdNumber as error:
        problems.append(FieldProblem("id_number", str(error)))
    if parsed and data.gender and data.gender != parsed.gender:
        problems.append(
            FieldProblem(
                "gender",
                _("The gender {given} does not match the ID number, which says {derived}").format(
                    given=_(GENDER_LABELS.get(data.gender, data.gender)),
                    derived=_(GENDER_LABELS[parsed.gender]),
                ),
            )
        )
    if parsed and data.birth_date and data.birth_date != parsed.birth_date:
        problems.append(
            FieldProblem(
                "birth_date",
                _(
                    "The birth date {given} does not match the ID number, which says {derived}"
                ).format(given=data.birth_date.isoformat(), derived=parsed.birth_date.isoformat()),
            )
        )
    if data.marital_status and data.marital_status not in MARITAL_STATUSES:
        problems.append(
            FieldProblem(
                "marital_status",
                _("Unknown marital status {value}").format(value=data.marital_status),
            )
        )
    values: dict[str, object] = {}
    for name_of_field in TEXT_FIELDS:
        text = str(getattr(data, name_of_field) or "").strip()
        if len(text) > MAX_TEXT:
            problems.append(FieldProblem(name_of_field, _("The text is too long")))
        values[name_of_field] = text
    values["phone"] = clean_phone(values["phone"], "phone", problems)
    for phone_field in ("medical_contact_phone", "agent_phone"):
        values[phone_field] = clean_phone(values[phone_field], phone_field, problems)
    values["bank_account"] = clean_account(values["bank_account"], problems)
    values["group_name"] = normalise_group(values["group_name"])  # 3组, 第三组 → 三组
    carers = []
    for carer in data.carers:
        if not carer.name.strip():
            problems.append(FieldProblem("carers", _("A carer needs a name")))
            continue
        phone = clean_phone(carer.phone, "carers", problems)
        carers.append(
            CarerInput(carer.name.strip(), carer.relation.strip(), phone, carer.address.strip())
        )
    check_categories(data.categories, parsed.birth_date if parsed else None, problems)
    if problems or parsed is None:
        return None, problems
    pinyin_spaced, initials = name_keys(name)
    values.update(
        name=name,
        id_number=parsed.number,
        gender=parsed.gender,
        birth_date=parsed.birth_date,
        marital_status=data.marital_status,
        name_pinyin=pinyin_spaced,
        name_initials=initials,
        search_text=search_text(name, pinyin_spaced, parsed.number),
        registered_on=data.registered_on or today,
    )
    return PreparedResident(values, carers, list(data.categories)), []
