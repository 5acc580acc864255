"""Every audited save is one change set: its entries share a change id, and the history, the home
page and the forms read change sets back whole instead of guessing from times."""

from __future__ import annotations

import datetime as dt

from builders import add

from carepoint import audit, home
from carepoint.changes import describe, writes
from carepoint.residents import CategoryInput, add_category, update_resident


def _entries(store):
    return store.db.execute_sql(
        "SELECT change_id, entity, field FROM audit_entry ORDER BY id"
    ).fetchall()


def test_the_entries_of_one_save_share_a_change_id_and_two_saves_do_not(store):
    # Given a person registered with a category (one save touching two records)
    person = add(store, "张三", categories=[CategoryInput("living_alone", dt.date(2020, 1, 1))])
    created = {change for change, _entity, _field in _entries(store)}
    assert len(created) == 1
    # When two edits are saved within the same second
    update_resident(store, person.id, {"phone": "13812345678", "notes": "腿脚不便"})
    update_resident(store, person.id, {"phone": "13900001111"})
    changes = [change for change, _entity, _field in _entries(store)]
    # Then each save is its own change set, however close in time
    assert len(set(changes)) == 3
    assert changes[-3] == changes[-2] != changes[-1]


def test_the_history_tells_two_quick_saves_apart(store):
    person = add(store, "李四")
    update_resident(store, person.id, {"phone": "13812345678"})
    update_resident(store, person.id, {"phone": "13900001111"})
    lines = audit.history([person.uuid])
    sentences = [describe(write, {}, masked=False) for write in writes(lines)]
    assert [len(s) for s in sentences] == [1, 1, 1]
    assert "13900001111" in sentences[0][0] and "13812345678" in sentences[1][0]


def test_the_home_page_lists_one_line_per_record_of_a_change_set(store):
    person = add(store, "王五")
    add_category(store, person.id, CategoryInput("low_income", dt.date(2026, 1, 1)))
    recent = home.recent_changes(store)
    assert [change.resident_name for change in recent] == ["王五", "王五"]
    assert "低保" in recent[0].description
