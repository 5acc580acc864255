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
    qtbot.waitUntil(lambda: shown.summary is not None and not shown.loading)
    return shown


def test_the_page_and_every_card_show_a_placeholder_first_and_count_off_the_gui_thread(
    qtbot, demo_context, monkeypatch
):
    import threading

    from carepoint import home
    from carepoint.meals import summary as meals_summary
    from carepoint.subsidies import summary as subsidies_summary
    from carepoint.timebank import summary as timebank_summary
    from carepoint.visits import summary as visits_summary

    counted_on = []

    def on_which_thread(module, name):
        real = getattr(module, name)

        def counted(*args, **kwargs):
            counted_on.append((name, threading.get_ident()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    on_which_thread(home, "summarise")
    for module, name in (
        (meals_summary, "today_meals"),
        (subsidies_summary, "month_summary"),
        (timebank_summary, "month_hours"),
        (visits_summary, "home_figures"),
    ):
        on_which_thread(module, name)
        card_module = {
            "today_meals": "ui.meals.home_card",
            "month_summary": "ui.subsidies.home_card",
            "month_hours": "ui.timebank.home_card",
            "home_figures": "ui.visits.home_card",
        }[name]
        monkeypatch.setattr(f"{card_module}.{name}", getattr(module, name))

    shown = HomePage(demo_context)
    qtbot.addWidget(shown)
    shown.show()

    # the page is up with placeholders: nothing counted on the GUI thread before it was shown
    assert shown.numbers["active"].text() == "–"
    assert shown.loading and all(card.loading for card in shown.area_cards)
    qtbot.waitUntil(lambda: not shown.loading and not any(c.loading for c in shown.area_cards))
    assert shown.numbers["active"].text() == format_number(_active(demo_context.store))
    assert {name for name, _thread in counted_on} == {
        "summarise", "today_meals", "month_summary", "month_hours", "home_figures"
    }
    assert threading.get_ident() not in {thread for _name, thread in counted_on}


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


def test_a_new_resident_updates_the_page_when_the_register_says_it_changed(
    page, demo_context, qtbot
):
    before = _active(page.context.store)
    demo_context.store.actor = "clerk1"
    create_resident(
        demo_context.store,
        ResidentInput(name="新来的", id_number=id_number(dt.date(1950, 6, 1), 991)),
        confirm_duplicates=True,
    )

    demo_context.changes.changed.emit({"residents"})

    qtbot.waitUntil(lambda: page.numbers["active"].text() == format_number(before + 1))
    assert not page.loading
    assert page.changes.item(0, 1).text() == "clerk1"
    assert page.changes.item(0, 2).text() == "新来的"


def test_other_changes_do_not_recount(page, demo_context):
    page.numbers["active"].setText("unchanged")

    demo_context.changes.changed.emit({"accounts"})

    assert not page.loading
    assert page.numbers["active"].text() == "unchanged"
