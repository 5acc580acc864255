"""Resident field names, statuses and the labels users see for them."""

from __future__ import annotations

from carepoint.i18n import N_, _

STATUSES = ("active", "moved_out", "deceased", "in_institution", "lost_contact")
STATUS_LABELS = {
    "active": N_("registered"),
    "moved_out": N_("moved out"),
    "deceased": N_("deceased"),
    "in_institution": N_("in an institution"),
    "lost_contact": N_("lost contact"),
}
STATUS_WORDS = {
    "在册": "active",
    "正常": "active",
    "迁出": "moved_out",
    "去世": "deceased",
    "死亡": "deceased",
    "已故": "deceased",
    "入住机构": "in_institution",
    "失联": "lost_contact",
}

GENDER_LABELS = {"male": N_("male"), "female": N_("female")}

MARITAL_STATUSES = ("unmarried", "married", "widowed", "divorced")
MARITAL_LABELS = {
    "unmarried": N_("unmarried"),
    "married": N_("married"),
    "widowed": N_("widowed"),
    "divorced": N_("divorced"),
}
MARITAL_WORDS = {
    "未婚": "unmarried",
    "已婚": "married",
    "有配偶": "married",
    "丧偶": "widowed",
    "离婚": "divorced",
    "离异": "divorced",
}

# Plain text fields a clerk edits, in the order forms show them.
TEXT_FIELDS = (
    "ethnicity",
    "household_address",
    "residence_address",
    "group_name",
    "phone",
    "living_situation",
    "income_source",
    "health_conditions",
    "self_care",
    "medical_contact_name",
    "medical_contact_phone",
    "agent_name",
    "agent_phone",
    "bank_account",
    "notes",
)
FIELD_LABELS = {
    "name": N_("name"),
    "gender": N_("gender"),
    "id_number": N_("ID number"),
    "birth_date": N_("birth date"),
    "ethnicity": N_("ethnicity"),
    "marital_status": N_("marital status"),
    "household_address": N_("household registration address"),
    "residence_address": N_("residence address"),
    "group_name": N_("villager group"),
    "phone": N_("phone"),
    "living_situation": N_("living situation"),
    "income_source": N_("income source"),
    "health_conditions": N_("illness and disability"),
    "self_care": N_("self-care ability"),
    "medical_contact_name": N_("medical contact"),
    "medical_contact_phone": N_("medical contact phone"),
    "agent_name": N_("agent"),
    "agent_phone": N_("agent phone"),
    "bank_account": N_("bank account"),
    "notes": N_("notes"),
    "status": N_("status"),
    "registered_on": N_("on the register since"),
    "categories": N_("categories"),
    "carers": N_("carers"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def status_code(word: str) -> str | None:
    word = word.strip()
    if word in STATUSES:
        return word
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    for code, english in STATUS_LABELS.items():
        if word.lower() in (english, _(english).lower()):
            return code
    return None


def marital_code(word: str) -> str | None:
    word = word.strip()
    if not word:
        return ""
    if word in MARITAL_STATUSES:
        return word
    if word in MARITAL_WORDS:
        return MARITAL_WORDS[word]
    for code, english in MARITAL_LABELS.items():
        if word.lower() in (english, _(english).lower()):
            return code
    return None
