import sqlite3

import pytest

from carepoint import migrations
from carepoint.db import DB_FILE, open_store
from carepoint.errors import IntegrityError, UserInputError


def test_a_new_data_folder_gets_its_subfolders_and_the_latest_schema(data_dir):
    store = open_store(data_dir, create=True)
    assert migrations.schema_version(store.db) == migrations.latest_version()
    for sub in ("backups", "exports", "keys", "logs"):
        assert (data_dir / sub).is_dir()
    store.close()


def test_the_database_survives_power_loss_settings(store):
    pragma = lambda name: store.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL


def test_opening_a_missing_folder_without_create_says_how_to_set_up(data_dir):
    with pytest.raises(UserInputError, match="carepoint init"):
        open_store(data_dir)
    assert not data_dir.exists()


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(data_dir):
    open_store(data_dir, create=True).close()
    path = data_dir / DB_FILE
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    before = path.read_bytes()
    with pytest.raises(IntegrityError, match="更新的版本"):
        open_store(data_dir)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(data_dir):
    data_dir.mkdir()
    (data_dir / DB_FILE).write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(IntegrityError):
        open_store(data_dir)


def test_a_failing_step_leaves_schema_and_version_as_they_were(data_dir):
    store = open_store(data_dir, create=True)
    version = migrations.schema_version(store.db)

    def adds_a_column_then_fails(db):
        db.execute_sql("ALTER TABLE resident ADD COLUMN nickname TEXT")
        raise RuntimeError("step failed half way")

    steps = [*migrations.STEPS, adds_a_column_then_fails]
    with pytest.raises(RuntimeError):
        migrations.upgrade(store.db, steps)
    assert migrations.schema_version(store.db) == version
    columns = [row[1] for row in store.db.execute_sql("PRAGMA table_info(resident)")]
    assert "nickname" not in columns
    store.close()


def test_a_new_step_runs_once_and_moves_the_version(data_dir):
    store = open_store(data_dir, create=True)
    version = migrations.schema_version(store.db)
    runs = []

    def adds_a_table(db):
        runs.append(1)
        db.execute_sql("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)")

    steps = [*migrations.STEPS, adds_a_table]
    assert migrations.upgrade(store.db, steps) == [version + 1]
    assert migrations.upgrade(store.db, steps) == []
    assert runs == [1]
    assert migrations.schema_version(store.db) == version + 1
    store.close()


def test_the_node_keeps_its_id_and_counts_changes(data_dir):
    store = open_store(data_dir, create=True)
    node = store.setting("node_id")
    first = store.next_change_seq()
    assert store.next_change_seq(10) == first + 1
    assert store.next_change_seq() == first + 11
    store.close()
    reopened = open_store(data_dir)
    assert reopened.setting("node_id") == node
    reopened.close()
