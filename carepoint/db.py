"""Open a data directory: where it lives, the SQLite settings, schema upgrades, the node counter."""

from __future__ import annotations

import getpass
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from carepoint import migrations
from carepoint.binding import bound
from carepoint.errors import IntegrityError, UserInputError
from carepoint.groups import group_order_text
from carepoint.i18n import _
from carepoint.models import ALL_MODELS
from carepoint.portable import portable_data_dir
from carepoint.safety.files import remove_leftovers
from carepoint.safety.guard import GuardedSqliteDatabase
from carepoint.safety.logs import start_logging

DB_FILE = "carepoint.sqlite3"
OFFICE_CONFIG = "database.json"  # carepoint/office/config.py: the folder's PostgreSQL database
SUBFOLDERS = ("backups", "exports", "keys", "logs")
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL syncs the WAL on every commit: a committed change survives a power cut.
    "synchronous": "full",
    # A write waits for a worker's write (the visit schedule, a backup's bookkeeping) rather than
    # failing: on an old PC under load a synced commit alone has taken over 5 s.
    "busy_timeout": 20000,
    "cache_size": -32000,
}
READ_ONLY = {"foreign_keys": 0, "busy_timeout": 20000}
log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    env = os.environ.get("CAREPOINT_DATA_DIR")
    if env:
        return Path(env)
    if (portable := portable_data_dir()) is not None:
        return portable
    from platformdirs import user_data_dir

    return Path(user_data_dir("CarePoint", appauthor=False))


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Store:
    """An open data directory. Pass it to the services; close it when done."""

    data_dir: Path
    db: SqliteDatabase
    actor: str
    # Damaged data is opened as a private copy to look at and print: the file itself is never
    # written, and whatever the app writes (caches, edits) goes with the copy when it closes.
    read_only: bool = False

    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        if self.read_only:
            return  # preferences (window size, language) are not kept while read-only
        self.db.execute_sql(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, str(value))
        )

    def set_settings(self, values: dict[str, str]) -> None:
        """Several settings at once, all or none."""
        with self.db.writing():
            for key, value in values.items():
                self.set_setting(key, value)

    def bound(self):
        """A block whose model queries run on this store's database (carepoint.binding)."""
        return bound(self.db)

    @property
    def is_initialised(self) -> bool:
        return bool(self.setting("village_code") or self.setting("role") == "township")

    def next_change_seq(self, count: int = 1) -> int:
        """Reserve `count` values of this node's change counter; return the first."""
        current = int(self.setting("change_counter", "0"))
        self.set_setting("change_counter", str(current + count))
        return current + 1

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.read_only and isinstance(self.db, SqliteDatabase):
            shutil.rmtree(Path(self.db.database).parent, ignore_errors=True)


def _viewing_copy(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="carepoint-damaged-"))
    for suffix in ("", "-wal"):
        if Path(f"{path}{suffix}").is_file():
            shutil.copyfile(f"{path}{suffix}", folder / f"{DB_FILE}{suffix}")
    return folder / DB_FILE


def _create_private(path: Path) -> None:
    """The data file is the user's alone (0600; SQLite gives its -wal and -shm the same mode)."""
    from carepoint.safety.files import make_private

    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        make_private(path)
        if os.name == "nt":  # what SQLite makes beside it (-wal, -shm) inherits the folder's ACL
            make_private(path.parent, folder=True)
    except FileExistsError:
        pass
    except OSError as error:
        raise UserInputError(
            _("Cannot create the data folder {folder}: {reason}").format(
                folder=path.parent, reason=error.strerror or error
            )
        ) from None


def _tighten_existing(data_dir: Path) -> None:
    """A folder made before data files were private (0644, keys readable by all) becomes the
    user's alone when next opened. POSIX only: on Windows the ACL is set when a file is made."""
    if os.name == "nt":
        return
    private = [(data_dir / f"{DB_FILE}{suffix}", 0o600) for suffix in ("", "-wal", "-shm")]
    keys = data_dir / "keys"
    if keys.is_dir():
        private += [(keys, 0o700)] + [(key, 0o600) for key in keys.iterdir() if key.is_file()]
    for item, mode in private:
        try:
            if item.stat().st_mode & 0o077:
                os.chmod(item, mode)
        except OSError:
            pass  # not ours to change (another user's copy, a read-only medium): left as it is


def data_dir_exists(data_dir: Path) -> bool:
    return (data_dir / DB_FILE).is_file() or (Path(data_dir) / OFFICE_CONFIG).is_file()


def is_office_database(data_dir: Path) -> bool:
    """The folder's data is on a PostgreSQL server (carepoint/office), not in its SQLite file."""
    return (Path(data_dir) / OFFICE_CONFIG).is_file()


def open_store(
    data_dir: Path, *, create: bool = False, actor: str | None = None, read_only: bool = False
) -> Store:
    """Open (or with `create`, make) the data directory and bring its schema up to date.
    With `read_only` the file is opened as it is: no schema steps, nothing written."""
    data_dir = Path(data_dir)
    path = data_dir / DB_FILE
    if is_office_database(data_dir):
        from carepoint.office import config
        from carepoint.office.store import open_office_store

        start_logging(data_dir)
        return open_office_store(
            data_dir, config.read(data_dir), actor=actor or default_actor(), read_only=read_only
        )
    if not path.is_file():
        if not create:
            raise UserInputError(
                _(
                    "No CarePoint data in {folder}. Set up the care point first with "
                    "'carepoint init' or 'carepoint demo'."
                ).format(folder=data_dir)
            )
        try:
            for sub in ("", *SUBFOLDERS):
                (data_dir / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserInputError(
                _("Cannot create the data folder {folder}: {reason}").format(
                    folder=data_dir, reason=error.strerror or error
                )
            ) from None
    if not path.is_file():
        _create_private(path)
    elif not read_only:
        _tighten_existing(data_dir)
    # Every connection runs with trusted_schema=OFF (safety/guard.py): the file's schema is code.
    if read_only:
        db = GuardedSqliteDatabase(str(_viewing_copy(path)), pragmas=READ_ONLY)
    else:
        db = GuardedSqliteDatabase(str(path), pragmas=PRAGMAS)
    # Lists sort villager groups by their number (一组 < 二组 < … < 十一组), in SQL.
    db.register_function(group_order_text, "group_order", 1, deterministic=True)
    try:
        db.connect()
        found = migrations.schema_version(db)
    except (DatabaseError, sqlite3.DatabaseError) as error:
        db.close()
        raise IntegrityError(
            _("{file} is not a readable CarePoint database ({reason})").format(
                file=path, reason=error
            )
        ) from None
    known = migrations.latest_version()
    if found > known:
        db.close()
        raise IntegrityError(
            _(
                "This data was saved by a newer version of CarePoint (data version {found}; this "
                "program understands up to {known}). Install the newer version to open it."
            ).format(found=found, known=known)
        )
    start_logging(data_dir)
    log.info("data opened%s, schema %s", " read-only" if read_only else "", found)
    if not read_only:
        for part in remove_leftovers(data_dir):
            log.info("removed %s, left by a backup or restore that was stopped", part.name)
    if read_only:
        return Store(data_dir, db, actor or default_actor(), read_only=True)
    migrations.upgrade(db)
    store = Store(data_dir, db, actor or default_actor())
    if not store.setting("node_id"):
        with db.writing():
            store.set_setting("node_id", str(uuid.uuid4()))
    return store


__all__ = ["ALL_MODELS", "Store", "open_store", "default_data_dir", "data_dir_exists"]
