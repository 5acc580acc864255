"""The township's keys and passphrase, rule updates sent to villages, a village joining later."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, Office, cli, digest, with_store

from carepoint.exchange.enrollment import enroll_from_file, is_enrolled
from carepoint.exchange.village_return import township_notes
from carepoint.permissions import local_administrator
from carepoint.rules import rules_on


def test_a_township_set_up_without_a_passphrase_makes_its_keys_at_the_first_enrollment(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("CAREPOINT_PASSPHRASE")
    office = Office(tmp_path, capsys)
    assert not (office.folder / "keys" / "township-sign.pem").exists()
    out = tmp_path / "enroll.json"
    _out, err = office.run("township", "enroll", "--village-code", TAOYUAN[0], "--village-name",
                           TAOYUAN[1], "--out", out, exit_code=2)  # fmt: skip
    assert "CAREPOINT_PASSPHRASE" in err and not out.exists()
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "一个足够长的口令")
    office.run("township", "enroll", "--village-code", TAOYUAN[0], "--village-name", TAOYUAN[1],
               "--out", out)  # fmt: skip
    key = (office.folder / "keys" / "township-sign.pem").read_bytes()
    assert b'"kdf": "scrypt"' in key and b"PRIVATE KEY" not in key


def test_a_wrong_passphrase_writes_no_return_package(office, tmp_path, monkeypatch):
    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--reject", "--comment", "缺少签字")  # fmt: skip
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "wrong passphrase")
    before = digest(office.folder)
    office.run("sync", "export", "--out", tmp_path / "returns", exit_code=3)
    assert digest(office.folder) == before
    assert not list((tmp_path / "returns").glob("*.cpkg"))


def test_a_rule_update_and_a_rejection_reach_the_village_once(office, tmp_path, capsys):
    village = office.village(*TAOYUAN)
    office.run("sync", "import", office.export(village))
    rules = tmp_path / "meals.json"
    rules.write_text(json.dumps({"price_fen": 1200, "note": "2027"}), encoding="utf-8")
    office.run("township", "rule", "--area", "meals", "--from", "2027-01-01", "--file", rules)
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--reject", "--comment", "缺少签字")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", tmp_path / "returns")
    returned = json.loads(out)[0]["file"]
    cli(capsys, "--data-dir", village, "sync", "import", returned)
    rule = with_store(village, lambda s: rules_on(s, "meals", dt.date(2027, 1, 2)))
    assert (rule.content, rule.source) == ({"price_fen": 1200, "note": "2027"}, "local")
    notes = with_store(village, township_notes)
    assert [(n.month, n.state, n.comment) for n in notes] == [("2026-10", "rejected", "缺少签字")]
    before = digest(village)
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    assert json.loads(out)["status"] == "already imported"
    assert digest(village) == before


def test_a_village_set_up_alone_joins_its_township_later(office, tmp_path, capsys):
    folder = tmp_path / "alone"
    cli(capsys, "--data-dir", folder, "init", "--village-code", TAOYUAN[0], "--village-name",
        TAOYUAN[1])  # fmt: skip
    assert with_store(folder, is_enrolled) is False
    enrollment = office.enroll(*TAOYUAN)
    with_store(folder, lambda s: (
        enroll_from_file(s, enrollment, actor=local_administrator()), add(s, "张三")
    ))  # fmt: skip
    office.confirm(TAOYUAN[0], folder)
    out, _err = office.run("--json", "sync", "import", office.export(folder))
    assert json.loads(out)["packages"][0]["new"] >= 1
