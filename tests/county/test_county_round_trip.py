"""Village → township → county: the county enrolls a township, the township forwards what its
villages sent, the county holds every village apart and sees townships side by side."""

from __future__ import annotations

import json

from builders import add
from county.county_helpers import BAITU, BIANCHENG, QINGLONG
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store


def _names(county, village_code):
    rows = county.query(
        "SELECT name FROM tw_resident WHERE village_code = ? ORDER BY name", [village_code]
    )
    return [row[0] for row in rows]


def test_a_township_forwards_its_villages_packages_and_the_county_holds_each_village_apart(
    county,
):
    # Given 白兔镇 with two villages, enrolled with the county, whose packages it imported
    baitu = county.township(*BAITU)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    with_store(taoyuan, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    with_store(liyuan, lambda s: add(s, "王五", sequence=5))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))

    # When the township forwards them and the county imports the container
    container = county.forward(baitu)
    out, _err = county.run("--json", "county", "import", container)

    # Then each village's records are at the county under its own code, vouched by 白兔镇
    found = json.loads(out)["containers"]
    assert [(c["township_code"], c["status"]) for c in found] == [(BAITU[0], "imported")]
    assert [(v["village_code"], v["new"] > 0) for v in found[0]["villages"]] == [
        (TAOYUAN[0], True), (LIYUAN[0], True)]  # fmt: skip
    assert _names(county, TAOYUAN[0]) == ["张三", "李四"]
    assert _names(county, LIYUAN[0]) == ["王五"]
    assert county.query("SELECT village_code, township_code FROM county_village ORDER BY 1") == [
        (TAOYUAN[0], BAITU[0]), (LIYUAN[0], BAITU[0])]  # fmt: skip

    # And forwarding again with nothing new writes nothing; importing the same file changes nothing
    out, _err = baitu.run("--json", "township", "forward", "--to", county.usb)
    assert json.loads(out)["file"] is None
    out, _err = county.run("--json", "county", "import", container)
    assert json.loads(out)["containers"][0]["status"] == "already imported"


def test_only_packages_imported_since_the_last_forward_travel(county):
    baitu = county.township(*BAITU)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    with_store(taoyuan, lambda s: add(s, "张三", sequence=1))
    with_store(liyuan, lambda s: add(s, "王五", sequence=5))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))
    county.run("county", "import", county.forward(baitu))

    with_store(taoyuan, lambda s: add(s, "赵六", sequence=7))
    baitu.run("sync", "import", baitu.export(taoyuan))
    second = county.forward(baitu)
    out, _err = county.run("--json", "county", "import", second)
    villages = json.loads(out)["containers"][0]["villages"]
    assert [(v["village_code"], v["sequence"], v["new"]) for v in villages] == [
        (TAOYUAN[0], 2, 1)]  # fmt: skip
    assert _names(county, TAOYUAN[0]) == ["张三", "赵六"]


def test_the_overview_puts_townships_and_villages_side_by_side_with_cross_township_checks(
    county,
):
    # Given 张三 active in 桃园村 (白兔镇) and, with the same ID number, in 青龙村 (边城镇)
    baitu, biancheng = county.township(*BAITU), county.township(*BIANCHENG)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    qinglong = biancheng.village(*QINGLONG)
    with_store(taoyuan, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    with_store(liyuan, lambda s: add(s, "王五", sequence=5))
    with_store(qinglong, lambda s: add(s, "张三", sequence=1))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))
    biancheng.run("sync", "import", biancheng.export(qinglong))
    county.run("county", "import", county.forward(baitu), county.forward(biancheng))

    out, _err = county.run("--json", "county", "overview", "--month", "2026-11")
    found = json.loads(out)
    townships = {t["township_code"]: t for t in found["townships"]}
    assert {code: t["residents"] for code, t in townships.items()} == {BAITU[0]: 3, BIANCHENG[0]: 1}
    assert [v["village_code"] for v in townships[BAITU[0]]["villages"]] == [TAOYUAN[0], LIYUAN[0]]
    assert sorted((f["village_code"], f["other_village_code"])
                  for f in found["cross_township_duplicate_ids"]) == sorted(
        [(TAOYUAN[0], QINGLONG[0]), (QINGLONG[0], TAOYUAN[0])])  # fmt: skip
    human, _err = county.run("county", "overview", "--month", "2026-11", lang="zh_CN")
    assert "边城镇" in human and "桃园村" in human


def test_a_payment_after_a_death_recorded_in_another_township_is_in_the_county_overview(
    county, capsys
):
    import datetime as dt

    from exchange.exchange_helpers import cli

    from carepoint.residents import set_status

    # Given a man who died in October in 桃园村 (白兔镇), still paid in November in 青龙村 (边城镇)
    born = dt.date(1936, 1, 9)
    baitu, biancheng = county.township(*BAITU), county.township(*BIANCHENG)
    taoyuan, qinglong = baitu.village(*TAOYUAN), biancheng.village(*QINGLONG)
    person = with_store(taoyuan, lambda s: add(s, "李爷爷", birth=born, sequence=11))
    with_store(
        taoyuan, lambda s: set_status(s, person.id, "deceased", dt.date(2026, 10, 2), "病故")
    )

    def paid(store):
        store.set_setting("rules_preset", "guichi")
        add(store, "李爷爷", birth=born, sequence=11, bank_account="6228480402564890018")

    with_store(qinglong, paid)
    cli(capsys, "--data-dir", qinglong, "subsidies", "compute", "--month", "2026-11")
    baitu.run("sync", "import", baitu.export(taoyuan))
    biancheng.run("sync", "import", biancheng.export(qinglong))
    # Neither township sees it on its own
    for office in (baitu, biancheng):
        out, _err = office.run("--json", "township", "flags")
        assert not [f for f in json.loads(out) if f["kind"] == "paid_after_death"]

    # When both townships forward to the county
    county.run("county", "import", county.forward(baitu), county.forward(biancheng))
    out, _err = county.run("--json", "county", "overview", "--month", "2026-11")
    flagged = json.loads(out)["paid_after_death"]
    assert [(f["village_code"], f["other_village_code"], f["month"]) for f in flagged] == [
        (QINGLONG[0], TAOYUAN[0], "2026-11")
    ]
    assert flagged[0]["detail"]["amount_fen"] > 0


def test_sync_import_at_a_county_imports_townships_containers(county):
    baitu = county.township(*BAITU)
    taoyuan = baitu.village(*TAOYUAN)
    with_store(taoyuan, lambda s: add(s, "张三", sequence=1))
    baitu.run("sync", "import", baitu.export(taoyuan))
    out, _err = county.run("--json", "sync", "import", "--dry-run", county.forward(baitu))
    assert json.loads(out)["containers"][0]["status"] == "would import"
    assert county.query("SELECT count(*) FROM tw_resident") == [(0,)]


def test_a_village_the_township_re_keyed_is_taken_with_its_new_numbering(county, tmp_path, capsys):
    from exchange.exchange_helpers import cli

    baitu = county.township(*BAITU)
    old_pc = baitu.village(*TAOYUAN)
    with_store(old_pc, lambda s: add(s, "张三", sequence=1))
    baitu.run("sync", "import", baitu.export(old_pc))
    baitu.run("sync", "import", baitu.export(old_pc))
    county.run("county", "import", county.forward(baitu))
    # The village's PC is lost: a new one joins with a new enrollment file, numbering from 1
    new_pc = baitu.copied_village(*TAOYUAN, tmp_path / "new-pc")
    with_store(new_pc, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3)))
    enrollment = tmp_path / "rekey.json"
    baitu.run("township", "rekey", "--village-code", TAOYUAN[0], "--out", enrollment)
    cli(capsys, "--data-dir", new_pc, "keys", "join", enrollment)
    baitu.run("sync", "import", baitu.export(new_pc))
    baitu.confirm(TAOYUAN[0], new_pc)

    out, _err = county.run("--json", "county", "import", county.forward(baitu))
    villages = json.loads(out)["containers"][0]["villages"]
    assert [(v["sequence"], v["status"]) for v in villages] == [(1, "imported")]
    # The county holds what the township holds of the village (the old PC's records included)
    names = "SELECT name FROM tw_resident WHERE village_code = ? ORDER BY name"
    at_township = with_store(
        baitu.folder, lambda s: [r[0] for r in s.db.execute_sql(names, [TAOYUAN[0]])]
    )
    assert "李四" in at_township
    assert _names(county, TAOYUAN[0]) == at_township
    rekeyed = county.query("SELECT field FROM audit_entry WHERE action = 'rekey' ORDER BY field")
    assert rekeyed == [("last_sequence",), ("sign_key",)]
