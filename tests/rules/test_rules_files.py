"""Rules a locality owns: `init --preset`, the national template for a county with no preset of
its own, and `rules export` / `rules import` moving a county's rule versions as TOML."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from subsidies.cadre import HENAN_CODE, JURONG_CODE, Village


def _digest(folder) -> str:
    import sqlite3

    connection = sqlite3.connect(folder / "carepoint.sqlite3")
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


def _preset(village) -> str:
    return village.sql("SELECT value FROM setting WHERE key = 'rules_preset'")[0][0]


def test_the_preset_follows_the_village_codes_province_or_the_national_template(tmp_path, capsys):
    assert _preset(Village(tmp_path / "js", capsys, code=JURONG_CODE)) == "jurong"
    henan = Village(tmp_path / "hn", capsys, code=HENAN_CODE, name="郑州某村")
    assert _preset(henan) == "national"
    chosen = Village(tmp_path / "sd", capsys, code=HENAN_CODE, name="村", preset="laixi")
    assert _preset(chosen) == "laixi"


def test_an_unknown_preset_is_refused_and_nothing_is_set_up(tmp_path, capsys):
    from carepoint.cli import main

    capsys.readouterr()
    code = main(["--data-dir", str(tmp_path / "x"), "init", "--village-code", JURONG_CODE,
                 "--village-name", "村", "--preset", "beijing"])  # fmt: skip
    assert code == 2 and "beijing" in capsys.readouterr().err
    assert not (tmp_path / "x" / "carepoint.sqlite3").exists()


def test_the_national_template_computes_nothing_until_its_amounts_are_filled_in(tmp_path, capsys):
    henan = Village(tmp_path / "hn", capsys, code=HENAN_CODE, name="郑州某村")
    henan.roster([("张大爷", dt.date(1940, 3, 1), "")])
    _out, err = henan.run("subsidies", "compute", "--month", "2026-10", exit_code=2)
    assert "高龄津贴" in err and "未填写" in err


def test_a_countys_rules_exported_once_load_in_every_village(tmp_path, capsys):
    # Given the county's rules, written from a Jurong care point as TOML
    county = Village(tmp_path / "county", capsys)
    folder = tmp_path / "县规则"
    folder.mkdir()
    written = county.json("rules", "export", folder)["files"]
    assert {p.rsplit("/", 1)[-1] for p in written} == {
        "visits.toml", "meals.toml", "timebank.toml", "subsidies.toml"
    }  # fmt: skip
    # When a Henan village (national template) checks them, nothing is written
    village = Village(tmp_path / "village", capsys, code=HENAN_CODE, name="郑州某村")
    village.roster([("张大爷", dt.date(1940, 3, 1), "")])
    before = _digest(village.folder)
    dry = village.json("rules", "import", folder, "--dry-run")
    assert {a["area"] for a in dry["added"]} == {"visits", "meals", "subsidies"}
    assert _digest(village.folder) == before
    # Then importing them pays the county's amounts, and the import is in the audit log
    village.run("rules", "import", folder)
    assert village.lines("2026-10") == {"张大爷": [("old_age", 5000)]}
    assert (
        village.sql(
            "SELECT count(DISTINCT entity_uuid) FROM audit_entry WHERE entity = 'rule_version'"
            " AND action = 'add'"
        )[0][0]
        == 3
    )
    # and importing the same folder again adds nothing
    assert village.json("rules", "import", folder)["added"] == []


def test_rules_that_the_settings_editor_would_refuse_are_not_imported(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "subsidies.toml").write_text(
        '[[versions]]\neffective_from = 2026-01-01\nnote = "错误示例"\n[versions.content]\n'
        '[[versions.content.items]]\nkey = "old_age"\ntype = "old_age"\n'
        "brackets = [{ min_age = 80, max_age = 89, amount_fen = -100 }]\n",
        encoding="utf-8",
    )
    (folder / "meals.toml").write_text("not = [toml", encoding="utf-8")
    before = _digest(village.folder)
    _out, err = village.run("rules", "import", folder, exit_code=2)
    assert "subsidies.toml, 2026-01-01" in err and "meals.toml" in err
    assert _digest(village.folder) == before


@pytest.mark.parametrize("preset", ["jurong", "guangzhou", "guichi", "laixi"])
def test_every_preset_survives_export_and_import_unchanged(tmp_path, capsys, preset):
    from carepoint import rules
    from carepoint.rules.files import to_toml

    for area in ("visits", "meals", "timebank", "subsidies"):
        versions = list(rules.preset_versions(preset, area))
        import tomllib

        read = tomllib.loads(to_toml(versions))["versions"]
        assert [v["content"] for v in read] == [
            json.loads(json.dumps(v.content, default=str)) for v in versions
        ]
