"""The data file's disk fills up during a command: exit 2 with the full-disk message in the
user's language, never a crash report, and the data as it was."""

from __future__ import annotations

import sqlite3

from safety.safety_helpers import count

from carepoint import db
from carepoint.db import DB_FILE


def pages(folder) -> int:
    connection = sqlite3.connect(folder / DB_FILE)
    try:
        return connection.execute("PRAGMA page_count").fetchone()[0]
    finally:
        connection.close()


def test_a_database_write_on_a_full_disk_exits_2_in_the_users_language(
    cli, monkeypatch, tmp_path
):
    village_dir = tmp_path / "new"
    code, _out, err = cli("--data-dir", village_dir, "init", "--village-code", "321183104201",
                          "--village-name", "桃园村")
    assert code == 0, err
    residents = count(village_dir, "resident")
    # SQLite answers SQLITE_FULL ("database or disk is full") as soon as the file must grow
    monkeypatch.setitem(db.PRAGMAS, "max_page_count", pages(village_dir))

    code, _out, err = cli("--data-dir", village_dir, "demo", "--residents", "300", "--months", "2")

    assert code == 2, err
    assert "磁盘" in err and "crash" not in err.lower() and "carepoint-error.log" not in err
    assert count(village_dir, "resident") == residents
