"""Backups with SQLite's online backup API: a consistent copy even while the app is writing,
checked (integrity_check and row counts against the original) before it gets its final name."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from carepoint.db import DB_FILE
from carepoint.errors import CarePointError, IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.safety import catalog
from carepoint.safety.catalog import BackupRecord
from carepoint.safety.facts import integrity_problems, table_counts
from carepoint.safety.files import publish, storage_error, temp_beside

log = logging.getLogger(__name__)
PAGES_PER_STEP = 1024
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


class BackupCancelled(CarePointError):
    def __init__(self):
        super().__init__(_("The backup was cancelled; nothing was saved."))


def now_local() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def backup_path(folder: Path, code: str, when: dt.datetime, kind: str) -> Path:
    stem = f"carepoint-{code or 'data'}-{when:%Y%m%d-%H%M%S}"
    if kind == "safety":
        stem += "-before-restore"
    path, number = folder / f"{stem}.sqlite3", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.sqlite3"
    return path


def _unreadable(error: sqlite3.Error) -> IntegrityError:
    return IntegrityError(
        _(
            "The data could not be read for the backup ({reason}); run 'carepoint check' and "
            "restore the last good backup."
        ).format(reason=error)
    )


def copy_database(
    source: sqlite3.Connection, target_path: Path, progress: Progress, cancelled: Cancelled
) -> dict[str, int]:
    """Copy `source` (inside its read transaction) into the file `target_path`, a rollback-journal
    database nobody else has open; returns its verified row counts."""

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled and cancelled():
            raise BackupCancelled()
        if progress:
            progress(total - remaining, total)

    counts = table_counts(source)
    with contextlib.closing(sqlite3.connect(target_path, isolation_level=None)) as target:
        source.backup(target, pages=PAGES_PER_STEP, progress=step)
        # The copy is a single file: no -wal beside it on a USB drive.
        target.execute("PRAGMA journal_mode = DELETE")
        problems = integrity_problems(target)
        copied = table_counts(target)
    if problems or copied != counts:
        differ = sorted(k for k in counts.keys() | copied.keys() if counts.get(k) != copied.get(k))
        raise IntegrityError(
            _("The backup did not pass its check ({reason}); it was not kept.").format(
                reason="; ".join(problems) or ", ".join(differ)
            )
        )
    return counts


def make_backup(
    data_dir: Path,
    out_dir: Path | None = None,
    *,
    kind: str = "manual",
    progress: Progress = None,
    cancelled: Cancelled = None,
    now: dt.datetime | None = None,
) -> BackupRecord:
    """Back up the data folder into `out_dir` (default: its backups/ folder) and record it."""
    data_dir = Path(data_dir)
    folder = Path(out_dir) if out_dir else data_dir / "backups"
    if not (data_dir / DB_FILE).is_file():
        raise UserInputError(_("No CarePoint data in {folder}.").format(folder=data_dir))
    if not folder.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder))
    when = now or now_local()
    source = sqlite3.connect(data_dir / DB_FILE, isolation_level=None, check_same_thread=False)
    try:
        # One read transaction: the counts and the copy see the same moment of the data.
        source.execute("BEGIN")
        settings = dict(source.execute("SELECT key, value FROM setting"))
        version = source.execute("PRAGMA user_version").fetchone()[0]
        path = backup_path(folder, settings.get("village_code", ""), when, kind)
        temp = temp_beside(path)
        try:
            counts = copy_database(source, temp, progress, cancelled)
            publish(temp, path)
        except sqlite3.Error as error:
            if error.sqlite_errorcode in (SQLITE_CORRUPT, SQLITE_NOTADB):
                raise _unreadable(error) from None
            raise storage_error(path, error) from None
        except OSError as error:
            raise storage_error(path, error) from None
        finally:
            temp.unlink(missing_ok=True)
            Path(f"{temp}-journal").unlink(missing_ok=True)
    except sqlite3.DatabaseError as error:
        raise _unreadable(error) from None
    finally:
        source.close()
    record = BackupRecord(
        file=str(path.resolve()),
        made_at=when.isoformat(),
        kind=kind,
        size=path.stat().st_size,
        schema_version=version,
        village_code=settings.get("village_code", ""),
        counts=counts,
    )
    catalog.add(data_dir, record)
    log.info("%s backup written: %.1f MB, schema %s", kind, record.size / 1e6, version)
    return record
