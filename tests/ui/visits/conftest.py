"""Visits page fixtures: a small village with people due, signed-in clerk and viewer, the page."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number

from carepoint.residents import CategoryInput, ResidentInput, create_resident
from carepoint.session import Session
from carepoint.visits.records import VisitInput, record_visit

from ui.context import AppContext
from ui.visits.page import VisitsPage

D = dt.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def people(village):
    """张三 (86, living alone, weekly) last visited 10 Nov: overdue 6 days; 李秀英 (71, 失能,
    monthly) visited 27 Oct: due 27 Nov; 王芳 (76, living alone, quarterly) visited 2 Nov."""
    made = {}
    for name, birth, seq, code, group, last in (
        ("张三", D(1940, 5, 6), 11, "living_alone", "一组", D(2026, 11, 10)),
        ("李秀英", D(1955, 5, 6), 22, "disabled_care", "二组", D(2026, 10, 27)),
        ("王芳", D(1950, 5, 6), 24, "living_alone", "二组", D(2026, 11, 2)),
    ):
        resident = create_resident(
            village,
            ResidentInput(
                name=name,
                id_number=id_number(birth, seq),
                group_name=group,
                phone="13812345678",
                categories=[CategoryInput(code, D(2020, 1, 1))],
            ),
        )
        record_visit(village, resident.id, VisitInput(last, "clerk1", "home"), today=TODAY)
        made[name] = resident
    return made


@pytest.fixture
def clerk_context(village):
    village.actor = "clerk1"
    return AppContext(village, Session("clerk1", "clerk"))


@pytest.fixture
def viewer_context(village):
    village.actor = "viewer1"
    return AppContext(village, Session("viewer1", "viewer"))


@pytest.fixture
def make_page(qtbot):
    def make(context: AppContext) -> VisitsPage:
        page = VisitsPage(context)
        qtbot.addWidget(page)
        page.resize(1300, 650)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()  # shortcuts and focus work in the active window only
        qtbot.waitUntil(page.isActiveWindow, timeout=2000)
        return page

    return make


@pytest.fixture
def shown_dialog(qtbot):
    """Wait until a dialog is on screen and has focus, as it is before a cadre types."""

    def wait(dialog):
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        return dialog

    return wait


from message_box_fixtures import (  # noqa: E402, F401 - fixtures are found by name
    no_unexpected_message_box,
)
