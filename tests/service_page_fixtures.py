"""Fixtures shared by the service pages' GUI tests (meals, time bank): residents, signed-in
contexts, widgets on screen, and message boxes that no test expected."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number

from carepoint.meals.enrollment import EnrollmentInput, enroll
from carepoint.residents import (
    NewResident,
    ResidentInput,
    check_resident,
    create_resident,
    insert_residents,
)
from carepoint.session import Session

from ui.context import AppContext

TODAY = dt.date(2026, 11, 23)
SURNAMES, GIVEN = "赵钱孙李周吴郑王冯陈", "明华秀英国平兰芳建军"


@pytest.fixture
def diners(village):
    """`count` residents aged 70–89, each enrolled for lunch every day from 1 September."""

    def make(count: int, mode: str = "dine_in") -> list[int]:
        people = []
        for n in range(count):
            birth = dt.date(1937 + n % 20, 1 + n % 12, 1 + n % 28)
            name = SURNAMES[n % 10] + GIVEN[(n // 10) % 10] + GIVEN[n % 7]
            data = ResidentInput(name=name, id_number=id_number(birth, n + 1), group_name="一组")
            prepared, problems = check_resident(data, TODAY)
            assert prepared is not None, problems
            people.append(NewResident(prepared))
        insert_residents(village, people)
        ids = [row[0] for row in village.db.execute_sql("SELECT id FROM resident ORDER BY id")]
        for resident_id in ids[-count:]:
            enroll(
                village,
                EnrollmentInput(resident_id, "lunch", mode, "1234567", dt.date(2026, 9, 1)),
            )
        return ids[-count:]

    return make


@pytest.fixture
def zhang_san(village):
    return create_resident(
        village, ResidentInput(name="张三", id_number=id_number(dt.date(1940, 3, 5), 901))
    )


@pytest.fixture
def clerk_context(village):
    village.actor = "clerk1"
    return AppContext(village, Session("clerk1", "clerk"))


@pytest.fixture
def viewer_context(village):
    village.actor = "viewer1"
    return AppContext(village, Session("viewer1", "viewer"))


@pytest.fixture
def show(qtbot):
    """Show a widget in its own active window, as the main window would."""

    def shown(widget, size=(1200, 650)):
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
        return widget

    return shown


from message_box_fixtures import answer_message_box, no_unexpected_message_box  # noqa: E402, F401
