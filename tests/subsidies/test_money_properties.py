"""Money you can defend, for random lives (hypothesis draws them): people born on any day, in and
out of categories, moving away, dying, with deaths often recorded months late. Month by month a
cadre computes, approves and pays; whatever happens:

- nobody is paid for a month after their stop (as it was known when the month was computed);
- nobody is paid a bracket above the age they reached (at the reference day, or at death);
- what is to be recovered is exactly what was paid for months after the true stops,
  worked out here line by line from the rules, independently of the recovery code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

from builders import id_number
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepoint import idcard, rules
from carepoint.residents import (
    CategoryInput,
    ResidentInput,
    add_category,
    create_resident,
    set_status,
)
from carepoint.setup import initialise
from carepoint.subsidies import months
from carepoint.subsidies.recovery import recoveries
from carepoint.subsidies.rule_tables import AREA
from carepoint.subsidies.workflow import approve_month, compute_month, mark_paid, review_month

TODAY = dt.date(2026, 11, 23)
MONTHS = [months.parse(f"2026-{m:02d}") for m in range(3, 11)]  # March to October
BRACKETS = [(80, 89, 5000), (90, 99, 10000), (100, None, 50000)]


def _rules(stop_on_death: str, age_from: str) -> dict:
    return {
        "age_reference": "month_end",
        "age_from": age_from,
        "stop_on_death": stop_on_death,
        "stop_on_move": "month_after",
        "items": [
            {
                "key": "old_age",
                "type": "old_age",
                "name": "高龄津贴",
                "frequency": "monthly",
                "excludes": ["low_income"],
                "brackets": [
                    {"min_age": low, **({"max_age": high} if high else {}), "amount_fen": fen}
                    for low, high, fen in BRACKETS
                ],
            }
        ],
    }


days = st.dates(dt.date(2026, 3, 1), dt.date(2026, 10, 31))


@st.composite
def lives(draw):
    """(birth, low_income since or None, (status, day, recorded before month index) or None)."""
    birth = draw(st.dates(dt.date(1924, 1, 1), dt.date(1947, 12, 31)))
    low = draw(st.none() | days)
    event = None
    if draw(st.booleans()):
        status = draw(st.sampled_from(["deceased", "deceased", "moved_out"]))
        day = draw(days)
        recorded = draw(st.integers(months.of_day(day) - MONTHS[0], len(MONTHS) + 1))
        event = (status, day, max(recorded, 0))
    return birth, low, event


@contextlib.contextmanager
def village(content: dict):
    with tempfile.TemporaryDirectory() as folder:
        store = initialise(Path(folder) / "data", code="321183104201", name="桃园村")
        try:
            with store.bound():
                rules.save_version(store, AREA, dt.date(2025, 1, 1), content)  # after the preset
                yield store
        finally:
            store.close()


def _stop_month(event, stop_on_death: str) -> int | None:
    if event is None:
        return None
    status, day, _recorded = event
    same = status == "deceased" and stop_on_death == "same_month"
    return months.of_day(day) + (0 if same else 1)


def _due(age: int) -> int:
    return next((fen for low, high, fen in BRACKETS if low <= age <= (high or 999)), 0)


def _age(birth: dt.date, month: int, event, age_from: str) -> int:
    reference = months.last_day(month - 1 if age_from == "month_after" else month)
    if event and event[0] == "deceased" and event[1] < reference:
        reference = event[1]
    return idcard.age_on(birth, reference)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(lives(), min_size=1, max_size=6),
    stop_on_death=st.sampled_from(["month_after", "same_month"]),
    age_from=st.sampled_from(["birthday_month", "month_after"]),
)
def test_random_lives_are_never_paid_what_the_rules_do_not_allow(people, stop_on_death, age_from):
    with village(_rules(stop_on_death, age_from)) as store:
        ids = []
        for number, (birth, low, _event) in enumerate(people, start=1):
            person = create_resident(store, ResidentInput(
                name=f"老人{number}", id_number=id_number(birth, number),
                bank_account="", registered_on=dt.date(2020, 1, 1),
            ), confirm_duplicates=True, today=TODAY)  # fmt: skip
            if low:
                add_category(store, person.id, CategoryInput("low_income", low))
            ids.append(person.id)

        def record(before_index: int) -> None:
            for rid, (_birth, _low, event) in zip(ids, people, strict=True):
                if event and event[2] == before_index:
                    set_status(store, rid, event[0], event[1], "迟报", today=TODAY)

        paid_lines = []
        for index, month in enumerate(MONTHS):
            record(index)
            result = compute_month(store, month, meal_subsidies=None)
            known = {
                rid: people[ids.index(rid)][2]
                for rid in ids
                if people[ids.index(rid)][2] and people[ids.index(rid)][2][2] <= index
            }
            for line in result.lines:
                birth, low, event = people[ids.index(line.resident_id)]
                # nobody paid after a stop known when the month was computed
                stop = _stop_month(known.get(line.resident_id), stop_on_death)
                assert stop is None or month < stop
                # nobody paid a bracket above the age reached (as far as was known)
                low_age = int(line.bracket.split("-")[0])
                assert low_age <= _age(birth, month, known.get(line.resident_id), age_from)
                # nobody excluded (低保 on the reference day) is paid
                assert not (low and low <= months.last_day(month))
            review_month(store, month)
            approve_month(store, month, accept_warnings=True, meal_subsidies=None)
            mark_paid(store, month, TODAY, f"B{index}", today=TODAY)
            paid_lines += [(month, line) for line in result.lines]
        record(len(MONTHS))
        record(len(MONTHS) + 1)
        # what is owed back is what was paid for months after the true stops
        # (and, for the month of a death paid before it was known, the part of a bracket never
        # reached: the amount less what the age at death gives)
        expected: dict[int, int] = {}
        for month, line in paid_lines:
            birth, _low, event = people[ids.index(line.resident_id)]
            stop = _stop_month(event, stop_on_death)
            if stop is not None and month >= stop:
                owed = line.amount_fen
            else:
                owed = line.amount_fen - _due(_age(birth, month, event, age_from))
            if owed:
                expected[line.resident_id] = expected.get(line.resident_id, 0) + owed
        owed = {r.resident_id: r.owed_fen for r in recoveries(store)}
        assert owed == expected
