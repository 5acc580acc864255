"""Ledger page fixtures: a village of many people with three easy to find, shared page helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number
from file_dialog_fixtures import pick_in_file_dialog  # noqa: F401 - a fixture, by name
from service_page_fixtures import (  # noqa: F401 - fixtures are found by name
    answer_message_box,
    clerk_context,
    no_unexpected_message_box,
    show,
    viewer_context,
)

from carepoint.residents import NewResident, ResidentInput, check_resident, insert_residents

TODAY = dt.date(2026, 11, 23)
SURNAMES, GIVEN = "赵钱孙李周吴郑王冯陈", "明华秀英国平兰芳建军"
KNOWN = {"张三丰": "zsf", "欧阳修": "oyx", "段誉": "dy"}


@pytest.fixture
def crowd(village):
    """`count` residents with everyday names, plus 张三丰, 欧阳修 and 段誉; returns {name: id}."""

    def make(count: int) -> dict[str, int]:
        people = []
        names = [SURNAMES[n % 10] + GIVEN[(n // 10) % 10] + GIVEN[n % 7] for n in range(count)]
        for n, name in enumerate([*KNOWN, *names]):
            birth = dt.date(1937 + n % 20, 1 + n % 12, 1 + n % 28)
            data = ResidentInput(
                name=name, id_number=id_number(birth, n % 999 + 1), group_name="一组"
            )
            prepared, problems = check_resident(data, TODAY)
            assert prepared is not None, problems
            people.append(NewResident(prepared))
        insert_residents(village, people)
        rows = village.db.execute_sql("SELECT name, id FROM resident WHERE name IN (?, ?, ?)",
                                      list(KNOWN))  # fmt: skip
        return dict(rows.fetchall())

    return make
