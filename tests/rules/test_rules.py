import datetime as dt

import pytest

from carepoint import rules
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry


@pytest.fixture
def meal_preset(store, tmp_path, monkeypatch):
    """A preset folder with two shipped versions of a test area."""
    folder = tmp_path / "rules"
    (folder / "jurong").mkdir(parents=True)
    (folder / "presets.toml").write_text(
        '[jurong]\nname_zh = "句容"\nname_en = "Jurong"\n', encoding="utf-8"
    )
    (folder / "jurong" / "sample.toml").write_text(
        "[[versions]]\neffective_from = 2022-01-01\n[versions.content]\nprice_fen = 800\n"
        "[[versions]]\neffective_from = 2024-07-01\n[versions.content]\nprice_fen = 900\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(rules, "resource_path", lambda *parts: folder.joinpath(*parts[1:]))
    rules.presets.cache_clear()
    rules.preset_versions.cache_clear()
    yield store
    rules.presets.cache_clear()
    rules.preset_versions.cache_clear()


def test_the_shipped_presets_include_four_localities():
    assert {"jurong", "guangzhou", "guichi", "laixi"} <= set(rules.presets())


def test_the_version_in_force_on_a_day_is_the_latest_that_started_by_then(meal_preset):
    assert rules.rules_on(meal_preset, "sample", dt.date(2024, 6, 30)).content == {"price_fen": 800}
    assert rules.rules_on(meal_preset, "sample", dt.date(2024, 7, 1)).content == {"price_fen": 900}


def test_before_any_version_there_are_no_rules_and_the_user_is_told(meal_preset):
    with pytest.raises(UserInputError):
        rules.rules_on(meal_preset, "sample", dt.date(2021, 12, 31))


def test_a_local_edit_is_a_new_audited_version_and_history_keeps_the_old_ones(meal_preset):
    rules.save_version(meal_preset, "sample", dt.date(2026, 1, 1), {"price_fen": 1000}, "涨价")
    assert rules.rules_on(meal_preset, "sample", dt.date(2025, 12, 31)).content["price_fen"] == 900
    assert rules.rules_on(meal_preset, "sample", dt.date(2026, 1, 1)).source == "local"
    assert [v.effective_from.year for v in rules.versions(meal_preset, "sample")] == [
        2022,
        2024,
        2026,
    ]
    assert AuditEntry.select().where(AuditEntry.entity == "rule_version").count() == 4


def test_an_invalid_edit_is_refused_with_the_validators_message_and_nothing_is_stored(
    meal_preset,
):
    def no_negative(content):
        return ["价格不能为负"] if content["price_fen"] < 0 else []

    with pytest.raises(UserInputError, match="价格不能为负"):
        rules.save_version(
            meal_preset, "sample", dt.date(2026, 1, 1), {"price_fen": -1}, validate=no_negative
        )
    assert len(rules.versions(meal_preset, "sample")) == 2


def test_an_unknown_preset_setting_falls_back_to_the_default(meal_preset):
    meal_preset.set_setting("rules_preset", "atlantis")
    assert rules.active_preset(meal_preset) == "jurong"
