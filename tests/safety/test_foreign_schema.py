"""A backup is a SQLite file, and a SQLite file can carry code: triggers that run inside our own
transactions. Restore and `check` accept only the schema CarePoint writes (exit 3 otherwise), and
every connection runs with trusted_schema=OFF."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading

import pytest
from safety.safety_helpers import count, query

from carepoint.db import DB_FILE, open_store
from carepoint.permissions import local_administrator
from carepoint.safety.backup import make_backup
from carepoint.safety.startup import find_damage

# The two triggers of the report: one multiplies every new subsidy line by 100, the other wipes
# the audit entry that the restore itself writes.
MULTIPLY = (
    "CREATE TRIGGER lines_times_100 AFTER INSERT ON subsidy_line BEGIN"
    " UPDATE subsidy_line SET amount_fen = amount_fen * 100 WHERE id = NEW.id; END"
)
HIDE_RESTORE = (
    "CREATE TRIGGER hide_restore AFTER INSERT ON audit_entry WHEN NEW.action = 'restore' BEGIN"
    " DELETE FROM audit_entry WHERE id = NEW.id; END"
)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def hostile_backup(village_dir):
    record = make_backup(village_dir, actor=local_administrator("tester"))
    with contextlib.closing(sqlite3.connect(record.file)) as connection:
        connection.execute(MULTIPLY)
        connection.execute(HIDE_RESTORE)
        connection.commit()
    return record.file


def test_a_backup_carrying_triggers_is_refused_with_exit_3_and_nothing_changes(
    village_dir, hostile_backup, cli
):
    before = digest(village_dir / DB_FILE)
    restores = count(village_dir, "audit_entry")

    code, out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", hostile_backup,
                         "--yes")

    assert code == 3
    assert "trigger hide_restore" in err and "trigger lines_times_100" in err
    assert "nothing was changed" in err.lower()
    assert digest(village_dir / DB_FILE) == before
    assert count(village_dir, "audit_entry") == restores
    assert query(village_dir, "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                 " AND name IN ('hide_restore', 'lines_times_100')") == []
    assert not [p for p in village_dir.iterdir() if p.name.endswith(".part")]


def test_a_view_or_an_extra_index_in_a_backup_is_refused_too(village_dir, cli):
    record = make_backup(village_dir, actor=local_administrator("tester"))
    with contextlib.closing(sqlite3.connect(record.file)) as connection:
        connection.execute("CREATE VIEW everyone AS SELECT id_number, phone FROM resident")
        connection.execute("CREATE INDEX sneaky ON resident (phone)")
        connection.commit()

    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", record.file,
                          "--yes")

    assert code == 3
    assert "view everyone" in err and "index sneaky" in err


def test_a_changed_table_definition_in_a_backup_is_refused(village_dir, cli):
    record = make_backup(village_dir, actor=local_administrator("tester"))
    with contextlib.closing(sqlite3.connect(record.file)) as connection:
        connection.execute("ALTER TABLE resident ADD COLUMN payload TEXT")
        connection.commit()

    code, _out, err = cli("--data-dir", village_dir, "--lang", "en", "restore", record.file,
                          "--yes")

    assert code == 3
    assert "table resident was changed" in err


def test_check_finds_a_trigger_put_into_the_data_and_exits_3(village_dir, cli):
    with contextlib.closing(sqlite3.connect(village_dir / DB_FILE)) as connection:
        connection.execute(MULTIPLY)
        connection.commit()

    code, out, err = cli("--data-dir", village_dir, "--lang", "en", "--json", "check")

    assert code == 3
    report = json.loads(out)
    assert report["ok"] is False
    assert any("lines_times_100" in problem for problem in report["schema"])
    assert any("lines_times_100" in problem for problem in find_damage(village_dir))


def test_check_of_untouched_data_finds_no_foreign_schema(village_dir, cli):
    code, out, _err = cli("--data-dir", village_dir, "--json", "check")

    assert code == 0
    assert json.loads(out)["schema"] == []


def test_every_connection_of_the_store_runs_with_trusted_schema_off(village_dir):
    store = open_store(village_dir, actor="tester")
    found = {}
    try:
        found["main"] = store.db.execute_sql("PRAGMA trusted_schema").fetchone()[0]

        def in_a_worker():
            found["worker"] = store.db.execute_sql("PRAGMA trusted_schema").fetchone()[0]
            store.db.close()

        worker = threading.Thread(target=in_a_worker)
        worker.start()
        worker.join()
    finally:
        store.close()
    assert found == {"main": 0, "worker": 0}


def test_the_data_file_is_created_readable_by_its_owner_only(tmp_path):
    store = open_store(tmp_path / "new", create=True, actor="tester")
    store.close()

    assert (tmp_path / "new" / DB_FILE).stat().st_mode & 0o777 == 0o600
