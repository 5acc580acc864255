"""Health checks: readings, out-of-range readings opening a follow-up, the last readings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import count, run

from carepoint.errors import UserInputError
from carepoint.ledgers import health as core
from carepoint.setup import initialise
from carepoint.visits import tasks

D = dt.date


def reading(day=None, by="村医王", **values):
    return core.ReadingInput(day or D(2026, 11, 23), by, **values)


@pytest.mark.parametrize(
    ("values", "flags"),
    [
        ({"systolic": 139, "diastolic": 89}, ()),
        ({"systolic": 140, "diastolic": 80}, ("bp_high",)),
        ({"systolic": 130, "diastolic": 90}, ("bp_high",)),
        ({"systolic": 89, "diastolic": 70}, ("bp_low",)),
        ({"glucose_tenths": 69}, ()),
        ({"glucose_tenths": 70}, ("glucose_high",)),
        ({"glucose_tenths": 70, "glucose_fasting": False}, ()),
        ({"glucose_tenths": 111, "glucose_fasting": False}, ("glucose_high",)),
        ({"glucose_tenths": 38}, ("glucose_low",)),
        ({"weight_tenths": 525}, ()),
    ],
)
def test_readings_are_out_of_range_at_the_clinics_reference_values(values, flags):
    assert core.out_of_range(reading(**values)) == flags


def test_a_high_blood_pressure_opens_a_follow_up_due_the_next_day_with_the_reading(store, people):
    zhang = people["张三"]
    saved = core.record_reading(store, zhang.id, reading(systolic=165, diastolic=100))

    assert saved.flags == ("bp_high",)
    [task] = tasks.open_tasks(store, zhang.id)
    assert (task.kind, task.due_date) == ("follow_up", D(2026, 11, 24))
    assert task.reason == "健康检查：血压偏高 165/100"


def test_a_reading_in_range_opens_no_follow_up(store, people):
    core.record_reading(store, people["张三"].id, reading(systolic=128, diastolic=82,
                                                          glucose_tenths=55))  # fmt: skip
    assert tasks.open_tasks(store, people["张三"].id) == []


def test_the_last_readings_take_each_measure_from_its_own_latest_check(store, people):
    rid = people["李四"].id
    core.record_reading(store, rid, reading(D(2026, 10, 1), systolic=130, diastolic=80,
                                            weight_tenths=600))  # fmt: skip
    core.record_reading(store, rid, reading(D(2026, 11, 1), glucose_tenths=61))
    core.record_reading(store, rid, reading(D(2026, 11, 20), systolic=125, diastolic=78))

    last = core.last_readings(store, rid)

    assert last.blood_pressure == ("125/78", D(2026, 11, 20))
    assert last.glucose == ("6.1", D(2026, 11, 1))
    assert last.weight == ("60.0", D(2026, 10, 1))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"systolic": 120}, "两个数值"),
        ({"systolic": 80, "diastolic": 120}, "收缩压"),
        ({"systolic": 400, "diastolic": 90}, "400/90"),
        ({"glucose_tenths": 500}, "50.0"),
        ({}, "至少"),
        ({"systolic": 120, "diastolic": 80, "by": " "}, "测量人"),
    ],
)
def test_impossible_readings_are_refused_and_nothing_is_written(store, people, values, message):
    by = values.pop("by", "村医王")
    with pytest.raises(UserInputError, match=message):
        core.record_reading(store, people["张三"].id, reading(by=by, **values))
    assert count(store, "health_reading") == 0


def test_blood_sugar_is_read_in_tenths_and_a_word_is_refused():
    assert core.tenths("6.1", "血糖") == 61
    assert core.tenths(" ", "血糖") is None
    for bad in ("6.15", "abc", "nan"):
        with pytest.raises(UserInputError, match="血糖"):
            core.tenths(bad, "血糖")


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    store.close()
    return folder


ZHANG = id_number(D(1940, 5, 6), 11)


def test_the_command_line_records_readings_and_lists_them_with_the_follow_up_said(village):
    done = run(village, "health", "add", "--id-number", ZHANG, "--by", "村医王",
               "--bp", "150/95", "--glucose", "6.1", "--weight", "52.5")  # fmt: skip
    assert "2026年11月24日" in done.stdout

    listed = json.loads(run(village, "--json", "health", "list", "--id-number", ZHANG).stdout)

    assert [(r["systolic"], r["diastolic"], r["glucose"], r["weight"], r["out_of_range"])
            for r in listed] == [(150, 95, "6.1", "52.5", ["bp_high"])]  # fmt: skip


def test_a_badly_written_blood_pressure_is_refused_in_english_too_and_nothing_is_written(
    village,
):
    done = run(village, "--lang", "en", "health", "add", "--id-number", ZHANG, "--by", "Dr Wang",
               "--bp", "150-95", check_exit=2)  # fmt: skip
    assert "Write blood pressure as two numbers" in done.stderr
    assert json.loads(run(village, "--json", "health", "list", "--month", "2026-11").stdout) == []


def test_the_record_card_shows_the_last_readings_of_each_measure(village):
    from pypdf import PdfReader

    run(village, "health", "add", "--id-number", ZHANG, "--by", "村医王", "--date", "2026-10-05",
        "--weight", "52.5")  # fmt: skip
    run(village, "health", "add", "--id-number", ZHANG, "--by", "村医王", "--bp", "150/95")
    out = village.parent / "card.pdf"
    run(village, "report", "card", "--id-number", ZHANG, "--out", str(out))

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "最近的健康检查结果" in text
    for expected in ("150/95", "2026年11月23日", "52.5", "2026年10月5日"):
        assert expected in text
