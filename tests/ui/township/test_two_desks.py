"""Two clerks at two desks have the same page open on one office database (issue 21 item 3): the
one who decides second is told who decided first and when, nothing of theirs is written, and
their page then shows the first decision. On both engines."""

from __future__ import annotations

import re

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store
from exchange_gui_fixtures import click, column

from PySide6.QtCore import Qt

from carepoint import i18n
from carepoint.db import open_store
from carepoint.exchange.conflicts import correct_record, list_conflicts
from carepoint.residents import update_resident
from carepoint.session import Session

from ui.context import AppContext
from ui.township.conflicts_page import ConflictsPage
from ui.township.overview_page import OverviewPage

REFUSED = re.compile(
    r"^这一项已由 (?P<who>\S+) 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 处理："
    r"(?P<what>[^；]+)；没有做任何更改$"
)


@pytest.fixture
def desks(office):
    """desk(name) → the AppContext of a clerk signed in at their own desk (their own store)."""
    opened = []

    def desk(name: str) -> AppContext:
        i18n.set_language("zh_CN")  # the command line of the setup ran in English
        store = open_store(office.folder, actor=name)
        opened.append(store)
        return AppContext(store, Session(name, "clerk"))

    yield desk
    for store in opened:
        store.close()


def _select_village(qtbot, overview, code: str) -> None:
    row = overview.codes.index(code)
    rect = overview.table.visualItemRect(overview.table.item(row, 1))
    qtbot.mouseClick(overview.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_second_desk_is_told_the_month_was_returned_and_sees_the_return(
    qtbot, show, office, desks, answer_message_box, type_chinese
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    wang, li = show(OverviewPage(desks("王芳"))), show(OverviewPage(desks("李明")))
    for desk in (wang, li):
        _select_village(qtbot, desk, TAOYUAN[0])
    row = li.codes.index(TAOYUAN[0])
    assert column(li.table, 10)[row] == "未审核"

    type_chinese(wang.comment, "缺老人签字")
    click(qtbot, wang.reject_button)
    told = answer_message_box()
    click(qtbot, li.approve_button)

    found = REFUSED.match(told[0]) if told else None
    assert found and (found["who"], found["what"]) == ("王芳", "已退回修改"), told
    assert (column(li.table, 10)[row], column(li.table, 11)[row]) == ("已退回修改", "缺老人签字")
    state = li.context.store.db.execute_sql(
        "SELECT review, reviewed_by FROM township_month WHERE village_code = ? AND month = ?",
        [TAOYUAN[0], li.month.currentData()],
    ).fetchone()
    assert state == ("rejected", "王芳")


def test_the_second_desk_is_told_the_conflict_was_resolved_and_it_leaves_the_list(
    qtbot, show, office, desks, answer_message_box
):
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: correct_record(s, TAOYUAN[0], "resident", person.uuid,
                                                        {"phone": "13800000001"}))  # fmt: skip
    with_store(village, lambda s: update_resident(s, person.id, {"phone": "13900000002"}))
    office.run("sync", "import", office.export(village))
    wang, li = show(ConflictsPage(desks("王芳"))), show(ConflictsPage(desks("李明")))
    assert column(li.list, 2) == ["张三"]

    click(qtbot, wang.take_button)
    told = answer_message_box()
    click(qtbot, li.keep_button)

    found = REFUSED.match(told[0]) if told else None
    assert found and (found["who"], found["what"]) == ("王芳", "采用了村里的版本"), told
    assert li.list.rowCount() == 0 and not li.keep_button.isEnabled()
    assert list_conflicts(li.context.store) == []
    phone = li.context.store.db.execute_sql(
        "SELECT phone FROM tw_resident WHERE uuid = ?", [person.uuid]
    ).fetchone()
    assert phone == ("13900000002",)
