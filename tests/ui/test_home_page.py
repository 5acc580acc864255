"""The home page of a demo village shows the same numbers the register's own filters give."""

import datetime as dt

import pytest

from carepoint.demo import generate_village
from carepoint.i18n import format_number
from carepoint.residents import RegisterFilter, count_residents, create_resident
from carepoint.residents.validation import ResidentInput
from tests.builders import id_number

from ui.home_page import HomePage

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo_context(context):
    generate_village(context.store, residents=300, seed=7, today=TODAY)
    return context


@pytest.fixture
def page(qtbot, demo_context):
    shown = HomePage(demo_context)
    qtbot.addWidget(shown)
    shown.resize(1180, 680)
    shown.show()
    return shown


def _active(store, **filters):
    return count_residents(store, RegisterFilter(status="active", **filters), TODAY)


def _table(table):
    return {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}


def test_the_cards_show_the_active_residents_and_the_oldest_old(page):
    assert page.numbers["active"].text() == format_number(_active(page.context.store))
    assert page.numbers["oldest_old"].text() == format_number(
        _active(page.context.store, category="oldest_old")
    )
    assert page.numbers["centenarians"].text() == format_number(
        _active(page.context.store, age_band="100_plus")
    )


def test_the_chart_has_one_bar_per_age_band_with_the_register_counts(page):
    bars = page.chart.series()[0].barSets()[0]
    counts = [int(bars.at(i)) for i in range(bars.count())]

    assert counts == [
        _active(page.context.store, age_band=band)
        for band in ("60_69", "70_79", "80_89", "90_99", "100_plus")
    ]
    assert sum(counts) > 200


def test_the_category_table_lists_each_category_with_its_register_count(page):
    shown = _table(page.categories)

    assert len(shown) >= 5
    for line in page.summary.categories:
        if line.count:
            assert shown[line.label] == format_number(
                _active(page.context.store, category=line.key)
            )


def test_recent_changes_say_who_changed_which_resident(page):
    rows = page.changes.rowCount()

    assert rows == 10
    assert {page.changes.item(r, 1).text() for r in range(rows)} == {"admin"}
    assert all(page.changes.item(r, 2).text() for r in range(rows))


def test_a_new_resident_updates_the_page_when_the_register_says_it_changed(page, demo_context):
    before = _active(page.context.store)
    demo_context.store.actor = "clerk1"
    create_resident(
        demo_context.store,
        ResidentInput(name="新来的", id_number=id_number(dt.date(1950, 6, 1), 991)),
        confirm_duplicates=True,
    )

    demo_context.changes.changed.emit({"residents"})

    assert page.numbers["active"].text() == format_number(before + 1)
    assert page.changes.item(0, 1).text() == "clerk1"
    assert page.changes.item(0, 2).text() == "新来的"


def test_other_changes_do_not_recount(page, demo_context):
    page.numbers["active"].setText("unchanged")

    demo_context.changes.changed.emit({"accounts"})

    assert page.numbers["active"].text() == "unchanged"
