"""An administrator takes another locality's preset from a month on; earlier months keep theirs."""

import datetime as dt
import json

import pytest
from builders import add

from carepoint import rules
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry, RuleVersion
from carepoint.permissions import NotPermitted
from carepoint.rules.preset_change import change_preset
from carepoint.session import Session
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month

ADMIN = Session("admin", "administrator")
JANUARY = dt.date(2027, 1, 1)


def _in_force(preset, area, day):
    return [v for v in rules.preset_versions(preset, area) if v.effective_from <= day][-1]


def _nothing_written(store):
    assert RuleVersion.select().count() == 0
    assert store.setting("rules_preset") == ""
    assert not AuditEntry.select().where(AuditEntry.entity == "rule_version").exists()


def test_the_new_preset_rules_from_the_chosen_month_and_the_old_one_before(store):
    change_preset(store, "guichi", JANUARY, actor=ADMIN)

    for area in ("visits", "meals", "timebank", "subsidies"):
        before = rules.rules_on(store, area, dt.date(2026, 12, 31))
        after = rules.rules_on(store, area, JANUARY)
        assert before.content == _in_force("jurong", area, dt.date(2026, 12, 31)).content
        assert after.content == _in_force("guichi", area, JANUARY).content
        assert after.effective_from == JANUARY and after.source == "local"
    assert rules.active_preset(store) == "guichi"
    assert rules.preset_since(store) == JANUARY


def test_the_change_is_one_audited_change_set_naming_the_old_and_new_preset(store):
    change_preset(store, "guichi", JANUARY, actor=ADMIN)

    entries = list(AuditEntry.select().where(AuditEntry.entity.in_(["rule_version", "setting"])))
    assert len({e.change_id for e in entries}) == 1
    preset = [e for e in entries if e.field == "rules_preset"]
    assert [(e.old_value, e.new_value) for e in preset] == [("jurong", "guichi")]
    stored = {(r.area, r.effective_from) for r in RuleVersion.select()}
    assert ("subsidies", JANUARY) in stored
    assert len([e for e in entries if e.entity == "rule_version" and e.field == "area"]) == len(
        stored
    )


def test_a_month_worked_out_before_the_change_comes_out_the_same_after_it(store):
    add(store, "王德福", birth=dt.date(1941, 5, 2), sequence=1)
    add(store, "李秀英", birth=dt.date(1933, 2, 9), sequence=2)
    november = months.parse("2026-11")
    before = compute_month(store, november, meal_subsidies=None, save=False)
    assert before.totals  # the old preset pays these two something

    change_preset(store, "national", JANUARY, actor=ADMIN)

    after = compute_month(store, november, meal_subsidies=None, save=False)
    assert after.totals == before.totals
    assert [line.amount_fen for line in after.lines] == [line.amount_fen for line in before.lines]


def test_a_computed_month_cannot_be_reached_and_nothing_is_written(store):
    compute_month(store, months.parse("2026-12"), meal_subsidies=None)
    written = AuditEntry.select().count()

    with pytest.raises(UserInputError) as refused:
        change_preset(store, "guichi", dt.date(2026, 12, 1), actor=ADMIN)

    assert "2027年1月" in refused.value.message or "January 2027" in refused.value.message
    assert RuleVersion.select().count() == 0
    assert rules.active_preset(store) == "jurong"
    assert AuditEntry.select().count() == written


@pytest.mark.parametrize("role", ["clerk", "viewer"])
def test_only_an_administrator_may_change_the_preset(store, role):
    with pytest.raises(NotPermitted):
        change_preset(store, "guichi", JANUARY, actor=Session("someone", role))

    _nothing_written(store)


def test_a_day_that_is_not_a_months_first_an_unknown_preset_and_the_same_one_are_refused(store):
    with pytest.raises(UserInputError):
        change_preset(store, "guichi", dt.date(2027, 1, 15), actor=ADMIN)
    with pytest.raises(UserInputError):
        change_preset(store, "atlantis", JANUARY, actor=ADMIN)
    with pytest.raises(UserInputError):
        change_preset(store, "jurong", JANUARY, actor=ADMIN)  # the one in force

    _nothing_written(store)


def test_the_command_line_changes_the_preset_through_the_same_core(tmp_path):
    from test_cli import run

    folder = tmp_path / "village"
    run("init", "--village-code", "321183104201", "--village-name", "桃园村", "--preset",
        "jurong", data_dir=folder, check_exit=0)  # fmt: skip

    dry = run("--json", "rules", "preset", "guangzhou", "--from", "2027-01", "--dry-run",
              data_dir=folder, check_exit=0)  # fmt: skip
    done = run("rules", "preset", "guangzhou", "--from", "2027-01", data_dir=folder, check_exit=0)
    again = run("rules", "preset", "laixi", "--from", "2026-12", data_dir=folder, check_exit=2)
    (tmp_path / "out").mkdir()
    listed = run("--json", "rules", "export", str(tmp_path / "out"), data_dir=folder, check_exit=0)

    assert json.loads(dry.stdout)["dry_run"] is True
    assert "广东省广州市" in done.stdout and "2027年1月1日" in done.stdout
    assert "2027年2月" in again.stderr and "Traceback" not in again.stderr
    subsidies = (tmp_path / "out" / "subsidies.toml").read_text(encoding="utf-8")
    assert "2027-01-01" in subsidies and json.loads(listed.stdout)["files"]


def test_the_new_presets_older_versions_do_not_reach_back_before_the_change(store):
    # Guichi's meal rules start in 2022, Jurong's in 2023: 2022 had none here and keeps none.
    with pytest.raises(UserInputError):
        rules.rules_on(store, "meals", dt.date(2022, 6, 1))

    change_preset(store, "guichi", JANUARY, actor=ADMIN)

    with pytest.raises(UserInputError):
        rules.rules_on(store, "meals", dt.date(2022, 6, 1))
    assert [v.effective_from for v in rules.versions(store, "meals")] == [
        v.effective_from for v in rules.preset_versions("jurong", "meals")
    ] + [JANUARY]


def test_a_second_change_later_keeps_the_first_ones_months(store):
    change_preset(store, "guichi", JANUARY, actor=ADMIN)

    change_preset(store, "laixi", dt.date(2027, 4, 1), actor=ADMIN)

    def subsidies_on(day):
        return rules.rules_on(store, "subsidies", day).content

    assert subsidies_on(dt.date(2026, 12, 1)) == _in_force("jurong", "subsidies", JANUARY).content
    assert subsidies_on(dt.date(2027, 3, 1)) == _in_force("guichi", "subsidies", JANUARY).content
    assert subsidies_on(dt.date(2027, 4, 1)) == (
        _in_force("laixi", "subsidies", dt.date(2027, 4, 1)).content
    )
