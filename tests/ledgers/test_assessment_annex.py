"""GB/T 42195-2022 complete: Annex A on the record, coma and other psychiatric diagnoses in the
level, and the Annex C report printed with both assessors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import run
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.setup import initialise
from carepoint.visits.assessment_items import ITEMS, MAX_TOTAL, final_level
from carepoint.visits.assessments import AssessmentInput, assessments_of, record_assessment

D = dt.date
FULL = {item.code: item.max_score for item in ITEMS}


def scores(total: int) -> dict[str, int]:
    found, deficit = dict(FULL), MAX_TOTAL - total
    for item in ITEMS:
        taken = min(deficit, item.max_score)
        found[item.code] -= taken
        deficit -= taken
    return found


@pytest.mark.parametrize(
    ("base", "flags", "level"),
    [
        ("intact", {"coma": True}, "complete"),
        ("mild", {"coma": True, "psychiatric": True}, "complete"),
        ("mild", {"psychiatric": True}, "moderate"),
        ("mild", {"psychiatric": True, "dementia": True, "risk_events": 3}, "moderate"),
        ("complete", {"psychiatric": True}, "complete"),
        ("moderate", {}, "moderate"),
    ],
)
def test_coma_means_ability_lost_and_a_psychiatric_diagnosis_raises_one_level(base, flags, level):
    dementia, events = flags.pop("dementia", False), flags.pop("risk_events", 0)
    assert final_level(base, dementia, events, **flags) == level


def assess(store, person, total=78, **annex):
    data = AssessmentInput(D(2026, 11, 20), "王医生", "李护士", scores(total), **annex)
    record_assessment(store, person.id, data, today=D(2026, 11, 23))
    return assessments_of(store, person.id)[0]


def test_annex_a_is_kept_with_the_assessment_and_its_events_are_the_risk_count(store, people):
    found = assess(
        store, people["张三"],
        risk_detail=(("choking", D(2026, 11, 10)), ("fall", D(2026, 11, 2))),
        informant="张小明", informant_relation="family", diseases="高血压", medicines="硝苯地平",
    )  # fmt: skip

    assert found.risk_events == 2
    assert found.level == "moderate"  # 78 is mildly impaired; two events raise it
    assert found.annex.risk_detail == (("fall", D(2026, 11, 2)), ("choking", D(2026, 11, 10)))
    assert (found.annex.informant, found.annex.informant_relation) == ("张小明", "family")
    assert (found.annex.diseases, found.annex.medicines) == ("高血压", "硝苯地平")


def test_a_person_in_a_coma_is_ability_lost_and_becomes_disabled(store, people):
    found = assess(store, people["李四"], total=80, coma=True)
    assert (found.base_level, found.level) == ("mild", "complete")
    from carepoint.residents import resident_detail

    codes = {m.code for m in resident_detail(people["李四"].id).categories if not m.end_date}
    assert "disabled_care" in codes


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (("fall", D(2026, 10, 20)), "30"),
        (("fall", D(2026, 11, 21)), "30"),
        (("flood", D(2026, 11, 10)), "flood"),
    ],  # fmt: skip
)
def test_events_outside_the_30_days_or_of_an_unknown_kind_are_refused(
    store, people, event, message
):
    with pytest.raises(UserInputError, match=message):
        assess(store, people["张三"], risk_detail=(event,))
    assert assessments_of(store, people["张三"].id) == []


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    store.close()
    return folder


ZHANG = id_number(D(1940, 5, 6), 11)
SCORES = ",".join(str(scores(78)[item.code]) for item in ITEMS)


def test_the_command_line_records_annex_a_and_prints_the_annex_c_report(village):
    done = run(village, "assessments", "record", ZHANG, "--date", "2026-11-20", "--assessors",
               "王医生,李护士", "--scores", SCORES, "--risk", "fall:2026-11-02",
               "--informant", "张小明", "--informant-relation", "family",
               "--diseases", "高血压、糖尿病", "--medicines", "二甲双胍",
               "--psychiatric", "抑郁症")  # fmt: skip
    listed = json.loads(run(village, "--json", "assessments", "list", ZHANG).stdout)
    pdf = village.parent / "report.pdf"
    run(village, "report", "assessment", "--id-number", ZHANG, "--out", str(pdf))

    assert "能力中度受损" in done.stdout
    assert listed[0]["risk_events"] == [{"kind": "fall", "date": "2026-11-02"}]
    assert (listed[0]["psychiatric"], listed[0]["level"]) == ("抑郁症", "moderate")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("老年人能力评估报告", "张三", ZHANG, "张小明", "家属", "高血压、糖尿病",
                     "二甲双胍", "跌倒 2026-11-02", "抑郁症", "进食", "78", "能力轻度受损",
                     "能力中度受损", "王医生", "李护士", "评估员"):  # fmt: skip
        assert expected in text, expected


def test_the_report_needs_an_id_number_and_an_assessment(village):
    assert "--id-number" in run(village, "report", "assessment", "--out",
                                str(village.parent / "x.pdf"), check_exit=2).stderr  # fmt: skip
    done = run(village, "report", "assessment", "--id-number", ZHANG, "--out",
               str(village.parent / "x.pdf"), check_exit=2)  # fmt: skip
    assert "张三" in done.stderr
    assert not (village.parent / "x.pdf").exists()


def test_a_badly_written_risk_event_on_the_command_line_is_refused(village):
    done = run(village, "assessments", "record", ZHANG, "--assessors", "王医生,李护士",
               "--scores", SCORES, "--risk", "fall-2026-11-02", check_exit=2)  # fmt: skip
    assert "fall:2026-11-02" in done.stderr
