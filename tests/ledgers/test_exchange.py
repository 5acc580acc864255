"""The ledgers travel to the township in the village's package, like every other record."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, digest, with_store

from carepoint.ledgers import activities, adaptations, calls, health, insurance, pairs

D = dt.date


def fill_ledgers(store) -> dict[str, str]:
    zhang = add(store, "张三", D(1940, 5, 6), 11)
    party = activities.add_activity(
        store, activities.ActivityInput(D(2026, 11, 20), "birthday", "集体生日会")
    )
    attended = activities.sign_in(store, party.id, zhang.id)
    pair = pairs.add_pair(
        store, pairs.PairInput(zhang.id, "李党员", "party_member", D(2026, 11, 1))
    )
    reading = health.record_reading(
        store, zhang.id, health.ReadingInput(D(2026, 11, 23), "村医", 150, 95)
    )
    device = calls.add_device(store, zhang.id, "YJT-0001", D(2026, 10, 1))
    call = calls.record_call(
        store, calls.CallInput(dt.datetime(2026, 11, 5, 21, 40), "YJT-0001", "emergency", False)
    )
    claim = insurance.add_claim(
        store, zhang.id, insurance.ClaimInput(2026, D(2026, 11, 2), "fall", 120000)
    )
    case = adaptations.open_case(store, zhang.id, D(2026, 9, 1), items=("扶手",))
    return {"case": case.uuid, "claim": claim.uuid, "device": device.uuid, "call": call.uuid,
            "resident": zhang.uuid, "activity": party.uuid, "attendance": attended.id,
            "pair": pair.uuid, "reading": reading.uuid}  # fmt: skip


def mirror(office, sql):
    store = office.store()
    try:
        return store.db.execute_sql(sql).fetchall()
    finally:
        store.close()


def test_activities_pairs_and_readings_reach_the_township_with_their_references(office):
    village = office.village(*TAOYUAN)
    made = with_store(village, fill_ledgers)

    out, _err = office.run("--json", "sync", "import", office.export(village))

    tables = json.loads(out)["packages"][0]["tables"]
    for table in ("activity", "activity_attendance", "helper_pair", "health_reading",
                  "call_device", "call_record", "insurance_claim",
                  "adaptation_case"):  # fmt: skip
        assert tables[table]["new"] == 1, table
    assert mirror(office, "SELECT uuid, title FROM tw_activity") == [
        (made["activity"], "集体生日会")
    ]
    assert mirror(office, "SELECT activity_uuid, resident_uuid FROM tw_activity_attendance") == [
        (made["activity"], made["resident"])
    ]
    assert mirror(office, "SELECT resident_uuid, helper_name FROM tw_helper_pair") == [
        (made["resident"], "李党员")
    ]
    assert mirror(office, "SELECT uuid, systolic, out_of_range FROM tw_health_reading") == [
        (made["reading"], 150, "bp_high")
    ]
    assert mirror(office, "SELECT uuid, items, state FROM tw_adaptation_case") == [
        (made["case"], "扶手", "applied")
    ]
    assert mirror(office, "SELECT uuid, resident_uuid, claimed_fen FROM tw_insurance_claim") == [
        (made["claim"], made["resident"], 120000)
    ]
    assert mirror(office, "SELECT device_uuid, resident_uuid, answered FROM tw_call_record") == [
        (made["device"], made["resident"], 0)
    ]


def test_the_same_package_imported_twice_changes_nothing_and_a_withdrawn_sign_in_follows(
    office,
):
    village = office.village(*TAOYUAN)
    made = with_store(village, fill_ledgers)
    package = office.export(village)
    office.run("sync", "import", package)
    before = digest(office.folder)

    out, _err = office.run("--json", "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "already imported"
    assert digest(office.folder) == before

    with_store(village, lambda s: activities.withdraw(s, made["attendance"]))
    office.run("sync", "import", office.export(village))
    rows = mirror(office, "SELECT deleted_at IS NOT NULL FROM tw_activity_attendance")
    assert rows == [(1,)]


def test_the_monthly_reports_of_the_village_and_the_township_count_the_ledgers(office, capsys):
    from exchange.exchange_helpers import cli
    from pypdf import PdfReader

    village = office.village(*TAOYUAN)
    with_store(village, fill_ledgers)
    office.run("sync", "import", office.export(village))
    mine, theirs = office.root / "village.pdf", office.root / "township.pdf"

    cli(capsys, "--data-dir", village, "report", "monthly", "--month", "2026-11", "--out", mine,
        lang="zh_CN")  # fmt: skip
    office.run("report", "monthly", "--month", "2026-11", "--out", theirs, lang="zh_CN")

    village_text = "".join(p.extract_text() for p in PdfReader(mine).pages)
    township_text = "".join(p.extract_text() for p in PdfReader(theirs).pages)
    for text in (village_text, township_text):
        assert "活动（参加人次）" in text
        assert "健康检查（异常）" in text
    assert "1 (1)" in village_text  # one activity, one attendance; one reading, out of range
    assert "互助点的其他台账" in township_text
    assert "1, 1, 1" in township_text  # one call in all: an emergency, unanswered


def test_the_township_prints_every_villages_adaptation_cases_with_their_totals(office):
    from exchange.exchange_helpers import LIYUAN
    from pypdf import PdfReader

    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)

    def case(store, name, sequence, subsidy):
        person = add(store, name, D(1940, 5, 6), sequence)
        made = adaptations.open_case(store, person.id, D(2026, 9, 1), items=("扶手",))
        adaptations.advance(store, made.id, "assessed", D(2026, 9, 5), cost_fen=subsidy + 10000,
                            subsidy_fen=subsidy)  # fmt: skip

    with_store(first, lambda s: case(s, "张三", 11, 300000))
    with_store(second, lambda s: case(s, "王五", 15, 150000))
    office.run("sync", "import", office.export(first), office.export(second))
    out = office.root / "adaptations.pdf"

    office.run("report", "adaptations", "--month", "2026-11", "--out", out, lang="zh_CN")

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for expected in ("适老化改造台账", "桃园村", "梨园村", "张三", "王五", "桃园村：1户",
                     "¥3,000.00", "¥1,500.00", "¥4,500.00", "肆仟伍佰元整"):  # fmt: skip
        assert expected in text, expected
