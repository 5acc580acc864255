"""Groups as cadres write them, categories as rosters write them, and the village's own words."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import add

from carepoint import categories
from carepoint.category_words import IGNORED, learned_words, remember_words
from carepoint.errors import UserInputError
from carepoint.groups import group_in_title, normalise_group, sorted_groups
from carepoint.models import AuditEntry
from carepoint.residents import groups


@pytest.mark.parametrize("written", ["3组", "三组", "第三组", "三队", " 三组 ", "三组\u3000", "3"])
def test_every_way_of_writing_group_three_is_one_group(written):
    assert normalise_group(written) == "三组"


def test_a_named_group_is_only_trimmed():
    assert normalise_group(" 东头组 ") == "东头组"


def test_groups_sort_by_their_number_then_named_groups():
    assert sorted_groups(["十一组", "二组", "东头组", "十组", "一组", "三组"]) == [
        "一组", "二组", "三组", "十组", "十一组", "东头组"]


@pytest.mark.parametrize(("title", "group"), [
    ("一组老年人花名册", "一组"), ("3组", "三组"), ("桃园村第十一组高龄老人名单", "十一组"),
    ("Sheet1", None), ("花名册（2026年11月）", None),
])
def test_a_sheet_name_or_title_names_its_group(title, group):
    assert group_in_title(title) == group


def test_the_register_lists_groups_in_natural_order(store):
    for number, group in enumerate(["十一组", "二组", "一组", "十组"], 1):
        add(store, f"张{number}", sequence=number, group_name=group)
    assert groups(store) == ["一组", "二组", "十组", "十一组"]


@pytest.mark.parametrize(("word", "code"), [
    ("五保户", "special_hardship_dispersed"),
    ("特困分散供养", "special_hardship_dispersed"),
    ("分散供养特困人员", "special_hardship_dispersed"),
    ("特困人员", "special_hardship_dispersed"),
    ("农村五保户", "special_hardship_dispersed"),
    ("集中供养特困人员", "special_hardship_centralized"),
    ("农村低保", "low_income"),
    ("低保户", "low_income"),
    ("残疾一级", "severe_disability"),
    ("二级残疾", "severe_disability"),
    ("计生特扶", "family_planning_special"),
    ("失独", "family_planning_special"),
    ("计划生育特殊家庭", "family_planning_special"),
    ("老年痴呆", "dementia"),
    ("独居老人（空巢）", "living_alone"),
    ("重点优抚对象", "entitled_group"),
    ("空巢老人", "empty_nest"),
])
def test_category_words_as_rosters_write_them(word, code):
    assert categories.code_for(word) == code


@pytest.mark.parametrize("word", ["低保边缘", "低收入", "三级残疾", "困难户"])
def test_lesser_or_other_groups_are_not_taken_for_a_category(word):
    assert categories.code_for(word) is None


def test_a_word_mapped_once_is_kept_for_the_village_and_audited(store):
    remember_words(store, {"困难户": "low_income", "无": IGNORED})
    learned = learned_words(store)
    assert categories.code_for("困难户", learned) == "low_income"
    assert categories.code_for("困难人员", learned) == "low_income"  # the same word, stripped
    assert categories.code_for("无", learned) == IGNORED
    entries = AuditEntry.select().where(AuditEntry.entity == "category_words")
    assert {(e.field, e.new_value) for e in entries} == {("困难户", "low_income"), ("无", "")}


def test_a_word_cannot_be_mapped_to_a_derived_or_unknown_category(store):
    with pytest.raises(UserInputError):
        remember_words(store, {"老寿星": "oldest_old"})
    assert learned_words(store) == {}


def test_the_same_mapping_twice_is_recorded_once(store):
    remember_words(store, {"困难户": "low_income"})
    remember_words(store, {"困难户": "low_income"})
    assert AuditEntry.select().where(AuditEntry.entity == "category_words").count() == 1


def test_a_roster_word_unknown_until_the_village_maps_it(store, tmp_path):
    from builders import id_number

    from carepoint.roster_import import import_roster

    roster = tmp_path / "r.csv"
    roster.write_text(f"姓名,身份证号码,人员类别\n张三,{id_number(dt.date(1944, 6, 1))},困难户\n"
                      f"李四,{id_number(dt.date(1944, 6, 1), 2)},困难户、低保\n",
                      encoding="utf-8")
    first = import_roster(store, roster, dry_run=True)
    assert list(first.unknown_words) == ["困难户"]
    assert [e.message.count("困难户") for e in first.errors] == [1]  # once for the file
    remember_words(store, {"困难户": "low_income"})
    second = import_roster(store, roster)
    assert (second.errors, second.imported) == ([], 2)
