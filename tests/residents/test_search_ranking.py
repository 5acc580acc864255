"""A name search lists the person the cadre meant first: the exact name, then the whole pinyin,
then the initials, then any fragment (walk-in sign-in takes the first with Enter)."""

from __future__ import annotations

import datetime as dt

import pytest

from carepoint.residents import RegisterFilter, list_residents
from tests.builders import add

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def village(store):
    # Added in an order that puts the wrong person first by name alone (pinyin f < z).
    for sequence, name in enumerate(["冯秀珍", "郑志华", "张华", "张", "王张", "左红"], start=1):
        add(store, name, sequence=sequence)
    return store


def names(store, search: str) -> list[str]:
    return [r.name for r in list_residents(store, RegisterFilter(search=search), TODAY)]


def test_the_start_of_a_full_pinyin_ranks_above_a_fragment_inside_another_name(village):
    found = names(village, "zh")
    assert found.index("张华") < found.index("冯秀珍")
    assert found.index("郑志华") < found.index("冯秀珍")


def test_an_exact_name_comes_before_names_that_start_with_it(village):
    assert names(village, "张")[:2] == ["张", "张华"]
    assert names(village, "张")[-1] == "王张"


def test_the_whole_pinyin_comes_before_a_longer_pinyin_that_starts_with_it(village):
    assert names(village, "zhanghua")[0] == "张华"
    assert names(village, "zhang")[0] == "张"


def test_initials_come_after_pinyin_and_before_fragments(village):
    # 左红 (zuo hong) answers "zh" by its initials only; 冯秀珍 and 王张 hold "zh" inside.
    assert names(village, "zh") == ["张", "张华", "郑志华", "左红", "冯秀珍", "王张"]


def test_walk_in_typing_zh_and_enter_takes_zhang_hua_not_feng_xiuzhen(qtbot, store):
    from PySide6.QtCore import Qt

    from ui.widgets.resident_picker import ResidentPicker

    feng = add(store, "冯秀珍", sequence=1)
    zhang = add(store, "张华", sequence=2)
    picker = ResidentPicker(store)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search_box, "zh")
    with qtbot.waitSignal(picker.chosen) as taken:
        qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)
    assert taken.args == [zhang.id]
    assert picker.matches.item(1).data(Qt.ItemDataRole.UserRole) == feng.id


def test_the_meal_enrollment_search_ranks_like_the_register(village):
    from carepoint.meals.enrollment import EnrollmentInput, enroll, list_enrollments

    ids = {r.name: r.id for r in list_residents(village, RegisterFilter(), TODAY)}
    for name in ("冯秀珍", "张华", "左红"):
        enroll(village, EnrollmentInput(ids[name], "lunch", "dine_in", "12345", TODAY))
    names = [e.name for e in list_enrollments(village, search="zh")]
    assert names == ["张华", "左红", "冯秀珍"]


def test_the_volunteer_search_ranks_like_the_register(store):
    from carepoint.timebank.volunteers import VolunteerInput, add_volunteer, list_volunteers

    for name in ("冯秀珍", "左红", "张华"):
        add_volunteer(store, VolunteerInput(name=name, joined_on=TODAY))
    assert [v.name for v in list_volunteers(store, "zh")] == ["张华", "左红", "冯秀珍"]


def test_the_visit_list_search_puts_the_best_name_match_first(store):
    from carepoint.visits.due import DueFilter, due_ids

    for sequence, name in enumerate(["冯秀珍", "郑志华", "张华", "张", "王张", "左红"], start=1):
        add(store, name, birth=dt.date(1936, 1, 1), sequence=sequence)  # 90: visited monthly
    ids = due_ids(store, DueFilter(view="all", search="zh"), TODAY)
    by_id = {r.id: r.name for r in list_residents(store, RegisterFilter(), TODAY)}
    found = [by_id[i] for i in ids]
    # everyone in this village is due a first visit, so the order is the search's alone
    assert found == ["张", "张华", "郑志华", "左红", "冯秀珍", "王张"]
