"""A village that restored a backup sends a package whose number the township already has: the
refusal says which number the township expects and how to catch up (not "tampered"), and the
township's return package brings the village's numbering forward."""

from __future__ import annotations

import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, digest, with_store


def test_a_restored_village_is_told_how_to_catch_up_and_catches_up(office, tmp_path):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    first = office.export(village)
    out, _err = cli(office.capsys, "--json", "--data-dir", village, "backup", "--out", tmp_path)
    backup = json.loads(out)["file"]
    with_store(village, lambda s: add(s, "李四", sequence=2))
    second = office.export(village)
    office.run("sync", "import", first, second)
    returns = tmp_path / "returns"
    office.run("sync", "export", "--out", returns)
    (returned,) = returns.glob("*.cpkg")

    # The village's PC is replaced: the backup made after package 1 is restored
    cli(office.capsys, "--data-dir", village, "restore", backup, "--yes")
    with_store(village, lambda s: add(s, "王五", sequence=3))
    again = office.export(village)
    assert again.name.endswith("-2.cpkg")

    before = digest(office.folder)
    _out, err = office.run("sync", "import", again, exit_code=3)
    assert digest(office.folder) == before
    assert "another package numbered 2" in err
    assert "expects package 3 or later" in err and "return package" in err
    assert "changed after it was written" not in err

    # Catching up: the return package tells the village what the township has
    cli(office.capsys, "--data-dir", village, "sync", "import", returned)
    caught_up = office.export(village)
    assert caught_up.name.endswith("-3.cpkg")
    office.run("sync", "import", caught_up)
