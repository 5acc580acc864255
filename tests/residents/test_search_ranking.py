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

    from ui.meals.resident_picker import ResidentPicker

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
