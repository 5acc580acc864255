"""The county prints the township forms per township or per village (`carepoint report` at a
county office), over the village records its townships forwarded."""

from __future__ import annotations

import re

from builders import add
from county.county_helpers import BAITU, BIANCHENG, QINGLONG
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store
from pypdf import PdfReader


def _text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_county_prints_the_roster_of_one_township_and_of_one_village(county, tmp_path):
    baitu, biancheng = county.township(*BAITU), county.township(*BIANCHENG)
    taoyuan, liyuan = baitu.village(*TAOYUAN), baitu.village(*LIYUAN)
    qinglong = biancheng.village(*QINGLONG)
    with_store(taoyuan, lambda s: add(s, "张桃园", sequence=1))
    with_store(liyuan, lambda s: add(s, "李梨园", sequence=3))
    with_store(qinglong, lambda s: add(s, "王青龙", sequence=5))
    baitu.run("sync", "import", baitu.export(taoyuan), baitu.export(liyuan))
    biancheng.run("sync", "import", biancheng.export(qinglong))
    county.run("county", "import", county.forward(baitu), county.forward(biancheng))

    township_form = tmp_path / "baitu-roster.pdf"
    county.run("report", "roster", "--month", "2026-11", "--village", BAITU[0],
               "--out", township_form, lang="zh_CN")  # fmt: skip
    text = _text(township_form)
    assert "张桃园" in text and "李梨园" in text and "王青龙" not in text
    assert "白兔镇" in text and "句容市" in text

    village_form = tmp_path / "qinglong-roster.pdf"
    county.run("report", "roster", "--month", "2026-11", "--village", QINGLONG[0],
               "--out", village_form, lang="zh_CN")  # fmt: skip
    text = _text(village_form)
    assert "王青龙" in text and "张桃园" not in text and "边城镇" in text
