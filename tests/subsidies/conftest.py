"""Subsidy fixtures: rule tables set by the test, people born on chosen days, status changes."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from builders import id_number

from carepoint import rules
from carepoint.residents import CategoryInput, ResidentInput, create_resident, set_status
from carepoint.subsidies.rule_tables import AREA
from carepoint.subsidies.validation import validate

_sequence = itertools.count(1)


def card_number(serial: int) -> str:
    """A bank card number of its own for each person (16 digits, Luhn check digit last)."""
    body = f"622848040{serial:06d}"
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


@pytest.fixture
def use_rules(store):
    """Replace the preset's subsidy rules with a local table in force from 2020."""

    def use(content: dict, since: dt.date = dt.date(2020, 1, 1)) -> None:
        rules.save_version(store, AREA, since, content, "测试规则", validate=validate)

    return use


@pytest.fixture
def person(store):
    """Register someone born on `birth`; optionally with categories and a status history."""

    def make(name: str, birth: dt.date, *, categories=(), account=None, **kw):
        serial = next(_sequence)
        data = ResidentInput(
            name=name,
            id_number=id_number(birth, serial % 999 + 1),
            bank_account=card_number(serial) if account is None else account,
            categories=[CategoryInput(code, start) for code, start in categories],
            **kw,
        )
        return create_resident(store, data, confirm_duplicates=True)

    return make


@pytest.fixture
def status(store):
    def change(resident, new_status: str, day: dt.date, reason: str = "") -> None:
        set_status(store, resident.id, new_status, day, reason, today=dt.date(2026, 11, 23))

    return change
