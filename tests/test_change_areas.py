"""The typed set of areas a mutation changed (carepoint.change_areas)."""

from __future__ import annotations

import pytest

from carepoint.change_areas import Changed, Outcome, split


def test_an_area_is_named_by_its_flag_or_its_word():
    assert Changed.of("visits") is Changed.VISITS
    assert Changed.of({"meals", "rules"}) == Changed.MEALS | Changed.RULES
    assert Changed.of([Changed.RESIDENTS, "ledgers"]) == Changed.RESIDENTS | Changed.LEDGERS
    assert Changed.of(None) == Changed.NOTHING == Changed.of(set())


def test_an_unknown_area_is_refused_rather_than_ignored():
    with pytest.raises(KeyError):
        Changed.of({"resident"})  # a misspelt area would otherwise refresh nothing


def test_a_view_that_asks_by_word_reads_the_same_set():
    changed = Changed.VISITS | Changed.RESIDENTS
    assert "visits" in changed and Changed.RESIDENTS in changed
    assert "meals" not in changed
    assert not changed & Changed.MEALS


def test_a_core_result_may_say_what_it_changed():
    assert split(Outcome(7, Changed.SUBSIDIES)) == (7, Changed.SUBSIDIES)
    assert split(Changed.MEALS) == (Changed.MEALS, Changed.MEALS)
    assert split(7) == (7, Changed.NOTHING)
