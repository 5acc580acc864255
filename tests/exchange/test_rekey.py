"""A township re-keys a village whose PC (and key) was lost: the old key is no longer accepted,
the village joins again with the new enrollment file and new keys, its first package is accepted
with its numbering restarted, and the audit keeps the old key and number."""

from __future__ import annotations

import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, with_store


def test_a_rekeyed_village_is_accepted_again_and_the_old_key_is_not(office, tmp_path, capsys):
    old_pc = office.village(*TAOYUAN)
    with_store(old_pc, lambda s: add(s, "张三", sequence=1))
    office.run("sync", "import", office.export(old_pc), office.export(old_pc))
    # The PC is lost without a backup: a new folder, set up with the old enrollment file,
    # has a key the township does not know
    new_pc = office.copied_village(*TAOYUAN, tmp_path / "new-pc")
    with_store(new_pc, lambda s: add(s, "张三", sequence=1))
    _out, err = office.run("sync", "import", office.export(new_pc), exit_code=3)
    assert "not this village's" in err

    enrollment = tmp_path / "rekey.json"
    office.run("township", "rekey", "--village-code", TAOYUAN[0], "--out", enrollment)
    cli(capsys, "--data-dir", new_pc, "keys", "join", enrollment)
    package = office.export(new_pc)
    # The new key is held until the clerk confirms its fingerprint from the new 入网确认单
    out, _err = office.run("--json", "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "awaiting confirmation"
    out, _err = office.confirm(TAOYUAN[0], new_pc, lang="en")
    assert "imported: 1 new" in out

    _out, err = office.run("sync", "import", office.export(old_pc), exit_code=3)
    assert "not this village's" in err
    entries = with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT field, old_value, new_value FROM audit_entry WHERE action = 'rekey'"
        " ORDER BY field").fetchall())  # fmt: skip
    assert ("last_sequence", "2", "0") in entries
    assert any(field == "sign_key" and old and new is None for field, old, new in entries)


def test_only_a_township_administrator_approves_a_village_month(office, tmp_path, monkeypatch):
    from carepoint import users

    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: (
        users.create_account(s, "wang", "wang-password", "administrator"),
        users.create_account(s, "li", "li-password", "clerk"),
    ))  # fmt: skip
    review = ("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
              "--approve")  # fmt: skip
    monkeypatch.setenv("CAREPOINT_USER", "li")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "li-password")
    _out, err = office.run(*review, exit_code=2)
    assert "Only an administrator may approve" in err

    monkeypatch.setenv("CAREPOINT_USER", "wang")
    monkeypatch.setenv("CAREPOINT_PASSWORD", "wang-password")
    office.run(*review)


def test_a_township_that_lost_its_keys_makes_new_ones_and_its_villages_join_again(
    office, tmp_path, capsys, monkeypatch
):
    import shutil

    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    office.run("sync", "import", office.export(village))
    shutil.rmtree(office.folder / "keys")  # the township's disk died; its data came back
    if (office.folder / "database.json").is_file():
        # An office on PostgreSQL keeps its (encrypted) keys in its database: a desk's disk
        # dying loses none of them. New keys below are for a lost passphrase.
        with_store(village, lambda s: add(s, "王五", sequence=3))
        out, _err = office.run("--json", "sync", "import", office.export(village))
        assert json.loads(out)["packages"][0]["status"] == "imported"
    else:
        _out, err = office.run("sync", "import", office.export(village), exit_code=2)
        assert "missing" in err

    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "新的乡镇口令-2027")
    office.run("township", "new-keys", "--out", tmp_path / "new-files")
    (enrollment,) = (tmp_path / "new-files").glob("*.json")
    cli(capsys, "--data-dir", village, "keys", "join", enrollment)
    office.confirm(TAOYUAN[0], village)  # its new key, from its new 入网确认单
    with_store(village, lambda s: add(s, "李四", sequence=2))
    out, _err = office.run("--json", "sync", "import", office.export(village))
    assert json.loads(out)["packages"][0]["status"] == "imported"
