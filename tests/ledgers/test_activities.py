"""Activities and attendance: the core's rules, the command line, the printed ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import id_number
from ledgers.conftest import count, run
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.ledgers import activities as core
from carepoint.setup import initialise

D = dt.date
PARTY_DAY = D(2026, 11, 20)


def birthday(store, day=PARTY_DAY, kind="birthday", title="十一月集体生日会"):
    return core.add_activity(store, core.ActivityInput(day, kind, title, "老年协会", "活动室"))


def test_a_person_is_signed_in_once_per_activity_and_a_visitor_by_name(store, people):
    party = birthday(store)
    core.sign_in(store, party.id, people["张三"].id)
    core.sign_in(store, party.id, visitor_name="王小明")

    with pytest.raises(UserInputError, match="张三"):
        core.sign_in(store, party.id, people["张三"].id)
    with pytest.raises(UserInputError, match="王小明"):
        core.sign_in(store, party.id, visitor_name=" 王小明 ")

    assert [(a.name, a.is_visitor) for a in core.attendees(store, party.id)] == [
        ("张三", False),
        ("王小明", True),
    ]
    assert core.get_activity(store, party.id).attendance == 2


def test_someone_who_died_before_the_activity_cannot_be_signed_in(store, people):
    party = birthday(store)
    with pytest.raises(UserInputError, match="王五"):
        core.sign_in(store, party.id, people["王五"].id)
    assert count(store, "activity_attendance") == 0


def test_a_sign_in_taken_back_is_kept_marked_deleted_and_audited_and_no_longer_counts(
    store, people
):
    party = birthday(store)
    person = core.sign_in(store, party.id, people["李四"].id)
    core.withdraw(store, person.id)

    assert core.attendees(store, party.id) == []
    assert count(store, "activity_attendance") == 1
    sql = "SELECT action FROM audit_entry WHERE entity = 'activity_attendance' ORDER BY id"
    actions = [row[0] for row in store.db.execute_sql(sql)]
    assert actions == ["create", "delete"]
    # and the person can be signed in again
    core.sign_in(store, party.id, people["李四"].id)


def test_month_counts_are_per_kind_and_per_person_and_leave_other_months_out(store, people):
    first, second = birthday(store), birthday(store, D(2026, 11, 5), "fitness", "太极拳")
    october = birthday(store, D(2026, 10, 30), "festival", "重阳节")
    for activity in (first, second, october):
        core.sign_in(store, activity.id, people["张三"].id)
    core.sign_in(store, first.id, people["李四"].id)

    counts = core.month_counts(store, D(2026, 11, 1))

    assert counts.activities_by_kind == {
        "culture": 0, "festival": 0, "birthday": 1, "fitness": 1, "other": 0
    }  # fmt: skip
    assert counts.attendance_by_kind["birthday"] == 2
    assert counts.attendance_by_kind["fitness"] == 1
    assert counts.attendance_by_kind["festival"] == 0
    assert [(p.name, p.by_kind, p.total) for p in counts.people] == [
        ("李四", {"birthday": 1}, 1),
        ("张三", {"birthday": 1, "fitness": 1}, 2),
    ]


def test_an_activity_needs_a_title_a_known_kind_and_a_day_that_has_come(store):
    with pytest.raises(UserInputError) as refused:
        core.add_activity(store, core.ActivityInput(D(2026, 11, 24), "dance", " "))
    message = str(refused.value.message)
    assert "2026-11-24" in message and "dance" in message
    assert count(store, "activity") == 0


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    from builders import add

    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    store.close()
    return folder


def test_the_command_line_records_an_activity_signs_people_in_and_counts_the_month(village):
    made = json.loads(run(village, "--json", "activities", "add", "--date", "2026-11-20",
                          "--kind", "birthday", "--title", "集体生日会").stdout)  # fmt: skip
    zhang = id_number(D(1940, 5, 6), 11)
    run(village, "activities", "sign-in", str(made["id"]), "--id-number", zhang)
    run(village, "activities", "sign-in", str(made["id"]), "--visitor", "王小明")

    listed = json.loads(run(village, "--json", "activities", "list", "--month", "2026-11").stdout)
    counts = json.loads(run(village, "--json", "activities", "counts", "--month", "2026-11").stdout)

    assert [(a["title"], a["date"], a["attendance"]) for a in listed] == [
        ("集体生日会", "2026-11-20", 2)
    ]
    assert counts["attendance"]["birthday"] == 2
    assert {p["name"]: p["total"] for p in counts["people"]} == {"张三": 1, "王小明": 1}


def test_signing_in_twice_on_the_command_line_is_refused_in_the_users_language(village):
    made = json.loads(run(village, "--json", "activities", "add", "--kind", "fitness",
                          "--title", "健身操").stdout)  # fmt: skip
    run(village, "activities", "sign-in", str(made["id"]), "--visitor", "王小明")
    zh = run(village, "activities", "sign-in", str(made["id"]), "--visitor", "王小明",
             check_exit=2)  # fmt: skip
    en = run(village, "--lang", "en", "activities", "sign-in", str(made["id"]),
             "--visitor", "王小明", check_exit=2)  # fmt: skip
    assert "王小明已签到" in zh.stderr
    assert "王小明 is already signed in" in en.stderr
    people = json.loads(run(village, "--json", "activities", "attendees", str(made["id"])).stdout)
    assert [p["name"] for p in people] == ["王小明"]


def test_a_bad_kind_is_a_usage_error_and_writes_nothing(village):
    run(village, "activities", "add", "--kind", "dance", "--title", "x", check_exit=2)
    assert json.loads(run(village, "--json", "activities", "list").stdout) == []


def test_the_activity_ledger_prints_each_activity_its_attendees_and_the_counts(village):
    made = json.loads(run(village, "--json", "activities", "add", "--date", "2026-11-20",
                          "--kind", "birthday", "--title", "集体生日会", "--organiser", "老年协会",
                          "--place", "活动室").stdout)  # fmt: skip
    run(village, "activities", "sign-in", str(made["id"]), "--id-number",
        id_number(D(1940, 5, 6), 11))  # fmt: skip
    out = village.parent / "activities.pdf"

    run(village, "report", "activities", "--month", "2026-11", "--out", str(out))

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "活动台账" in text
    for expected in ("集体生日会", "老年协会", "活动室", "张三", "生日会"):
        assert expected in text
    assert "第 1 页 共 1 页" in text


def test_the_activity_ledger_of_an_empty_month_is_printed_saying_so(village):
    out = village.parent / "empty.pdf"
    run(village, "report", "activities", "--month", "2026-10", "--out", str(out))
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "活动台账" in text and "这个月没有登记活动" in text
