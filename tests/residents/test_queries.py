import datetime as dt

import pytest
from builders import add

from carepoint.errors import UserInputError
from carepoint.residents import (
    CategoryInput,
    RegisterFilter,
    count_residents,
    list_residents,
    resident_ids,
    rows_by_ids,
    set_status,
)

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def village(store):
    add(
        store,
        "张三",
        birth=dt.date(1940, 2, 3),
        sequence=1,
        group_name="一组",
        categories=[CategoryInput("living_alone", dt.date(2020, 1, 1))],
    )
    add(store, "李四", birth=dt.date(1960, 6, 7), sequence=3, group_name="二组")
    add(
        store,
        "单秀英",
        birth=dt.date(1946, 11, 23),
        sequence=4,
        group_name="一组",
        phone="13812345678",
    )
    add(
        store,
        "阿依古丽",
        birth=dt.date(1955, 8, 9),
        sequence=6,
        group_name="二组",
        categories=[CategoryInput("low_income", dt.date(2019, 1, 1), dt.date(2025, 12, 31))],
    )
    gone = add(store, "王五", birth=dt.date(1930, 1, 1), sequence=5, group_name="一组")
    set_status(store, gone.id, "deceased", dt.date(2026, 5, 1), "病故")
    return store


def names(store, filters, order="pinyin"):
    return [row.name for row in list_residents(store, filters, TODAY, order)]


def test_initials_find_the_person(village):
    assert names(village, RegisterFilter(search="zs")) == ["张三"]


def test_full_pinyin_and_a_part_of_it_find_the_person(village):
    assert names(village, RegisterFilter(search="zhangsan")) == ["张三"]
    assert names(village, RegisterFilter(search="Xiu")) == ["单秀英"]


def test_a_surname_reading_is_used_for_polyphone_surnames(village):
    assert names(village, RegisterFilter(search="sxy")) == ["单秀英"]


def test_a_chinese_fragment_and_an_id_fragment_find_the_person(village):
    assert names(village, RegisterFilter(search="秀")) == ["单秀英"]
    assert names(village, RegisterFilter(search="19600607")) == ["李四"]


def test_search_text_with_like_wildcards_matches_literally(village):
    assert names(village, RegisterFilter(search="%")) == []
    assert names(village, RegisterFilter(search="_")) == []


def test_the_list_is_sorted_by_pinyin(village):
    assert names(village, RegisterFilter()) == ["阿依古丽", "李四", "单秀英", "王五", "张三"]


def test_filters_by_status_group_and_current_category(village):
    assert names(village, RegisterFilter(status="deceased")) == ["王五"]
    assert names(village, RegisterFilter(group="一组", status="active")) == ["单秀英", "张三"]
    assert names(village, RegisterFilter(category="living_alone")) == ["张三"]
    # an ended membership no longer counts
    assert names(village, RegisterFilter(category="low_income")) == []


def test_oldest_old_is_derived_from_age_on_the_day(village):
    # 单秀英 turns 80 exactly on 2026-11-23; 王五 died at 96.
    assert names(village, RegisterFilter(category="oldest_old")) == ["单秀英", "王五", "张三"]
    row = next(r for r in list_residents(village, RegisterFilter(search="单秀英"), TODAY))
    assert "oldest_old" in row.categories and row.age == 80


def test_age_bands_filter_on_age_today(village):
    assert names(village, RegisterFilter(age_band="60_69")) == ["李四"]
    assert names(village, RegisterFilter(age_band="80_89", status="active")) == ["单秀英", "张三"]


def test_a_deceased_persons_age_stops_at_death(village):
    row = list_residents(village, RegisterFilter(status="deceased"), TODAY)[0]
    assert row.age == 96


def test_pages_of_rows_come_back_in_the_order_of_the_ids(village):
    ids = resident_ids(village, RegisterFilter(), TODAY, "age")
    youngest = rows_by_ids(village, ids[:2], TODAY)
    assert [r.name for r in youngest] == ["李四", "阿依古丽"]
    backwards = resident_ids(village, RegisterFilter(), TODAY, "age", descending=True)
    assert backwards == list(reversed(ids))
    assert count_residents(village, RegisterFilter(group="二组"), TODAY) == 2


def test_unknown_filter_values_are_refused_with_the_choices(village):
    with pytest.raises(UserInputError, match="active"):
        list_residents(village, RegisterFilter(status="dead"), TODAY)
    with pytest.raises(UserInputError, match="living_alone"):
        list_residents(village, RegisterFilter(category="alone"), TODAY)
