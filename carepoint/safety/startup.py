"""The checks around a session: quick_check and foreign keys (run off the window's path by the
app), a message when the data is damaged that says where the last good backup is, and whether
the data is still exactly what the last good backup holds (so nothing needs backing up).

"Unchanged" is a fingerprint of the closed data file (size and modification time, and that no
-wal is beside it) written when a session ends with every change in a verified backup. Any
writer after that — a later session, the command line, a session that was killed (it leaves its
-wal behind) — changes the file or leaves a -wal, so the next start backs up again. A wrong
"changed" only costs a backup; nothing can make a changed file look unchanged short of restoring
its size and modification time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from carepoint.db import DB_FILE, Store
from carepoint.errors import CarePointError
from carepoint.i18n import _
from carepoint.safety import catalog, facts
from carepoint.safety.facts import check_database
from carepoint.safety.files import write_atomic

log = logging.getLogger(__name__)
CLEAN_FILE = "clean-close.json"  # in backups/, beside the catalog


def find_damage(data_dir: Path, cancelled: Callable[[], bool] | None = None) -> list[str]:
    """Problems found by the quick check (a newer schema is open_store's to refuse). It reads the
    whole file; with `cancelled` it stops within moments of being asked and finds nothing."""
    path = Path(data_dir) / DB_FILE
    if not path.is_file():
        return []
    if cancelled is None:
        report = check_database(path, quick=True)
        problems = report.integrity + report.schema + report.foreign_keys
    else:
        problems = _interruptible_check(path, cancelled)
    if problems:
        log.warning("start-up check found %d problems", len(problems))
    return problems


def _interruptible_check(path: Path, cancelled: Callable[[], bool]) -> list[str]:
    """check_database(quick=True)'s checks, in its order, on a connection that gives up when
    `cancelled` (the app is closing while the check still reads the file)."""
    try:
        with contextlib.closing(facts.connect_read_only(path)) as connection:
            connection.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
            problems = facts.integrity_problems(connection, quick=True)
            if not problems:
                problems = facts.schema_problems(connection)
            if not problems:
                problems = facts.foreign_key_problems(connection)
            return problems
    except sqlite3.DatabaseError as error:
        return [] if cancelled() else [str(error)]


def damage_message(data_dir: Path, problems: list[str], *, opened: bool = True) -> str:
    """What is wrong and what to do: where the last good backup is. Data too damaged to be
    `opened` at all can only be restored with the command (Settings cannot be reached)."""
    if opened:
        text = _(
            "The data in {folder} is damaged ({problem}). It is opened read-only: you can look "
            "and print, but changes are not kept."
        )
    else:
        text = _("The data in {folder} is damaged ({problem}) and cannot be opened.")
    text = text.format(folder=data_dir, problem=problems[0])
    last = catalog.last_good(data_dir)
    if not opened:
        return text + " " + _(
            "Restore a good backup with the command: carepoint --data-dir \"{folder}\" restore "
            "\"{file}\""
        ).format(folder=data_dir, file=last.file if last else _("backup file"))
    if last is None:
        return text + " " + _(
            "No backup of it was found here; if you have one on a USB drive, restore it in "
            "Settings → Backup."
        )
    return text + " " + _(
        "The last good backup is {file} of {time}: restore it in Settings → Backup, or with "
        "'carepoint restore'."
    ).format(file=last.file, time=last.made_at.replace("T", " "))


def _file_state(data_dir: Path) -> dict | None:
    path = Path(data_dir) / DB_FILE
    try:
        found = path.stat()
    except OSError:
        return None
    wal = Path(f"{path}-wal")
    return {"size": found.st_size, "mtime_ns": found.st_mtime_ns, "wal": wal.exists()}


def remember_clean_close(data_dir: Path) -> None:
    """After the session's last connection is closed: the data as it is now is in the last good
    backup. Call only when no change was committed after that backup began."""
    last = catalog.last_good(data_dir)
    state = _file_state(data_dir)
    if last is None or state is None or state["wal"]:
        return
    text = json.dumps({**state, "backup": last.file})
    with contextlib.suppress(OSError, CarePointError):
        write_atomic(Path(data_dir) / "backups" / CLEAN_FILE, text.encode("utf-8"))


def unchanged_since_backup(data_dir: Path) -> bool:
    """True when the data is what the last good backup holds (see the module's note); read
    before the data is opened. The fingerprint is used up: a session that is killed leaves no
    claim behind."""
    marker = Path(data_dir) / "backups" / CLEAN_FILE
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    with contextlib.suppress(OSError):
        os.unlink(marker)
    last = catalog.last_good(data_dir)
    state = _file_state(data_dir)
    if last is None or state is None or not isinstance(recorded, dict):
        return False
    return recorded == {**state, "backup": last.file}


class DamagedBeyondViewing(CarePointError):
    """Damaged data that cannot even be opened read-only to look at."""

    def __init__(self, data_dir: Path, problems: list[str]):
        super().__init__(damage_message(data_dir, problems, opened=False))
        self.problems = problems


def open_or_find_damage(data_dir: Path) -> tuple[Store | None, list[str]]:
    """The data folder opened as usual, without reading the whole file (None when there is none
    yet). Only data that cannot be opened is checked here and now: it comes back opened
    read-only, with what is wrong, or DamagedBeyondViewing."""
    from peewee import DatabaseError

    from carepoint.db import data_dir_exists, open_store

    if not data_dir_exists(data_dir):
        return None, []
    try:
        return open_store(data_dir), []
    except (CarePointError, DatabaseError, sqlite3.DatabaseError):
        damage = find_damage(data_dir)
        if not damage:
            raise
    return open_damaged(data_dir, damage), damage


def open_damaged(data_dir: Path, damage: list[str]) -> Store:
    """Damaged data opened read-only to look at and print, if what signing in and every page
    read first can be read; otherwise DamagedBeyondViewing."""
    from peewee import DatabaseError

    from carepoint.db import open_store

    store = None
    try:
        store = open_store(data_dir, read_only=True)
        store.setting("language")
        store.db.execute_sql("SELECT count(*) FROM user").fetchone()
    except (CarePointError, DatabaseError, sqlite3.DatabaseError):
        if store is not None:
            store.close()
        raise DamagedBeyondViewing(data_dir, damage) from None
    return store
