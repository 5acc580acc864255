"""Meal fixtures: diners of known ages and categories in the test village (Jurong rules)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from builders import id_number

from carepoint.meals.enrollment import EnrollmentInput, enroll
from carepoint.residents import CategoryInput, ResidentInput, create_resident

TODAY = dt.date(2026, 11, 23)
_sequence = itertools.count(1)


@pytest.fixture
def person(store):
    """Register a resident born on `birth`, with category codes held since 2020."""

    def make(name: str, birth: dt.date, *codes: str, **fields):
        data = ResidentInput(
            name=name,
            id_number=id_number(birth, next(_sequence) % 999 + 1),
            categories=[CategoryInput(code, dt.date(2020, 1, 1)) for code in codes],
            **fields,
        )
        return create_resident(store, data, confirm_duplicates=True)

    return make


@pytest.fixture
def enrolled(store, person):
    """A resident enrolled for lunch every day from 1 September 2026."""

    def make(name: str, birth: dt.date, *codes: str, mode="dine_in", weekdays="1234567", **kw):
        resident = person(name, birth, *codes, **kw)
        enroll(
            store,
            EnrollmentInput(resident.id, "lunch", mode, weekdays, dt.date(2026, 9, 1)),
        )
        return resident

    return make
