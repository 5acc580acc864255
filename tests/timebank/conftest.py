"""Time bank fixtures: a volunteer who is a young-old resident, and people they help."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import add

from carepoint.timebank.volunteers import VolunteerInput, add_volunteer


@pytest.fixture
def helper(store):
    resident = add(store, "刘志愿", dt.date(1962, 4, 1), 11, group_name="二组", phone="13900000000")
    return add_volunteer(
        store, VolunteerInput(resident_id=resident.id, joined_on=dt.date(2026, 1, 1))
    )


@pytest.fixture
def elder(store):
    return add(store, "马奶奶", dt.date(1935, 8, 8), 12)
