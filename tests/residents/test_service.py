import datetime as dt
import json

import pytest
from builders import add, id_number

from carepoint import audit
from carepoint.errors import NeedsConfirmation, UserInputError
from carepoint.models import AuditEntry, Carer, CategoryMembership, Resident, StatusChange
from carepoint.residents import (
    CarerInput,
    CategoryInput,
    InvalidResident,
    ResidentInput,
    add_category,
    create_resident,
    end_category,
    resident_detail,
    set_carers,
    set_status,
    update_resident,
)


def test_a_new_resident_gets_birth_date_gender_and_search_keys_from_id_and_name(store):
    resident = create_resident(
        store, ResidentInput(name="曾秀英", id_number=id_number(dt.date(1944, 5, 6), 2))
    )
    assert resident.birth_date == dt.date(1944, 5, 6)
    assert resident.gender == "female"
    assert resident.name_pinyin == "zeng xiu ying"  # 曾 as a surname is Zēng
    assert resident.name_initials == "zxy"
    assert resident.status == "active"
    assert len(resident.uuid) == 36 and resident.change_seq > 0 and resident.deleted_at is None


def test_a_bad_id_number_is_refused_and_nothing_is_written(store):
    with pytest.raises(InvalidResident) as refused:
        create_resident(store, ResidentInput(name="王芳", id_number="321183195003040012"))
    assert refused.value.problems[0].field == "id_number"
    assert Resident.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_a_gender_that_contradicts_the_id_number_is_refused(store):
    with pytest.raises(InvalidResident, match="性别|gender"):
        create_resident(
            store,
            ResidentInput(
                name="王芳", id_number=id_number(dt.date(1950, 1, 1), 1), gender="female"
            ),
        )


def test_the_same_id_number_cannot_be_registered_twice(store):
    add(store, "李明", sequence=1)
    with pytest.raises(UserInputError, match="李明"):
        add(store, "李明亮", sequence=1)
    assert Resident.select().count() == 1


def test_same_name_and_birth_date_asks_for_confirmation_then_saves(store):
    add(store, "王秀兰", sequence=2)
    twin = ResidentInput(name="王秀兰", id_number=id_number(dt.date(1950, 3, 4), 4))
    with pytest.raises(NeedsConfirmation):
        create_resident(store, twin)
    assert Resident.select().count() == 1
    create_resident(store, twin, confirm_duplicates=True)
    assert Resident.select().count() == 2


def test_a_near_identical_name_in_the_same_group_asks_for_confirmation(store):
    add(store, "张秀英", sequence=2, group_name="三组")
    other = ResidentInput(
        name="张秀瑛", id_number=id_number(dt.date(1938, 1, 2), 6), group_name="三组"
    )
    with pytest.raises(NeedsConfirmation, match="张秀英"):
        create_resident(store, other)
    elsewhere = ResidentInput(
        name="张秀瑛", id_number=id_number(dt.date(1938, 1, 2), 6), group_name="五组"
    )
    assert create_resident(store, elsewhere).group_name == "五组"


def test_creation_is_audited_with_the_actor_and_every_value(store):
    resident = add(store, "赵德明", phone="13800138000", group_name="一组")
    entry = AuditEntry.get(AuditEntry.entity_uuid == resident.uuid)
    assert entry.actor == "tester" and entry.action == "create" and entry.field == "*"
    values = json.loads(entry.new_value)
    assert values["name"] == "赵德明" and values["phone"] == "13800138000"


def test_an_update_audits_each_changed_field_with_old_and_new(store):
    resident = add(store, "赵德明", phone="13800138000")
    update_resident(store, resident.id, {"phone": "13900139000", "notes": "耳背"})
    entries = {e.field: e for e in AuditEntry.select().where(AuditEntry.action == "update")}
    assert set(entries) == {"phone", "notes"}
    assert (entries["phone"].old_value, entries["phone"].new_value) == (
        "13800138000",
        "13900139000",
    )
    assert Resident.get_by_id(resident.id).change_seq > resident.change_seq


def test_an_update_that_changes_nothing_writes_nothing(store):
    resident = add(store, "赵德明", phone="13800138000")
    before = AuditEntry.select().count()
    update_resident(store, resident.id, {"phone": "13800138000"})
    assert AuditEntry.select().count() == before


def test_correcting_the_id_number_rederives_birth_date_and_gender(store):
    resident = add(store, "孙桂英", birth=dt.date(1950, 3, 4), sequence=2)
    corrected = id_number(dt.date(1951, 4, 5), 3)
    updated = update_resident(store, resident.id, {"id_number": corrected})
    assert updated.birth_date == dt.date(1951, 4, 5)
    assert updated.gender == "male"


def test_a_death_is_recorded_with_date_and_reason_and_the_person_stays(store):
    resident = add(store, "周国强")
    set_status(store, resident.id, "deceased", dt.date(2026, 10, 2), "病故")
    kept = Resident.get_by_id(resident.id)
    assert (kept.status, kept.status_date, kept.deleted_at) == (
        "deceased",
        dt.date(2026, 10, 2),
        None,
    )
    change = StatusChange.get(StatusChange.resident == resident)
    assert (change.previous_status, change.reason) == ("active", "病故")
    assert AuditEntry.select().where(AuditEntry.field == "status").count() == 1


@pytest.mark.parametrize(
    ("when", "message"),
    [(dt.date(2027, 1, 1), "future|将来|未来"), (dt.date(1940, 1, 1), "birth|出生")],
)
def test_impossible_status_dates_are_refused(store, when, message):
    resident = add(store, "周国强")
    with pytest.raises(UserInputError, match=message):
        set_status(store, resident.id, "moved_out", when)
    assert Resident.get_by_id(resident.id).status == "active"


def test_a_return_is_recorded_and_a_wrongly_recorded_death_needs_a_reason(store):
    resident = add(store, "周国强")
    set_status(store, resident.id, "moved_out", dt.date(2026, 1, 5), "随子女迁居")
    set_status(store, resident.id, "active", dt.date(2026, 6, 1), "迁回")
    set_status(store, resident.id, "deceased", dt.date(2026, 7, 1))
    with pytest.raises(UserInputError):
        set_status(store, resident.id, "active", dt.date(2026, 7, 2))
    set_status(store, resident.id, "active", dt.date(2026, 7, 2), "误报死亡，已核实")
    statuses = [c.status for c in resident_detail(resident.id).status_changes]
    assert statuses == ["moved_out", "active", "deceased", "active"]


def test_categories_are_dated_and_oldest_old_cannot_be_set_by_hand(store):
    resident = add(store, "吴玉兰", birth=dt.date(1940, 1, 1), sequence=2)
    membership = add_category(
        store, resident.id, CategoryInput("living_alone", dt.date(2024, 1, 1))
    )
    with pytest.raises(UserInputError):
        add_category(store, resident.id, CategoryInput("living_alone", dt.date(2025, 1, 1)))
    with pytest.raises(InvalidResident):
        add_category(store, resident.id, CategoryInput("oldest_old", dt.date(2025, 1, 1)))
    end_category(store, membership.id, dt.date(2026, 3, 1))
    assert CategoryMembership.get_by_id(membership.id).end_date == dt.date(2026, 3, 1)
    add_category(store, resident.id, CategoryInput("living_alone", dt.date(2026, 9, 1)))
    assert CategoryMembership.select().count() == 2


def test_carers_are_replaced_without_deleting_the_old_ones(store):
    resident = add(store, "郑凤英", sequence=2, carers=[CarerInput("郑大", "儿子", "13800000001")])
    set_carers(store, resident.id, [CarerInput("郑二", "女儿", "13800000002")])
    detail = resident_detail(resident.id)
    assert [c.name for c in detail.carers] == ["郑二"]
    retired = Carer.get(Carer.name == "郑大")
    assert retired.deleted_at is not None
    lines = audit.history(detail.entity_uuids + [retired.uuid])
    assert {line.action for line in lines} >= {"create", "add", "retire"}


def test_history_lists_a_persons_changes_newest_first(store):
    resident = add(store, "钱建国")
    update_resident(store, resident.id, {"notes": "独子在外"})
    set_status(store, resident.id, "lost_contact", dt.date(2026, 9, 9))
    actions = [line.action for line in audit.history(resident_detail(resident.id).entity_uuids)]
    assert actions[0] == "status" and actions[-1] == "create"
