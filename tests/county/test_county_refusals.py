"""What the county refuses (exit 3, nothing changed), and the township's first container held
until the county's clerk confirms the township's key."""

from __future__ import annotations

import json

from builders import add
from county.county_helpers import BAITU, BIANCHENG, QINGLONG, County
from exchange.exchange_helpers import LIYUAN, TAOYUAN, digest, with_store


def _baitu_with_villages(county):
    baitu = county.township(*BAITU)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    with_store(taoyuan, lambda s: add(s, "张三", sequence=1))
    with_store(liyuan, lambda s: add(s, "王五", sequence=5))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))
    return baitu


def test_a_village_package_altered_inside_a_township_container_is_refused(county):
    # Given a township whose copy of 梨园村's package was changed after the village signed it
    # (one byte of the sealed records), then forwarded in a container the township signs
    baitu = _baitu_with_villages(county)

    def alter(store):
        code, blob = store.db.execute_sql(
            "SELECT id, package FROM county_outbox WHERE village_code = ?", [LIYUAN[0]]
        ).fetchone()
        changed = bytearray(bytes(blob))
        changed[-200] ^= 0x01
        store.db.execute_sql("UPDATE county_outbox SET package = ? WHERE id = ?",
                             [bytes(changed), code])  # fmt: skip

    with_store(baitu.folder, alter)
    container = county.forward(baitu)
    before = digest(county.folder)

    # When the county imports it, it is refused for 梨园村's signature, and nothing changes
    _out, err = county.run("county", "import", container, exit_code=3)
    assert f"{LIYUAN[0]}-1.cpkg" in err
    assert digest(county.folder) == before
    # 桃园村's untouched package in the same container is not imported either
    assert county.query("SELECT count(*) FROM tw_resident") == [(0,)]


def test_a_changed_byte_in_the_container_itself_is_refused(county):
    baitu = _baitu_with_villages(county)
    container = county.forward(baitu)
    data = bytearray(container.read_bytes())
    data[len(data) // 2] ^= 0x01
    container.write_bytes(bytes(data))
    before = digest(county.folder)
    county.run("county", "import", container, exit_code=3)
    assert digest(county.folder) == before


def test_a_container_from_a_township_the_county_did_not_enroll_is_refused(county, tmp_path, capsys):
    # Given 边城镇, enrolled with another county, forwarding its village's package
    other = County(tmp_path, capsys, code="321184", name="金坛区")
    biancheng = other.township(*BIANCHENG)
    qinglong = biancheng.village(*QINGLONG)
    with_store(qinglong, lambda s: add(s, "张三", sequence=1))
    biancheng.run("sync", "import", biancheng.export(qinglong))
    container = other.forward(biancheng)
    before = digest(county.folder)
    # When this county imports it
    _out, err = county.run("county", "import", container, exit_code=3)
    # Then it is refused and nothing changed
    assert BIANCHENG[0] in err
    assert digest(county.folder) == before


def test_a_townships_first_container_is_held_until_its_key_is_confirmed(county):
    baitu = county.township(*BAITU, confirmed=False)
    taoyuan = baitu.village(*TAOYUAN)
    with_store(taoyuan, lambda s: add(s, "张三", sequence=1))
    baitu.run("sync", "import", baitu.export(taoyuan))
    container = county.forward(baitu)

    out, _err = county.run("--json", "county", "import", container)
    assert json.loads(out)["containers"][0]["status"] == "awaiting confirmation"
    assert county.query("SELECT count(*) FROM tw_resident") == [(0,)]
    held, _err = county.run("--json", "county", "held")
    assert [h["fingerprint"] for h in json.loads(held)] == [baitu.digits]

    # Digits that are not the township's change nothing
    wrong = "12345 " * 7 + "12345"
    county.run("county", "confirm", BAITU[0], "--fingerprint", wrong, exit_code=3)
    out, _err = county.run("--json", "county", "confirm", BAITU[0], "--fingerprint", baitu.digits)
    assert json.loads(out)["imported"][0]["status"] == "imported"
    assert county.query("SELECT name FROM tw_resident") == [("张三",)]


def test_a_village_package_stays_with_the_township_when_nothing_joined_a_county(tmp_path, capsys):
    from exchange.exchange_helpers import Office

    office = Office(tmp_path, capsys)
    taoyuan = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(taoyuan))
    assert with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT count(*) FROM county_outbox").fetchone()) == (0,)  # fmt: skip
    office.run("township", "forward", "--to", tmp_path / "usb", exit_code=2)


def test_a_township_the_county_re_keyed_is_held_again_until_its_key_is_confirmed(county, tmp_path):
    baitu = _baitu_with_villages(county)
    first = county.forward(baitu)
    county.run("county", "import", first)

    enrollment = tmp_path / "county-rekey.json"
    county.run("county", "rekey", BAITU[0], "--out", enrollment)
    out, _err = baitu.run("--json", "township", "join-county", enrollment)
    digits = json.loads(out)["fingerprint"]
    taoyuan = baitu.root / f"village-{TAOYUAN[0]}"
    with_store(taoyuan, lambda s: add(s, "赵六", sequence=7))
    baitu.run("sync", "import", baitu.export(taoyuan))
    second = county.forward(baitu)

    out, _err = county.run("--json", "county", "import", second)
    assert json.loads(out)["containers"][0]["status"] == "awaiting confirmation"
    out, _err = county.run("--json", "county", "confirm", BAITU[0], "--fingerprint", digits)
    assert [v["status"] for v in json.loads(out)["imported"][0]["villages"]] == ["imported"]
    rekeyed = county.query("SELECT field FROM audit_entry WHERE action = 'rekey' ORDER BY field")
    assert rekeyed == [("last_sequence",), ("sign_key",)]
