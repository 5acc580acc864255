"""Cross-village flags and conflicts at the township."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, cli, with_store

from carepoint.residents import set_status, update_resident


def test_the_same_id_number_active_in_two_villages_is_flagged_for_both(office):
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    with_store(first, lambda s: add(s, "张三", sequence=1))
    with_store(second, lambda s: add(s, "张三", sequence=1))
    out, _err = office.run("--json", "sync", "import", office.export(first), office.export(second))
    flagged = json.loads(out)["flags"]
    assert sorted((f["kind"], f["village_code"], f["other_village_code"]) for f in flagged) == [
        ("duplicate_id", TAOYUAN[0], LIYUAN[0]),
        ("duplicate_id", LIYUAN[0], TAOYUAN[0]),
    ]
    listed, _err = office.run("--json", "township", "flags", "--village-code", LIYUAN[0])
    assert [f["name"] for f in json.loads(listed)] == ["张三"]


def test_a_subsidy_paid_after_a_death_recorded_in_another_village_is_flagged(office, capsys):
    # Given a man of 90 who died in 桃园村 in October, and who is still paid in 梨园村 in November
    born = dt.date(1936, 1, 9)
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    person = with_store(first, lambda s: add(s, "李爷爷", birth=born, sequence=11))
    with_store(first, lambda s: set_status(s, person.id, "deceased", dt.date(2026, 10, 2), "病故"))

    def paid(store):
        store.set_setting("rules_preset", "guichi")
        add(store, "李爷爷", birth=born, sequence=11, bank_account="6228480402564890018")

    with_store(second, paid)
    cli(capsys, "--data-dir", second, "subsidies", "compute", "--month", "2026-11")
    # When both packages reach the township
    out, _err = office.run("--json", "sync", "import", office.export(first), office.export(second))
    # Then the payment after death is flagged for the paying village, naming who recorded it
    flagged = [f for f in json.loads(out)["flags"] if f["kind"] == "paid_after_death"]
    assert [(f["village_code"], f["other_village_code"], f["month"]) for f in flagged] == [
        (LIYUAN[0], TAOYUAN[0], "2026-11")
    ]
    assert flagged[0]["detail"]["died"] == "2026-10-02"
    assert flagged[0]["detail"]["amount_fen"] > 0
    assert not [f for f in json.loads(out)["flags"] if f["kind"] == "duplicate_id"]


def test_a_person_missing_from_the_latest_package_is_flagged(office):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    office.run("sync", "import", office.export(village))
    # A village PC restored from an older backup: 李四 is gone from its register
    with_store(village, lambda s: s.db.execute_sql("DELETE FROM resident WHERE name = '李四'"))
    out, _err = office.run("--json", "sync", "import", office.export(village))
    flagged = json.loads(out)["flags"]
    assert [(f["kind"], f["name"]) for f in flagged] == [("missing", "李四")]


def test_a_village_edit_of_a_record_the_township_corrected_is_kept_as_a_conflict(office):
    from carepoint.exchange.conflicts import correct_record

    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: correct_record(s, TAOYUAN[0], "resident", person.uuid,
                                                        {"phone": "13800000001"}))  # fmt: skip

    with_store(village, lambda s: update_resident(s, person.id, {"phone": "13900000002"}))
    out, _err = office.run("--json", "sync", "import", office.export(village))
    assert json.loads(out)["conflicts"] == 1
    listed, _err = office.run("--json", "township", "conflicts")
    conflict = json.loads(listed)[0]
    assert conflict["differences"]["phone"] == ["13800000001", "13900000002"]
    # The township's copy stays as corrected until someone decides
    phone = "SELECT phone FROM tw_resident WHERE uuid = ?"
    kept = with_store(office.folder, lambda s: s.db.execute_sql(phone, [person.uuid]).fetchone())
    assert kept == ("13800000001",)
    office.run("township", "resolve", str(conflict["id"]), "--keep", "village")
    taken = with_store(office.folder, lambda s: s.db.execute_sql(phone, [person.uuid]).fetchone())
    assert taken == ("13900000002",)
    listed, _err = office.run("--json", "township", "conflicts")
    assert json.loads(listed) == []


def test_a_diverging_version_with_no_newer_change_is_a_conflict(office):
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    # An edit written without moving the change counter (a PC restored and edited again)
    with_store(village, lambda s: s.db.execute_sql(
        "UPDATE resident SET phone = '13700000003' WHERE uuid = ?", [person.uuid]))  # fmt: skip
    out, _err = office.run("--json", "sync", "import", office.export(village))
    summary = json.loads(out)
    assert summary["conflicts"] == 1
    assert summary["packages"][0]["tables"]["resident"]["changed"] == 0
