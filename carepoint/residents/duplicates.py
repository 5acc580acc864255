"""Likely duplicates to confirm before a new person is written (same ID numbers are refused)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.i18n import _
from carepoint.models import Resident
from carepoint.pinyin import name_keys


@dataclass(frozen=True)
class DuplicateHint:
    resident_id: int
    name: str
    id_number: str
    group_name: str
    reason: str


def names_nearly_equal(a: str, b: str) -> bool:
    """Same length and one character different (张秀英 / 张秀瑛), or the same reading."""
    if a == b:
        return True
    if len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return True
    return bool(a and b) and name_keys(a)[0] == name_keys(b)[0]


def likely_duplicates(
    name: str, birth_date: dt.date, group_name: str, exclude_id: int | None = None
) -> list[DuplicateHint]:
    hints: dict[int, DuplicateHint] = {}
    living = Resident.deleted_at.is_null()
    if exclude_id is not None:
        living &= Resident.id != exclude_id
    for row in Resident.select().where(
        living & (Resident.name == name) & (Resident.birth_date == birth_date)
    ):
        hints[row.id] = DuplicateHint(
            row.id,
            row.name,
            row.id_number,
            row.group_name,
            _("same name and birth date as {name} ({id_number})").format(
                name=row.name, id_number=row.id_number
            ),
        )
    if group_name:
        same_group = Resident.select(
            Resident.id, Resident.name, Resident.id_number, Resident.group_name
        ).where(living & (Resident.group_name == group_name))
        for row in same_group:
            if row.id not in hints and names_nearly_equal(name, row.name):
                hints[row.id] = DuplicateHint(
                    row.id,
                    row.name,
                    row.id_number,
                    row.group_name,
                    _("a nearly identical name in the same group: {name} ({id_number})").format(
                        name=row.name, id_number=row.id_number
                    ),
                )
    return list(hints.values())
