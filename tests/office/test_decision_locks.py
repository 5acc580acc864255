"""Two clerks at two desks decide the same item (issue 21 item 3): the first decision stands, the
second is refused naming who decided and when, and nothing of it is written; when both press at
the same moment, the second waits for the first's commit (a row lock on PostgreSQL, the write
lock on SQLite) and is then refused: not lost, not deadlocked. On both engines."""

from __future__ import annotations

import re
import threading
import time

import pytest
from builders import add
from county.county_helpers import county  # noqa: F401 - the county office, on both engines
from exchange.exchange_helpers import (  # noqa: F401 - office: the fixture, on both engines
    PASSPHRASE,
    TAOYUAN,
    office,
    passphrase,
    with_store,
)

from carepoint import i18n
from carepoint.db import open_store
from carepoint.errors import UserInputError
from carepoint.exchange import decisions, queries
from carepoint.exchange.conflicts import correct_record, list_conflicts, resolve_conflict
from carepoint.exchange.review import review_month
from carepoint.residents import update_resident

MONTH = "2026-11"
KEY = f"{TAOYUAN[0]}:{MONTH}"
WAIT = 60  # seconds: nothing here may hang the run
REFUSED = re.compile(
    r"^这一项已由 (?P<who>\S+) 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 处理："
    r"(?P<what>[^；]+)；没有做任何更改$"
)


def _village_month(office):  # noqa: F811
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    i18n.set_language("zh_CN")  # the command line ran in English


def _conflict(office):  # noqa: F811
    """A record the township corrected and the village changed too: one open conflict."""
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: correct_record(s, TAOYUAN[0], "resident", person.uuid,
                                                        {"phone": "13800000001"}))  # fmt: skip
    with_store(village, lambda s: update_resident(s, person.id, {"phone": "13900000002"}))
    office.run("sync", "import", office.export(village))
    i18n.set_language("zh_CN")
    return person


def _seen(store):
    """The village's row of the overview, as a clerk's page loads it."""
    return {f.village_code: f for f in queries.month_overview(store, MONTH)}[TAOYUAN[0]]


def _review_row(folder):
    return with_store(folder, lambda s: s.db.execute_sql(
        "SELECT review, comment, reviewed_by FROM township_month WHERE village_code = ?"
        " AND month = ?", [TAOYUAN[0], MONTH]).fetchone())  # fmt: skip


def _entries(folder, action: str, field: str) -> int:
    return with_store(folder, lambda s: s.db.execute_sql(
        "SELECT count(*) FROM audit_entry WHERE action = ? AND field = ?", [action, field]
    ).fetchone()[0])  # fmt: skip


def test_a_month_another_clerk_returned_meanwhile_is_not_approved_over_it(office):  # noqa: F811
    _village_month(office)
    wang, li = open_store(office.folder, actor="王芳"), open_store(office.folder, actor="李明")
    try:
        # both clerks have the overview open; the month is not reviewed yet
        seen_by_wang, seen_by_li = _seen(wang), _seen(li)
        assert seen_by_li.review == ""
        review_month(wang, TAOYUAN[0], MONTH, approve=False, comment="缺老人签字",
                     seen=seen_by_wang)  # fmt: skip

        with pytest.raises(UserInputError) as refused:
            review_month(li, TAOYUAN[0], MONTH, approve=True, seen=seen_by_li)
    finally:
        wang.close()
        li.close()

    found = REFUSED.match(refused.value.message)
    assert found, refused.value.message
    assert (found["who"], found["what"]) == ("王芳", "已退回修改")
    assert _review_row(office.folder) == ("rejected", "缺老人签字", "王芳")
    assert _entries(office.folder, "review", "review") == 1


def test_a_clerk_who_saw_the_latest_decision_may_change_it(office):  # noqa: F811
    _village_month(office)
    wang, li = open_store(office.folder, actor="王芳"), open_store(office.folder, actor="李明")
    try:
        review_month(wang, TAOYUAN[0], MONTH, approve=False, comment="缺老人签字",
                     seen=_seen(wang))  # fmt: skip
        # 李明 refreshes the page, sees the return, and approves once the village sent the form
        review_month(li, TAOYUAN[0], MONTH, approve=True, seen=_seen(li))
    finally:
        wang.close()
        li.close()
    assert _review_row(office.folder) == ("approved", "", "李明")
    assert _entries(office.folder, "review", "review") == 2


def test_a_conflict_another_clerk_resolved_meanwhile_is_not_resolved_again(office):  # noqa: F811
    person = _conflict(office)
    wang, li = open_store(office.folder, actor="王芳"), open_store(office.folder, actor="李明")
    try:
        [seen_by_wang], [seen_by_li] = list_conflicts(wang), list_conflicts(li)
        resolve_conflict(wang, seen_by_wang.id, "village")

        with pytest.raises(UserInputError) as refused:
            resolve_conflict(li, seen_by_li.id, "township")
    finally:
        wang.close()
        li.close()

    found = REFUSED.match(refused.value.message)
    assert found, refused.value.message
    assert (found["who"], found["what"]) == ("王芳", "采用了村里的版本")
    state = with_store(office.folder, lambda s: (
        s.db.execute_sql("SELECT choice, resolved_by FROM township_conflict").fetchall(),
        s.db.execute_sql("SELECT phone FROM tw_resident WHERE uuid = ?", [person.uuid]).fetchone(),
    ))  # fmt: skip
    assert state == ([("village", "王芳")], ("13900000002",))
    assert _entries(office.folder, "resolve", "choice") == 1


def _waiting_on_a_lock(folder) -> bool:
    """PostgreSQL: is a session of this database waiting for a row lock right now?"""
    return with_store(folder, lambda s: s.db.execute_sql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock'").fetchone()[0]) > 0  # fmt: skip


def _at_the_same_moment(office, monkeypatch, first, second):  # noqa: F811
    """王芳's decision (`first(store)`) stops inside its unit of work once it has read the row
    it decides, before it writes anything; 李明's (`second(store)`) is made meanwhile. Returns
    what 李明 was told, once 王芳 has committed, and whether 李明 was seen waiting for 王芳."""
    inside, go_on = threading.Event(), threading.Event()
    read = decisions.locked_row

    def held_open(store, *args, **kwargs):
        row = read(store, *args, **kwargs)
        if store.actor == "王芳":
            inside.set()
            assert go_on.wait(WAIT), "王芳's transaction was never let go"
        return row

    monkeypatch.setattr(decisions, "locked_row", held_open)
    outcome: dict[str, object] = {}

    def clerk(name, decide):
        store = open_store(office.folder, actor=name)
        try:
            outcome[name] = decide(store)
        except Exception as error:  # what the clerk is told is the finding, checked below
            outcome[name] = error
        finally:
            store.close()

    wang = threading.Thread(target=clerk, args=("王芳", first), daemon=True)
    li = threading.Thread(target=clerk, args=("李明", second), daemon=True)
    wang.start()
    try:
        assert inside.wait(WAIT), outcome
        li.start()
        if office.folder.joinpath("database.json").is_file():
            deadline = time.monotonic() + 20
            while not _waiting_on_a_lock(office.folder) and time.monotonic() < deadline:
                time.sleep(0.05)
            blocked = _waiting_on_a_lock(office.folder)
        else:
            li.join(1.0)  # SQLite: 李明's write transaction cannot begin while 王芳's is open
            blocked = li.is_alive()
        assert "李明" not in outcome, outcome
    finally:
        go_on.set()
        wang.join(WAIT)
        li.join(WAIT)
    assert not wang.is_alive() and not li.is_alive(), "a clerk's decision never finished"
    assert not isinstance(outcome["王芳"], Exception), outcome
    return outcome["李明"], blocked


def test_two_clerks_approving_at_the_same_moment_lose_no_decision(office, monkeypatch):  # noqa: F811
    _village_month(office)
    seen = with_store(office.folder, _seen)  # both pages show the month not reviewed

    told, blocked = _at_the_same_moment(
        office, monkeypatch,
        lambda s: review_month(s, TAOYUAN[0], MONTH, approve=False, comment="缺老人签字",
                               seen=seen),
        lambda s: review_month(s, TAOYUAN[0], MONTH, approve=True, seen=seen),
    )  # fmt: skip

    assert blocked, "李明's decision did not wait for 王芳's"
    assert isinstance(told, UserInputError), told
    found = REFUSED.match(told.message)
    assert found and (found["who"], found["what"]) == ("王芳", "已退回修改"), told.message
    assert _review_row(office.folder) == ("rejected", "缺老人签字", "王芳")
    assert _entries(office.folder, "review", "review") == 1


def test_two_clerks_resolving_a_conflict_at_once_lose_no_decision(office, monkeypatch):  # noqa: F811
    person = _conflict(office)
    [conflict] = with_store(office.folder, list_conflicts)

    told, blocked = _at_the_same_moment(
        office, monkeypatch,
        lambda s: resolve_conflict(s, conflict.id, "township"),
        lambda s: resolve_conflict(s, conflict.id, "village"),
    )  # fmt: skip

    assert blocked, "李明's decision did not wait for 王芳's"
    assert isinstance(told, UserInputError), told
    found = REFUSED.match(told.message)
    assert found and (found["who"], found["what"]) == ("王芳", "保留了乡镇的版本"), told.message
    state = with_store(office.folder, lambda s: (
        s.db.execute_sql("SELECT choice, resolved_by FROM township_conflict").fetchall(),
        s.db.execute_sql("SELECT phone FROM tw_resident WHERE uuid = ?", [person.uuid]).fetchone(),
    ))  # fmt: skip
    assert state == ([("township", "王芳")], ("13800000001",))
    assert _entries(office.folder, "resolve", "choice") == 1


def test_two_clerks_confirming_a_key_at_once_import_its_package_once(office, monkeypatch):  # noqa: F811
    from carepoint.exchange.confirmation import confirm_village, held_packages, own_digits
    from carepoint.permissions import local_administrator

    village = office.village(*TAOYUAN, confirmed=False)
    with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))  # held until the key is confirmed
    i18n.set_language("zh_CN")
    digits = with_store(village, own_digits)

    def confirm(store):
        return confirm_village(store, TAOYUAN[0], digits, PASSPHRASE,
                               actor=local_administrator(store.actor))  # fmt: skip

    told, blocked = _at_the_same_moment(office, monkeypatch, confirm, confirm)

    assert blocked, "李明's confirmation did not wait for 王芳's"
    assert isinstance(told, UserInputError), told
    found = REFUSED.match(told.message)
    assert found and (found["who"], found["what"]) == ("王芳", "密钥已确认"), told.message
    state = with_store(office.folder, lambda s: (
        s.db.execute_sql("SELECT count(*) FROM exchange_package WHERE direction = 'received'")
        .fetchone()[0],
        s.db.execute_sql("SELECT name FROM tw_resident").fetchall(),
        held_packages(s),
    ))  # fmt: skip
    assert state == (1, [("张三",)], [])
    assert _entries(office.folder, "confirm_key", "confirmed_fingerprint") == 1


def test_refusing_held_packages_a_clerk_is_confirming_throws_nothing_away(office, monkeypatch):  # noqa: F811
    from carepoint.exchange.confirmation import (
        confirm_village,
        held_packages,
        own_digits,
        refuse_held,
    )
    from carepoint.permissions import local_administrator

    village = office.village(*TAOYUAN, confirmed=False)
    with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))  # held until the key is confirmed
    i18n.set_language("zh_CN")
    digits = with_store(village, own_digits)

    told, blocked = _at_the_same_moment(
        office, monkeypatch,
        lambda s: confirm_village(s, TAOYUAN[0], digits, PASSPHRASE,
                                  actor=local_administrator(s.actor)),
        lambda s: refuse_held(s, TAOYUAN[0], actor=local_administrator(s.actor)),
    )  # fmt: skip

    assert blocked, "李明's refusal did not wait for 王芳's confirmation"
    assert isinstance(told, UserInputError), told
    found = REFUSED.match(told.message)
    assert found and (found["who"], found["what"]) == ("王芳", "密钥已确认"), told.message
    state = with_store(office.folder, lambda s: (
        s.db.execute_sql("SELECT name FROM tw_resident").fetchall(), held_packages(s),
    ))  # fmt: skip
    assert state == ([("张三",)], [])
    assert _entries(office.folder, "refuse_held", "refused") == 0


def test_two_county_clerks_confirming_a_township_key_at_once_import_it_once(county, monkeypatch):  # noqa: F811
    from county.county_helpers import BAITU

    from carepoint.county.confirm import confirm_township
    from carepoint.permissions import local_administrator

    baitu = county.township(*BAITU, confirmed=False)
    taoyuan = baitu.village(*TAOYUAN)
    with_store(taoyuan, lambda s: add(s, "张三"))
    baitu.run("sync", "import", baitu.export(taoyuan))
    county.run("county", "import", county.forward(baitu))  # held until the key is confirmed
    i18n.set_language("zh_CN")

    def confirm(store):
        return confirm_township(store, BAITU[0], baitu.digits, PASSPHRASE,
                                actor=local_administrator(store.actor))  # fmt: skip

    told, blocked = _at_the_same_moment(county, monkeypatch, confirm, confirm)

    assert blocked, "李明's confirmation did not wait for 王芳's"
    assert isinstance(told, UserInputError), told
    found = REFUSED.match(told.message)
    assert found and (found["who"], found["what"]) == ("王芳", "密钥已确认"), told.message
    assert county.query("SELECT name FROM tw_resident") == [("张三",)]
    assert _entries(county.folder, "confirm_key", "confirmed_fingerprint") == 1
