"""The 各村总览's meals and subsidies, kept per village and month each time a village's records
change, match what its records add up to: after an import, a later package that cancels a meal,
a clerk's correction, and for data imported before the figures were kept (the schema step)."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store

from carepoint.exchange import month_counts
from carepoint.exchange.conflicts import correct_record
from carepoint.meals.signin import cancel, sign_in
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month

MONTHS = ("2026-09", "2026-10")
TODAY = dt.date(2026, 11, 23)


def _summed(store, month: str) -> dict[str, tuple[int, int, int]]:
    """The month's figures added up straight from the township's copies of the records."""
    meals = {
        code: (count, fen)
        for code, count, fen in store.db.execute_sql(
            "SELECT village_code, count(*), coalesce(sum(subsidy_fen), 0) FROM tw_meal_sign_in"
            " WHERE meal_date LIKE ? AND status = 'served' AND deleted_at IS NULL"
            " GROUP BY village_code",
            [month + "-%"],
        )
    }
    lines = dict(store.db.execute_sql(
        "SELECT village_code, coalesce(sum(amount_fen), 0) FROM tw_subsidy_line"
        " WHERE month = ? AND deleted_at IS NULL GROUP BY village_code", [month]
    ).fetchall())  # fmt: skip
    return {
        code: (*meals.get(code, (0, 0)), lines.get(code, 0))
        for (code,) in store.db.execute_sql("SELECT code FROM township_village")
    }  # fmt: skip


def _shown(office, month: str) -> dict[str, tuple[int, int, int]]:
    """What `township status --month` shows per village."""
    out, _err = office.run("--json", "township", "status", "--month", month)
    return {
        row["code"]: (row["month"]["meals"], row["month"]["meal_subsidy_fen"],
                      row["month"]["subsidy_fen"])
        for row in json.loads(out)
    }  # fmt: skip


def _meals_and_subsidies(store, people: int) -> list[int]:  # the residents' ids
    """`people` residents of 86 with lunches in September and October, both months computed."""
    people_ids = []
    for n in range(people):
        person = add(store, f"老人{n}", birth=dt.date(1940, 1, 5), sequence=2 * n + 1)
        for day in (dt.date(2026, 9, 3), dt.date(2026, 10, 8), dt.date(2026, 10, 9)):
            sign_in(store, person.id, day, "lunch", today=TODAY)
        people_ids.append(person.id)
    for month in MONTHS:
        compute_month(store, months.parse(month), meal_subsidies=None)
    return people_ids


def _agree(office) -> dict:
    found = {}
    for month in MONTHS:
        expected = with_store(office.folder, lambda s, m=month: _summed(s, m))
        assert _shown(office, month) == expected
        found[month] = expected
    return found


def test_the_overview_adds_up_the_records_after_each_change(office):
    taoyuan, liyuan = office.village(*TAOYUAN), office.village(*LIYUAN)
    people = with_store(taoyuan, lambda s: _meals_and_subsidies(s, 3))
    with_store(liyuan, lambda s: _meals_and_subsidies(s, 2))
    office.run("sync", "import", office.export(taoyuan), office.export(liyuan))

    first = _agree(office)
    assert first["2026-10"][TAOYUAN[0]][0] == 6 and first["2026-10"][LIYUAN[0]][0] == 4
    assert first["2026-09"][TAOYUAN[0]][0] == 3
    assert all(fen > 0 for month in first.values() for _n, fen, _s in month.values()), first
    assert all(lines > 0 for month in first.values() for *_m, lines in month.values()), first

    # A later package from 桃园村 cancels one October lunch: only its October changes.
    with_store(taoyuan, lambda s: cancel(s, people[1], dt.date(2026, 10, 9), "lunch", "住院",
                                         today=TODAY))  # fmt: skip
    office.run("sync", "import", office.export(taoyuan))
    second = _agree(office)
    assert second["2026-10"][TAOYUAN[0]][0] == 5
    assert second["2026-10"][LIYUAN[0]] == first["2026-10"][LIYUAN[0]]
    assert second["2026-09"] == first["2026-09"]

    # A clerk corrects a September lunch of 梨园村 as not served.
    uuid = with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT uuid FROM tw_meal_sign_in WHERE village_code = ? AND meal_date LIKE '2026-09-%'"
        " ORDER BY uuid LIMIT 1", [LIYUAN[0]]).fetchone()[0])  # fmt: skip
    with_store(office.folder, lambda s: correct_record(
        s, LIYUAN[0], "meal_sign_in", uuid, {"status": "cancelled"}))  # fmt: skip
    third = _agree(office)
    assert third["2026-09"][LIYUAN[0]][0] == first["2026-09"][LIYUAN[0]][0] - 1


def test_the_schema_step_counts_what_was_imported_before_it(office):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: _meals_and_subsidies(s, 2))
    office.run("sync", "import", office.export(village))
    before = _agree(office)

    def as_before_the_step(store):
        with store.db.writing():
            store.db.execute_sql(f"DROP TABLE {month_counts.TABLE}")
            month_counts.create_table(store.db)

    with_store(office.folder, as_before_the_step)
    assert _agree(office) == before
    assert before["2026-10"][TAOYUAN[0]][0] == 4
