"""At the township, one death list runs against every village's register: each match names its
village, and nothing in the township's copies is changed (each village records its own deaths)."""

from __future__ import annotations

import datetime as dt
import json

from builders import add, id_number
from exchange.exchange_helpers import (  # noqa: F401 - fixtures are found by name
    LIYUAN,
    TAOYUAN,
    digest,
    office,
    passphrase,
    with_store,
)


def test_the_township_matches_a_death_list_against_every_village(office, tmp_path):  # noqa: F811
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    with_store(first, lambda s: add(s, "张大爷", dt.date(1936, 1, 9), sequence=1))
    with_store(second, lambda s: add(s, "王奶奶", dt.date(1940, 5, 2), sequence=2))
    office.run("sync", "import", office.export(first), office.export(second))
    listing = tmp_path / "卫健死亡名单.csv"
    listing.write_bytes(
        (
            "姓名,身份证号码,死亡日期\r\n"
            f"张大爷,{id_number(dt.date(1936, 1, 9), 1)},2026-10-02\r\n"
            f"王奶奶,{id_number(dt.date(1940, 5, 2), 2).lower()},2026年9月9日\r\n"
            "外地人,110105194912310021,2026-09-01\r\n"
        ).encode("gb18030")
    )
    before = digest(office.folder)
    out, _err = office.run("--json", "residents", "deaths", "import", listing)
    found = json.loads(out)
    assert {(m["name"], m["village_code"]) for m in found["matched"]} == {
        ("张大爷", TAOYUAN[0]),
        ("王奶奶", LIYUAN[0]),
    }
    assert [u["name"] for u in found["unmatched"]] == ["外地人"]
    assert found["recorded"] == 0
    assert digest(office.folder) == before
