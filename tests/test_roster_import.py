import datetime as dt

import pytest
from builders import add, id_number

from carepoint.models import AuditEntry, Carer, CategoryMembership, Resident, StatusChange
from carepoint.permissions import local_administrator
from carepoint.roster_export import export_roster
from carepoint.roster_import import ImportCancelled, import_roster
from carepoint.setup import initialise

BORN = dt.date(1944, 6, 1)


def csv_file(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_clean_roster_is_imported_with_carers_categories_and_an_audit_entry_each(store, tmp_path):
    roster = csv_file(
        tmp_path / "r.csv",
        [
            [
                "姓名",
                "身份证号码",
                "婚姻状况",
                "人员类别",
                "赡养人姓名",
                "赡养人关系",
                "赡养人电话",
            ],
            [
                "张三",
                id_number(BORN, 1),
                "丧偶",
                "独居、低保、高龄",
                "张大；张二",
                "长子；次子",
                "13800000001；13800000002",
            ],
        ],
    )
    result = import_roster(store, roster)
    assert (result.imported, result.errors) == (1, [])
    person = Resident.get()
    assert (person.marital_status, person.gender) == ("widowed", "male")
    codes = sorted(m.code for m in CategoryMembership.select())
    assert codes == ["living_alone", "low_income"]  # 高龄 is derived, never stored
    carers = [(c.name, c.relation, c.phone) for c in Carer.select().order_by(Carer.id)]
    assert carers == [("张大", "长子", "13800000001"), ("张二", "次子", "13800000002")]
    assert AuditEntry.select().where(AuditEntry.action == "import").count() == 1


def test_one_bad_row_stops_the_whole_import(store, tmp_path):
    roster = csv_file(
        tmp_path / "r.csv",
        [
            ["姓名", "身份证号码"],
            ["张三", id_number(BORN, 1)],
            ["李四", "110105194912310021"],
        ],
    )
    result = import_roster(store, roster)
    assert result.imported == 0
    assert [(p.row, p.column) for p in result.errors] == [(3, "B")]
    assert Resident.select().count() == 0


def test_a_person_listed_twice_with_the_same_details_is_taken_once(store, tmp_path):
    row = ["张三", id_number(BORN, 1), "一组"]
    roster = csv_file(tmp_path / "r.csv", [["姓名", "身份证号码", "组别"], row, row])
    result = import_roster(store, roster)
    assert (result.imported, result.skipped, len(result.warnings)) == (1, 1, 1)
    assert result.warnings[0].row == 3


def test_a_person_listed_twice_with_different_details_is_an_error(store, tmp_path):
    roster = csv_file(
        tmp_path / "r.csv",
        [
            ["姓名", "身份证号码", "组别"],
            ["张三", id_number(BORN, 1), "一组"],
            ["张三", id_number(BORN, 1), "二组"],
        ],
    )
    result = import_roster(store, roster)
    assert [p.row for p in result.errors] == [3]


def test_people_already_registered_are_left_unchanged_and_counted_as_skipped(store, tmp_path):
    add(store, "张三", birth=BORN, sequence=1, group_name="一组")
    roster = csv_file(
        tmp_path / "r.csv",
        [
            ["姓名", "身份证号码", "组别"],
            ["张三", id_number(BORN, 1), "五组"],
            ["李四", id_number(BORN, 2), "五组"],
        ],
    )
    result = import_roster(store, roster)
    assert (result.imported, result.skipped) == (1, 1)
    assert Resident.get(Resident.name == "张三").group_name == "一组"


def test_same_name_and_birth_date_as_a_registered_person_is_a_warning(store, tmp_path):
    add(store, "张三", birth=BORN, sequence=1)
    roster = csv_file(tmp_path / "r.csv", [["姓名", "身份证号码"], ["张三", id_number(BORN, 3)]])
    result = import_roster(store, roster)
    assert result.imported == 1
    assert result.warnings[0].column == "A"


def test_a_death_with_its_date_is_recorded_as_a_status_change(store, tmp_path):
    roster = csv_file(
        tmp_path / "r.csv",
        [
            ["姓名", "身份证号码", "状态", "去世日期"],
            ["张三", id_number(BORN, 1), "去世", "2026.3.4"],
        ],
    )
    assert import_roster(store, roster).imported == 1
    person = Resident.get()
    assert (person.status, person.status_date) == ("deceased", dt.date(2026, 3, 4))
    assert StatusChange.get().previous_status == "active"


def test_a_death_without_a_date_goes_in_as_deceased_with_the_date_unknown(store, tmp_path):
    roster = csv_file(
        tmp_path / "r.csv",
        [["姓名", "身份证号码", "状态", "去世日期"], ["李四", id_number(BORN, 2), "去世", ""]],
    )
    result = import_roster(store, roster, as_of=dt.date(2026, 10, 8))
    assert result.errors == [] and result.imported == 1
    assert [(p.row, p.column) for p in result.warnings] == [(2, "C")]
    person = Resident.get()
    assert (person.status, person.status_date) == ("deceased", None)
    step = StatusChange.get()
    assert step.effective_date == dt.date(2026, 10, 8) and "2026-10-08" in step.reason


def test_a_birth_date_column_that_contradicts_a_valid_id_is_a_warning_and_the_id_decides(
    store, tmp_path
):
    roster = csv_file(
        tmp_path / "r.csv",
        [
            ["姓名", "身份证号码", "出生日期"],
            ["张三", id_number(BORN, 1), "1944年6月2日"],
        ],
    )
    result = import_roster(store, roster)
    assert result.errors == []
    assert [(p.row, p.column) for p in result.warnings] == [(2, "C")]
    assert Resident.get().birth_date == BORN


def test_export_then_import_into_a_new_village_gives_the_same_register(store, tmp_path):
    from carepoint.residents import CarerInput, CategoryInput, set_status

    add(
        store,
        "张三",
        birth=BORN,
        sequence=1,
        group_name="一组",
        phone="13800000001",
        marital_status="married",
        household_address="句容市白兔镇桃园村一组5号",
        bank_account="6217000010001234567",
        notes="耳背",
        carers=[CarerInput("张大", "长子", "13800000002", "南京市")],
        categories=[CategoryInput("empty_nest", dt.date(2020, 1, 1))],
    )
    gone = add(store, "李四", birth=BORN, sequence=2)
    set_status(store, gone.id, "moved_out", dt.date(2026, 2, 1), "随子女迁居")
    exported = tmp_path / "out.xlsx"
    assert export_roster(store, exported, actor=local_administrator()) == 2
    fields = (
        "name",
        "gender",
        "id_number",
        "birth_date",
        "group_name",
        "phone",
        "marital_status",
        "household_address",
        "bank_account",
        "notes",
        "status",
        "status_date",
    )
    before = sorted(tuple(getattr(r, f) for f in fields) for r in Resident.select())
    store.close()

    other = initialise(tmp_path / "other", code="321183104202", name="杏花村")
    assert import_roster(other, exported).imported == 2
    after = sorted(tuple(getattr(r, f) for f in fields) for r in Resident.select())
    assert after == before
    assert [c.code for c in CategoryMembership.select()] == ["empty_nest"]
    assert [(c.name, c.address) for c in Carer.select()] == [("张大", "南京市")]
    other.close()


def test_a_cancelled_import_writes_nothing(store, tmp_path):
    rows = [["姓名", "身份证号码"]] + [
        [f"人{i}", id_number(BORN + dt.timedelta(days=i), 1)] for i in range(1, 900)
    ]
    roster = csv_file(tmp_path / "r.csv", rows)
    with pytest.raises(ImportCancelled):
        import_roster(store, roster, cancelled=lambda: True)
    assert Resident.select().count() == 0


def test_progress_is_reported_up_to_the_total(store, tmp_path):
    rows = [["姓名", "身份证号码"]] + [
        [f"人{i}", id_number(BORN + dt.timedelta(days=i), 1)] for i in range(1, 1200)
    ]
    seen = []
    import_roster(store, csv_file(tmp_path / "r.csv", rows), progress=lambda d, t: seen.append(d))
    assert seen[0] == 0 and seen[-1] == 1199
