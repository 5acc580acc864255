"""A month of meals in figures: per person, per day, by funding source, and the checks that the
figures agree (the sum of the lines equals the totals). Counted in SQL: 60,000 meals take well
under a second. Only served meals count; amounts are the ones frozen at sign-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import N_, _
from carepoint.meals.pricing import RuleBook
from carepoint.values import Month


@dataclass(frozen=True, slots=True)
class MonthLine:
    resident_id: int
    id_number: str
    name: str
    bases: tuple[str, ...]  # what the subsidies were based on (age band, category)
    dine_in: int
    pickup: int
    delivery: int
    lunch: int
    dinner: int
    price_fen: int
    delivery_fee_fen: int
    subsidy_fen: int
    copay_fen: int

    @property
    def meals(self) -> int:
        return self.dine_in + self.pickup + self.delivery


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    lunch: int
    dinner: int
    diners: int  # different people that day (the operating subsidy counts them)


@dataclass(frozen=True)
class Totals:
    meals: int
    price_fen: int
    delivery_fee_fen: int
    subsidy_fen: int
    copay_fen: int
    city_fen: int
    county_fen: int
    village_fen: int
    by_mode: dict[str, int]
    by_meal: dict[str, int]


@dataclass(frozen=True)
class BasisTotal:
    basis: str  # an age band ("age:75-84"), a category code, or "" for meals without subsidy
    meals: int
    subsidy_fen: int


@dataclass(frozen=True)
class Check:
    title: str  # msgid
    expected: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    @property
    def label(self) -> str:
        return _(self.title)


@dataclass(frozen=True)
class MonthReport:
    month: dt.date  # the first day
    lines: list[MonthLine]
    days: list[DayCount]
    totals: Totals
    operator_subsidy_fen: int
    checks: list[Check]
    by_basis: list[BasisTotal]

    @property
    def balanced(self) -> bool:
        return all(check.ok for check in self.checks)


def parse_month(text: str) -> dt.date:
    return Month.parse(text).first_day


def month_end(first: dt.date) -> dt.date:
    return Month.of(first).last_day


def _bounds(month: dt.date) -> list[str]:
    return [month.replace(day=1).isoformat(), month_end(month.replace(day=1)).isoformat()]


_SERVED = "s.status = 'served' AND s.deleted_at IS NULL AND s.meal_date BETWEEN ? AND ?"


@uses_store
def _lines(store: Store, bounds: list[str]) -> list[MonthLine]:
    sql = (
        "SELECT s.resident_id, r.id_number, r.name, group_concat(DISTINCT s.subsidy_basis),"
        " sum(s.mode = 'dine_in'), sum(s.mode = 'pickup'), sum(s.mode = 'delivery'),"
        " sum(s.meal = 'lunch'), sum(s.meal = 'dinner'), sum(s.price_fen),"
        " sum(s.delivery_fee_fen), sum(s.subsidy_fen), sum(s.copay_fen)"
        f" FROM meal_sign_in s JOIN resident r ON r.id = s.resident_id WHERE {_SERVED}"
        # every column shown is grouped (PostgreSQL's rule; one person per resident_id anyway)
        " GROUP BY s.resident_id, r.id_number, r.name, r.name_pinyin"
        " ORDER BY r.name_pinyin COLLATE NOCASE, s.resident_id"
    )
    return [
        MonthLine(*row[:3], tuple(b for b in (row[3] or "").split(",") if b), *row[4:])
        for row in store.db.execute_sql(sql, bounds)
    ]


@uses_store
def _days(store: Store, bounds: list[str]) -> list[DayCount]:
    sql = (
        "SELECT s.meal_date, sum(s.meal = 'lunch'), sum(s.meal = 'dinner'),"
        f" count(DISTINCT s.resident_id) FROM meal_sign_in s WHERE {_SERVED}"
        " GROUP BY s.meal_date ORDER BY s.meal_date"
    )
    return [
        DayCount(dt.date.fromisoformat(day), lunch, dinner, diners)
        for day, lunch, dinner, diners in store.db.execute_sql(sql, bounds)
    ]


@uses_store
def _totals(store: Store, bounds: list[str]) -> Totals:
    sql = (
        "SELECT count(*), coalesce(sum(s.price_fen), 0), coalesce(sum(s.delivery_fee_fen), 0),"
        " coalesce(sum(s.subsidy_fen), 0), coalesce(sum(s.copay_fen), 0),"
        " coalesce(sum(s.city_fen), 0), coalesce(sum(s.county_fen), 0),"
        " coalesce(sum(s.village_fen), 0),"
        " coalesce(sum(s.mode = 'dine_in'), 0), coalesce(sum(s.mode = 'pickup'), 0),"
        " coalesce(sum(s.mode = 'delivery'), 0), coalesce(sum(s.meal = 'lunch'), 0),"
        f" coalesce(sum(s.meal = 'dinner'), 0) FROM meal_sign_in s WHERE {_SERVED}"
    )
    row = store.db.execute_sql(sql, bounds).fetchone()
    return Totals(
        *row[:8],
        by_mode={"dine_in": row[8], "pickup": row[9], "delivery": row[10]},
        by_meal={"lunch": row[11], "dinner": row[12]},
    )


@uses_store
def _by_basis(store: Store, bounds: list[str]) -> list[BasisTotal]:
    sql = (
        "SELECT s.subsidy_basis, count(*), sum(s.subsidy_fen) FROM meal_sign_in s"
        f" WHERE {_SERVED} GROUP BY s.subsidy_basis ORDER BY sum(s.subsidy_fen) DESC"
    )
    return [BasisTotal(*row) for row in store.db.execute_sql(sql, bounds)]


@uses_store
def _operator_subsidy(store: Store, days: list[DayCount]) -> int:
    if not days:
        return 0
    book = RuleBook(store)
    return sum(book.on(day.day).operator_subsidy_fen * day.diners for day in days)


@uses_store
def month_report(store: Store, month: dt.date) -> MonthReport:
    """The month's figures, each total counted on its own so the checks can catch a mismatch."""
    bounds = _bounds(month)
    lines, days, totals = _lines(store, bounds), _days(store, bounds), _totals(store, bounds)
    by_basis = _by_basis(store, bounds)
    checks = [
        Check(N_("Meals of all persons = meals of the month"), totals.meals,
              sum(line.meals for line in lines)),
        Check(N_("Subsidy of all persons = subsidy of the month"), totals.subsidy_fen,
              sum(line.subsidy_fen for line in lines)),
        Check(N_("Co-pay of all persons = co-pay of the month"), totals.copay_fen,
              sum(line.copay_fen for line in lines)),
        Check(N_("Daily headcounts = meals of the month"), totals.meals,
              sum(day.lunch + day.dinner for day in days)),
        Check(N_("Meals by mode = meals of the month"), totals.meals,
              sum(totals.by_mode.values())),
        Check(N_("City + county + village = subsidy of the month"), totals.subsidy_fen,
              totals.city_fen + totals.county_fen + totals.village_fen),
        Check(N_("Subsidy by category and age band = subsidy of the month"), totals.subsidy_fen,
              sum(b.subsidy_fen for b in by_basis)),
        Check(N_("Prices + delivery fees = subsidy + co-pay"),
              totals.price_fen + totals.delivery_fee_fen, totals.subsidy_fen + totals.copay_fen),
    ]  # fmt: skip
    return MonthReport(
        month.replace(day=1), lines, days, totals, _operator_subsidy(store, days), checks, by_basis
    )
