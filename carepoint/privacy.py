"""Masking sensitive personal information for viewers and public notices (PIPL art. 28, 51)."""

from __future__ import annotations

from carepoint.idcard import mask as mask_id_number


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    phone = phone.strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_account(account: str) -> str:
    """Only the last four digits of a bank account are shown."""
    account = account.strip()
    return "*" * max(len(account) - 4, 0) + account[-4:] if account else ""


PHONE_FIELDS = ("phone", "medical_contact_phone", "agent_phone")


def masked_value(field: str, value: str) -> str:
    """What a viewer sees of a sensitive register field: masked ID numbers, phones and accounts."""
    if not value:
        return value
    if field == "id_number":
        return mask_id_number(value)
    if field in PHONE_FIELDS:
        return mask_phone(value)
    if field == "bank_account":
        return mask_account(value)
    return value


__all__ = ["mask_id_number", "mask_phone", "mask_account", "masked_value", "PHONE_FIELDS"]
