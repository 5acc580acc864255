"""The mark every desk compares to catch another desk's change (audit.last_change) moves for an
entry committed after a newer one was already seen: on PostgreSQL a longer save can take its
audit number first and commit last."""

from __future__ import annotations

from types import SimpleNamespace

from carepoint.audit import ENTRY_COLUMNS, last_change
from carepoint.office.postgres import open_postgres

ENTRY = (
    f"INSERT INTO audit_entry ({ENTRY_COLUMNS}) VALUES"
    " ('2026-11-23 09:00:00', %s, 'update', 'resident', 'r-1', 'name', '甲', '乙', %s)"
)


def test_a_save_committed_after_a_newer_one_was_seen_still_moves_the_mark(pg_database, pg_server):
    name = pg_database.rsplit("/", 1)[1]
    db = open_postgres(pg_database)
    desk = SimpleNamespace(db=db)
    try:
        with pg_server.connect(name) as slow, pg_server.connect(name) as quick:
            slow.execute("BEGIN")
            slow.execute(ENTRY, ["王芳", "slow"])  # takes its number first …
            quick.execute(ENTRY, ["李明", "quick"])  # … this one commits first, numbered after
            seen = last_change(desk)
            assert last_change(desk) == seen  # nothing new: the mark holds still
            slow.execute("COMMIT")
            numbers = [n for (n,) in quick.execute("SELECT id FROM audit_entry ORDER BY at, id")]
        assert last_change(desk) != seen
        assert max(numbers) == int(seen[0].split(":")[0])  # the newest number had not moved
    finally:
        db.close()


def test_on_sqlite_the_mark_moves_with_each_change(store):
    seen = last_change(store)
    store.db.execute_sql(
        f"INSERT INTO audit_entry ({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ["2026-11-23 09:00:00", "admin", "update", "resident", "r-1", "name", "甲", "乙", "x"],
    )
    assert last_change(store) != seen
