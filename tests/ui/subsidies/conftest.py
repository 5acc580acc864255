"""Subsidies page fixtures: a Guichi village with people at bracket edges, signed-in contexts,
the page on screen, and answering the message boxes the workflow asks."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number

from carepoint.residents import ResidentInput, create_resident
from carepoint.session import Session

from ui.context import AppContext
from ui.subsidies.page import SubsidiesPage


@pytest.fixture
def guichi(village):
    """李爷爷 turns 90 in January 2026; 张奶奶 (82) has no bank account."""
    village.set_setting("rules_preset", "guichi")
    li = create_resident(
        village,
        ResidentInput(
            name="李爷爷",
            id_number=id_number(dt.date(1936, 1, 9), 11),
            bank_account="6228480402564890018",
        ),
    )
    zhang = create_resident(
        village, ResidentInput(name="张奶奶", id_number=id_number(dt.date(1944, 3, 3), 22))
    )
    return {"li": li, "zhang": zhang}


@pytest.fixture
def signed_in(village):
    """The context of admin, clerk1 or viewer1 signed in."""
    roles = {"admin": "administrator", "clerk1": "clerk", "viewer1": "viewer"}

    def sign_in(username: str) -> AppContext:
        village.actor = username
        return AppContext(village, Session(username, roles[username]))

    return sign_in


@pytest.fixture
def make_page(qtbot):
    pages = []

    def make(context: AppContext) -> SubsidiesPage:
        page = SubsidiesPage(context)
        page.meal_subsidies = None  # no meal service in these tests
        qtbot.addWidget(page)
        page.resize(1280, 700)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=2000)
        qtbot.waitUntil(lambda: page.idle, timeout=5000)
        pages.append(page)
        return page

    yield make
    # pytest-qt has closed the pages by now; closing waited for their threads
    for page in pages:
        assert all(task.thread.isFinished() for task in page._tasks)


from file_dialog_fixtures import pick_in_file_dialog  # noqa: E402, F401 - a fixture, by name
from message_box_fixtures import (  # noqa: E402, F401 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
