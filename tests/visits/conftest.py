"""Visit fixtures: residents with the categories and ages the tier rules look at."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number

from carepoint.residents import CategoryInput, ResidentInput, create_resident
from carepoint.visits.records import VisitInput

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def person(store):
    """Register a resident born on `birth` with `categories` held since `since`."""
    sequence = iter(range(1, 999, 2))

    def make(name, birth=dt.date(1950, 3, 4), categories=(), since=dt.date(2020, 1, 1), **fields):
        data = ResidentInput(
            name=name,
            id_number=id_number(birth, next(sequence)),
            categories=[CategoryInput(code, since) for code in categories],
            # Registered long ago, so the tier starts with the categories, not with today.
            registered_on=dt.date(2020, 1, 1),
            **fields,
        )
        return create_resident(store, data, confirm_duplicates=True)

    return make


@pytest.fixture
def visit():
    def make(day, method="phone", visitor="clerk1", **fields):
        return VisitInput(visit_date=day, visitor=visitor, method=method, **fields)

    return make
