"""Many people changed in one audited step, and a roster read again over a filled register."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import add, id_number

from carepoint import categories
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry, CategoryMembership, Resident
from carepoint.residents.bulk_edit import add_category_for, end_category_for, set_group_for
from carepoint.residents.fields import field_label
from carepoint.roster_import import import_roster

BORN = dt.date(1944, 6, 1)


@pytest.fixture
def three(store):
    return [add(store, name, birth=BORN, sequence=n, group_name="一组").id
            for n, name in enumerate(["张三", "李四", "王五"], 1)]


def test_a_group_is_set_for_everyone_chosen_in_one_audited_step(store, three):
    outcome = set_group_for(store, three[:2], "2组")
    assert (outcome.changed, outcome.unchanged) == (2, 0)
    assert [r.group_name for r in Resident.select().order_by(Resident.id)] == ["二组", "二组",
                                                                                "一组"]
    entries = AuditEntry.select().where(AuditEntry.action == "bulk_update")
    assert sorted((e.old_value, e.new_value) for e in entries) == [("一组", "二组")] * 2


def test_people_already_in_the_group_are_counted_unchanged(store, three):
    assert set_group_for(store, three, "一组").unchanged == 3
    assert AuditEntry.select().where(AuditEntry.action == "bulk_update").count() == 0


def test_a_category_is_added_from_a_date_and_ended_for_many(store, three):
    start = dt.date(2026, 1, 1)
    assert add_category_for(store, three, "low_income", start).changed == 3
    assert add_category_for(store, three, "low_income", start).unchanged == 3  # already in it
    ended = end_category_for(store, three[:2], "low_income", dt.date(2026, 6, 30))
    assert ended.changed == 2
    ends = {m.resident_id: m.end_date for m in CategoryMembership.select()}
    assert ends == {three[0]: dt.date(2026, 6, 30), three[1]: dt.date(2026, 6, 30),
                    three[2]: None}
    added = AuditEntry.select().where(AuditEntry.action == "bulk_add")
    assert len({e.entity_uuid for e in added}) == 3  # one entry (of several fields) per person


def test_nothing_chosen_or_a_derived_category_is_refused(store, three):
    with pytest.raises(UserInputError):
        set_group_for(store, [], "二组")
    with pytest.raises(UserInputError):
        add_category_for(store, three, "oldest_old", dt.date(2026, 1, 1))
    assert CategoryMembership.select().count() == 0


def roster(tmp_path, rows, name="again.csv"):
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_reimport_fills_empty_fields_shows_old_to_new_and_overwrites_nothing(store, tmp_path):
    add(store, "张三", birth=BORN, sequence=1, phone="13800000001")
    path = roster(tmp_path, [
        ["姓名", "身份证号码", "联系电话", "村民小组", "人员类别", "居住状况"],
        ["张三", id_number(BORN, 1), "13900000009", "3组", "低保", "独居"],
    ])
    # The dry run lists every field it would change, and changes nothing
    dry = import_roster(store, path, dry_run=True, as_of=dt.date(2026, 10, 8))
    changes = {(c.field, c.old, c.new) for c in dry.changes}
    assert changes == {
        (field_label("group_name"), "", "三组"),
        (field_label("living_situation"), "", "独居"),
        (field_label("categories"), "", categories.label("low_income")),
    }
    assert dry.updated == 1 and dry.imported == 0
    assert Resident.get().group_name == ""
    # The register's own phone is kept and the difference shown as a warning, the register's
    # number masked (whoever holds a roster file does not read the register's phones from it)
    assert any("138****0001" in w.message and "13900000009" in w.message for w in dry.warnings)
    assert not any("13800000001" in w.message for w in dry.warnings)
    done = import_roster(store, path, as_of=dt.date(2026, 10, 8))
    person = Resident.get()
    assert (person.group_name, person.living_situation, person.phone) == (
        "三组", "独居", "13800000001")
    membership = CategoryMembership.get()
    assert (membership.code, membership.start_date) == ("low_income", dt.date(2026, 10, 8))
    assert done.updated == 1
    assert AuditEntry.select().where(AuditEntry.action == "import").count() >= 2


def test_a_reimport_that_reports_a_death_records_it(store, tmp_path):
    add(store, "张三", birth=BORN, sequence=1)
    path = roster(tmp_path, [["姓名", "身份证号码", "状态", "状态日期"],
                             ["张三", id_number(BORN, 1), "去世", "2026-05-03"]])
    import_roster(store, path)
    person = Resident.get()
    assert (person.status, person.status_date) == ("deceased", dt.date(2026, 5, 3))


def test_a_death_only_in_a_remark_is_asked_not_recorded_for_a_registered_person(store, tmp_path):
    add(store, "张三", birth=BORN, sequence=1)
    path = roster(tmp_path, [["姓名", "身份证号码", "备注"],
                             ["张三", id_number(BORN, 1), "2026年5月3日去世"]])
    result = import_roster(store, path)
    assert Resident.get().status == "active"
    assert any("2026年5月3日去世" in w.message and "张三" in w.message for w in result.warnings)


def test_the_same_id_on_two_sheets_is_one_problem(store, make_two_sheets):
    path = make_two_sheets
    result = import_roster(store, path, all_sheets=True, dry_run=True)
    problems = [e for e in result.errors if id_number(BORN, 1) in e.message]
    assert len(problems) == 1 and problems[0].sheet == "二组"
    assert "一组" in problems[0].message
    assert {(s, r) for s, r in result.bad_rows} == {("一组", 2), ("二组", 2)}


@pytest.fixture
def make_two_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "一组"
    first.append(["姓名", "身份证号码", "联系电话"])
    first.append(["张三", id_number(BORN, 1), "13800000001"])
    second = book.create_sheet("二组")
    second.append(["姓名", "身份证号码", "联系电话"])
    second.append(["张三", id_number(BORN, 1), "13800000002"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    return path


def test_registered_on_and_category_start_come_from_the_roster_date(store, tmp_path):
    path = roster(tmp_path, [["姓名", "身份证号码", "人员类别"],
                             ["张三", id_number(BORN, 1), "五保户"],
                             ["填报日期：2026年9月1日", "", ""]])
    result = import_roster(store, path)
    assert result.as_of == dt.date(2026, 9, 1)
    assert Resident.get().registered_on == dt.date(2026, 9, 1)
    assert CategoryMembership.get().start_date == dt.date(2026, 9, 1)
