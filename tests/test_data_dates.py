"""Dates and state that belong to the data: one clock, a store that owns its database, domain
dates stored (never read from technical timestamps), local time at the edges."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import id_number
from peewee import SqliteDatabase
from pypdf import PdfReader

from carepoint import clock, migrations
from carepoint.binding import NoStoreBound
from carepoint.db import DB_FILE, open_store
from carepoint.models import Resident
from carepoint.residents import (
    RegisterFilter,
    ResidentInput,
    create_resident,
    list_residents,
    set_status,
)
from carepoint.setup import initialise

ROOT = Path(__file__).resolve().parent.parent
CAREPOINT = Path(sys.executable).parent / "carepoint"
LATE_EVENING_UTC = "2026-11-30T23:30:00Z"  # 07:30 on 1 December in Beijing


def carepoint(*args, data_dir, env_extra=None, check_exit=0):
    env = {k: v for k, v in os.environ.items() if k != "CAREPOINT_TODAY"}
    env.update(env_extra or {})
    done = subprocess.run(
        [str(CAREPOINT), "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


def test_two_stores_open_in_one_process_read_write_and_audit_each_their_own(tmp_path):
    # Given a village and a second village open at the same time
    peach = initialise(tmp_path / "peach", code="321183104201", name="桃园村", actor="clerkA")
    pear = initialise(tmp_path / "pear", code="321183104202", name="梨园村", actor="clerkB")
    try:
        # When each registers a person, the second one last
        create_resident(peach, ResidentInput("张三", id_number(dt.date(1940, 1, 2), 1)))
        create_resident(pear, ResidentInput("李四", id_number(dt.date(1941, 3, 4), 3)))
        create_resident(pear, ResidentInput("王五", id_number(dt.date(1942, 5, 6), 5)))
        # Then each answers for itself: its name, its people, its audit log
        assert peach.setting("village_name") == "桃园村"
        assert pear.setting("village_name") == "梨园村"
        today = clock.today()
        assert [r.name for r in list_residents(peach, RegisterFilter(), today)] == ["张三"]
        assert sorted(r.name for r in list_residents(pear, RegisterFilter(), today)) == [
            "李四",
            "王五",
        ]
        audited = {
            store.setting("village_name"): store.db.execute_sql(
                "SELECT DISTINCT actor FROM audit_entry WHERE entity = 'resident'"
            ).fetchall()
            for store in (peach, pear)
        }
        assert audited == {"桃园村": [("clerkA",)], "梨园村": [("clerkB",)]}
        # And a status change through the first store lands in the first file only
        zhang = list_residents(peach, RegisterFilter(), today)[0]
        set_status(peach, zhang.id, "deceased", dt.date(2026, 11, 2), "病故")
        counts = [
            s.db.execute_sql("SELECT count(*) FROM status_change").fetchone()[0]
            for s in (peach, pear)
        ]
        assert counts == [1, 0]
    finally:
        peach.close()
        pear.close()


def test_a_query_outside_any_store_is_refused_instead_of_reaching_some_other_data():
    with pytest.raises(NoStoreBound):
        Resident.select().count()


def test_every_core_function_that_takes_a_store_runs_on_that_store():
    # tools/bind_stores.py adds what is missing; here it must find nothing to add.
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import bind_stores
    finally:
        sys.path.pop(0)
    unbound = bind_stores.unbound(ROOT / "carepoint")
    names = [f"{path.name}:{node.name}" for path, nodes in unbound.items() for node in nodes]
    assert names == []


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("import datetime as dt\nprint(dt.date.today())\n", "TID251"),
        ("import datetime\nprint(datetime.datetime.now())\n", "TID251"),
        ("from datetime import datetime\nprint(datetime.utcnow())\n", "TID251"),
        ("import time\nprint(time.time())\n", "TID251"),
        ("from carepoint.models import database\nprint(database)\n", "TID251"),
    ],
)
def test_the_linter_refuses_reading_the_clock_or_the_models_database_outside_their_homes(
    tmp_path, source, rule
):
    module = ROOT / "carepoint" / "_lint_probe.py"
    module.write_text(source, encoding="utf-8")
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ruff"), "check", "--no-cache",
             "--output-format", "concise", str(module)],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
    finally:
        module.unlink()
    assert done.returncode == 1 and rule in done.stdout, done.stdout


def test_the_clock_module_may_read_the_clock_and_nothing_else_does():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "--select", "TID251",
         "--output-format", "concise", "carepoint", "ui", "tools"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


def test_the_register_date_of_existing_rows_is_the_local_date_they_were_written(tmp_path):
    # Given data saved before registered_on: a row written at 23:30 UTC on 30 November
    folder = tmp_path / "v"
    folder.mkdir()
    before = migrations.STEPS[: migrations.STEPS.index(migrations._v9_registered_on)]
    db = SqliteDatabase(str(folder / DB_FILE))
    migrations.upgrade(db, before)
    db.execute_sql(
        "INSERT INTO resident (uuid, created_at, updated_at, name, gender, id_number, birth_date)"
        " VALUES ('u1', '2026-11-30 23:30:00', '2026-11-30 23:30:00', '张三', 'male',"
        " '11010519491231002X', '1949-12-31')"
    )
    db.close()
    # When this version opens it
    store = open_store(folder)
    try:
        # Then the person joined the register on 1 December, Beijing's date at that moment
        day = store.db.execute_sql("SELECT registered_on FROM resident").fetchone()[0]
        assert day == "2026-12-01"
    finally:
        store.close()


def test_an_entry_made_at_half_past_eleven_utc_is_dated_the_next_morning_everywhere(tmp_path):
    # Given a care point in Beijing, and a clerk working at 07:30 on 1 December (23:30 UTC)
    folder = tmp_path / "v"
    late = {"CAREPOINT_NOW": LATE_EVENING_UTC}
    carepoint("init", "--village-code", "321183104201", "--village-name", "桃园村",
              data_dir=folder, env_extra=late)  # fmt: skip
    number = id_number(dt.date(1940, 1, 2), 1)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"姓名,身份证号码\n张三,{number}\n", encoding="utf-8")
    carepoint("residents", "import", str(roster), data_dir=folder, env_extra=late)
    # Then the command line says he joined the register on 1 December
    listed = json.loads(
        carepoint("--json", "residents", "list", data_dir=folder, env_extra=late).stdout
    )
    assert listed[0]["registered_on"] == "2026-12-01"
    # And so does his printed record card
    card = tmp_path / "card.pdf"
    carepoint("report", "card", "--id-number", number, "--out", str(card),
              data_dir=folder, env_extra=late)  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(card).pages)
    assert "2026年12月1日" in text


def test_the_history_shows_the_local_time_of_a_late_utc_change(qtbot, store, monkeypatch):
    from carepoint.i18n import format_date
    from carepoint.session import Session

    from ui.context import AppContext
    from ui.register.editor import ResidentEditor

    # Given a person registered at 23:30 UTC on 30 November
    monkeypatch.delenv("CAREPOINT_TODAY")
    monkeypatch.setenv("CAREPOINT_NOW", LATE_EVENING_UTC)
    person = create_resident(store, ResidentInput("张三", id_number(dt.date(1940, 1, 2), 1)))
    assert person.registered_on == dt.date(2026, 12, 1)
    # When a clerk opens the person's record
    editor = ResidentEditor(AppContext(store, Session("admin", "administrator")), person.id)
    qtbot.addWidget(editor)
    # Then the history says it happened at 07:30 on 1 December
    assert editor.history.item(0, 0).text() == f"{format_date(dt.date(2026, 12, 1))} 07:30"


@pytest.mark.parametrize(
    "written",
    [
        "110105491231002",  # the old 15-digit number of 11010519491231002X
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        " 110105 19491231 002X ",
    ],
)
def test_set_status_takes_any_form_of_the_id_number_an_import_takes(tmp_path, written):
    folder = tmp_path / "v"
    on = {"CAREPOINT_TODAY": "2026-11-23"}
    carepoint("init", "--village-code", "321183104201", "--village-name", "桃园村",
              data_dir=folder, env_extra=on)  # fmt: skip
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,身份证号码\n赵六,11010519491231002X\n", encoding="utf-8")
    carepoint("residents", "import", str(roster), data_dir=folder, env_extra=on)
    carepoint("residents", "set-status", written, "--status", "deceased", "--date", "2026-11-02",
              data_dir=folder, env_extra=on)  # fmt: skip
    listed = carepoint("--json", "residents", "list", data_dir=folder, env_extra=on).stdout
    listed = json.loads(listed)
    assert [(p["id_number"], p["status"]) for p in listed] == [
        ("11010519491231002X", "deceased")
    ]
