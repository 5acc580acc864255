"""Properties that hold for any register and any valid rules (hypothesis draws them):
no entitlement after a stop, totals equal to the sum of the lines, an approved month that
computing again never changes."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

from builders import id_number
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepoint.residents import CategoryInput, ResidentInput, create_resident, set_status
from carepoint.rules import RuleVersion
from carepoint.setup import initialise
from carepoint.subsidies import ledger, months
from carepoint.subsidies.entitlement import Calculator, month_lines
from carepoint.subsidies.people import Person, Register
from carepoint.subsidies.rule_tables import AREA, parse
from carepoint.subsidies.stops import Step, stop_month
from carepoint.subsidies.workflow import approve_month, compute_month, review_month

TODAY = dt.date(2026, 11, 23)
STOPS = ("deceased", "moved_out", "lost_contact", "in_institution")
CODES = ("low_income", "disabled_care", "special_hardship_dispersed")


@st.composite
def rule_tables(draw) -> dict:
    """A valid table: one item of any frequency with contiguous age brackets, maybe tiers."""
    frequency = draw(st.sampled_from(["monthly", "half_yearly", "yearly", "once"]))
    edges = sorted(draw(st.sets(st.integers(60, 105), min_size=1, max_size=4)))
    brackets = [
        {"min_age": low, "max_age": high - 1, "amount_fen": draw(st.integers(1, 50_000))}
        for low, high in zip(edges, edges[1:], strict=False)
    ] + [{"min_age": edges[-1], "amount_fen": draw(st.integers(1, 50_000))}]
    if draw(st.booleans()):
        tier = draw(st.sampled_from(CODES))
        brackets.insert(0, {"min_age": 60, "categories": [tier], "amount_fen": 12_345})
    item = {
        "key": "item",
        "type": "old_age",
        "frequency": frequency,
        "brackets": brackets,
        "home_only": draw(st.booleans()),
        "excludes": draw(st.lists(st.sampled_from(CODES), max_size=1)),
    }
    if frequency == "half_yearly":
        first = draw(st.integers(1, 6))
        item["pay_months"] = [first, first + 6]
    elif frequency == "yearly":
        item["pay_months"] = [draw(st.integers(1, 12))]
    return {
        "age_reference": draw(st.sampled_from(["month_end", "month_day", "year_end"])),
        "reference_day": draw(st.integers(1, 31)),
        "stop_on_death": draw(st.sampled_from(["month_after", "same_month"])),
        "stop_on_move": draw(st.sampled_from(["month_after", "same_month"])),
        "lost_contact_months": draw(st.integers(1, 6)),
        "items": [item],
    }


days = st.dates(dt.date(2023, 1, 1), TODAY)
births = st.dates(dt.date(1916, 1, 1), dt.date(1966, 12, 31))
stop_steps = st.tuples(st.sampled_from(STOPS), days)
people_drawn = st.lists(
    st.tuples(
        births,
        st.lists(st.sampled_from(CODES), max_size=2, unique=True),
        st.one_of(st.none(), stop_steps),
    ),
    min_size=1,
    max_size=6,
)
month_numbers = st.integers(months.parse("2023-01"), months.parse("2027-12"))


def as_day(day: dt.date) -> int:
    return months.day_number(day)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=rule_tables(), drawn=people_drawn, month=month_numbers)
def test_nobody_is_paid_for_a_month_after_their_stop(content, drawn, month):
    # Given people, some with a death, move, lost contact or entry into care
    everyone, steps = [], {}
    for number, (birth, codes, stop) in enumerate(drawn, start=1):
        memberships = tuple((code, 20200101, 99991231) for code in codes)
        everyone.append(Person(number, f"ID{number}", as_day(birth), memberships))
        if stop:
            steps[number] = (Step(stop[0], stop[1]),)
    everyone.sort(key=lambda p: p.birth)
    versions = [RuleVersion(AREA, dt.date(2000, 1, 1), content, "", "local")]
    calc = Calculator(None, Register(everyone, steps), versions)
    table = parse(content, dt.date(2000, 1, 1))
    item = table.items[0]
    # When the month is computed
    lines = month_lines(calc, month)
    # Then no line pays a stopped person for a month on or after the first month of the stop
    # (a half-yearly payment may still bring the months before it: they were owed)
    for line in lines:
        if line.resident_id not in steps:
            continue
        first = stop_month(steps[line.resident_id][0], table, item.home_only)
        if first is None:
            continue
        assert months.parse(line.period_to) < first
        assert month < first or item.frequency == "half_yearly"


@given(content=rule_tables(), drawn=people_drawn, month=month_numbers)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_months_totals_equal_the_sum_of_its_lines(content, drawn, month):
    with fresh_village(content, drawn) as store:
        result = compute_month(store, month, meal_subsidies=lambda s, m: {1: 440})
        stored = ledger.stored_lines(store, month)
        record = ledger.month_record(store, month)
        by_type: dict[str, int] = {}
        for line in stored:
            by_type[line.subsidy_type] = by_type.get(line.subsidy_type, 0) + line.amount_fen
        assert record.totals == by_type == result.totals
        assert record.total_fen == sum(line.amount_fen for line in stored)
        assert record.line_count == len(stored) == len(result.lines)


@given(content=rule_tables(), drawn=people_drawn, month=month_numbers, later=people_drawn)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_computing_an_approved_month_again_changes_nothing(content, drawn, month, later):
    with fresh_village(content, drawn) as store:
        compute_month(store, month, meal_subsidies=None)
        review_month(store, month)
        approve_month(store, month, accept_warnings=True, meal_subsidies=None)
        before = snapshot(store)
        # When the register changes (new people, deaths, moves) and the month is computed again
        add_people(store, later, first_sequence=500)
        again = compute_month(store, month, meal_subsidies=lambda s, m: {1: 999})
        # Then nothing stored changed and the approved lines come back
        assert snapshot(store) == before
        assert again.locked
        assert sorted((x.resident_id, x.amount_fen) for x in again.lines) == sorted(
            (row[1], row[2]) for row in before[0]
        )


def snapshot(store) -> tuple:
    lines = store.db.execute_sql(
        "SELECT id, resident_id, amount_fen, updated_at, change_seq, deleted_at FROM subsidy_line"
        " ORDER BY id"
    ).fetchall()
    month_rows = store.db.execute_sql("SELECT * FROM subsidy_month ORDER BY id").fetchall()
    change_rows = store.db.execute_sql("SELECT * FROM subsidy_change ORDER BY id").fetchall()
    return lines, month_rows, change_rows


def add_people(store, drawn, first_sequence: int = 1) -> None:
    for number, (birth, codes, stop) in enumerate(drawn, start=first_sequence):
        data = ResidentInput(
            name=f"老人{number}",
            id_number=id_number(birth, number % 999 + 1),
            bank_account="6228480402564890018",
            categories=[CategoryInput(code, dt.date(2020, 1, 1)) for code in codes],
        )
        resident = create_resident(store, data, confirm_duplicates=True, today=TODAY)
        if stop and stop[1] >= birth:
            set_status(store, resident.id, stop[0], stop[1], "", today=TODAY)


@contextlib.contextmanager
def fresh_village(content: dict, drawn):
    from carepoint import rules

    with tempfile.TemporaryDirectory() as folder:
        store = initialise(Path(folder) / "data", code="321183104201", name="桃园村")
        try:
            rules.save_version(store, AREA, dt.date(2000, 1, 1), content)
            add_people(store, drawn)
            yield store
        finally:
            store.close()
