"""Register fixtures: signed-in clerk and viewer contexts, people to find, the page on screen."""

from __future__ import annotations

import datetime as dt

import pytest

from carepoint.idcard import check_char
from carepoint.residents import (
    CategoryInput,
    NewResident,
    ResidentInput,
    check_resident,
    create_resident,
    insert_residents,
)
from carepoint.session import Session

from ui.context import AppContext
from ui.register.page import RegisterPage

TODAY = dt.date(2026, 11, 23)


def id_number(birth: dt.date, sequence: int = 1, area: str = "321183") -> str:
    """A valid ID number; an odd sequence is a man, an even one a woman."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def wrong_check_character(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


ZHANG_SAN = id_number(dt.date(1940, 3, 5), 11)  # male, 86
LI_XIUYING = id_number(dt.date(1950, 7, 1), 22)  # female, 76
WANG_FANG = id_number(dt.date(1962, 1, 9), 24, area="110105")  # female, 64


@pytest.fixture
def clerk_context(store):
    store.actor = "clerk1"
    return AppContext(store, Session("clerk1", "clerk"))


@pytest.fixture
def viewer_context(store):
    store.actor = "viewer1"
    return AppContext(store, Session("viewer1", "viewer"))


@pytest.fixture
def three_people(store):
    """张三 (living alone), 李秀英 and 王芳, in two villager groups."""
    create_resident(
        store,
        ResidentInput(
            name="张三",
            id_number=ZHANG_SAN,
            group_name="一组",
            phone="13812345678",
            categories=[CategoryInput("living_alone", dt.date(2025, 1, 1))],
        ),
    )
    create_resident(store, ResidentInput(name="李秀英", id_number=LI_XIUYING, group_name="二组"))
    create_resident(store, ResidentInput(name="王芳", id_number=WANG_FANG, group_name="二组"))
    return store


@pytest.fixture
def known_ids():
    return {"张三": ZHANG_SAN, "李秀英": LI_XIUYING, "王芳": WANG_FANG}


@pytest.fixture
def make_id():
    return id_number


@pytest.fixture
def insert_many(store):
    """Insert `count` synthetic residents at once (as an import does); returns the count."""

    def insert(count: int) -> int:
        return insert_residents(store, many_people(count))

    return insert


def many_people(count: int) -> list[NewResident]:
    surnames, given = "赵钱孙李周吴郑王冯陈", "明华秀英国平兰芳建军"
    people = []
    for n in range(count):
        birth = dt.date(1930 + n % 35, 1 + n % 12, 1 + n % 28)
        name = surnames[n % 10] + given[(n // 10) % 10] + given[(n // 100) % 10]
        data = ResidentInput(name=name, id_number=id_number(birth, n % 999 + 1), group_name="三组")
        prepared, problems = check_resident(data, TODAY)
        assert prepared is not None, problems
        people.append(NewResident(prepared))
    return people


@pytest.fixture
def make_page(qtbot):
    def make(context: AppContext) -> RegisterPage:
        page = RegisterPage(context)
        qtbot.addWidget(page)
        page.resize(1200, 600)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()  # shortcuts and focus work in the active window only
        qtbot.waitUntil(page.isActiveWindow, timeout=2000)
        return page

    return make


@pytest.fixture
def search(qtbot):
    """Type into the search box as a cadre does and wait for the list to follow."""

    def type_and_wait(page: RegisterPage, text: str) -> None:
        page.search_box.clear()
        qtbot.keyClicks(page.search_box, text)
        qtbot.waitUntil(lambda: page.model.filter.search == (text or None), timeout=2000)

    return type_and_wait


from message_box_fixtures import (  # noqa: E402, F401 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
