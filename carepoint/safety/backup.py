"""Backups with SQLite's online backup API: a consistent copy even while the app is writing,
checked (integrity_check and row counts against the original) before it gets its final name."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from carepoint import __version__, clock
from carepoint.db import DB_FILE, is_office_database
from carepoint.errors import CarePointError, IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.safety import catalog, guard
from carepoint.safety.catalog import BackupRecord
from carepoint.safety.facts import SHOWN_COUNTS, integrity_problems, table_counts
from carepoint.safety.files import publish, storage_error, temp_beside
from carepoint.session import Session

log = logging.getLogger(__name__)
PAGES_PER_STEP = 1024
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


class BackupCancelled(CarePointError):
    def __init__(self):
        super().__init__(_("The backup was cancelled; nothing was saved."))


def now_local() -> dt.datetime:
    return clock.local_now()


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


def _write_info(target: sqlite3.Connection, info: dict[str, str]) -> None:
    """The backup's own facts inside it: a restore reads them, never the file's name."""
    for key, (_label, sql) in SHOWN_COUNTS.items():
        with contextlib.suppress(sqlite3.OperationalError):
            info[f"count_{key}"] = str(target.execute(sql).fetchone()[0])
    with target:
        target.execute(guard.BACKUP_INFO_SQL)
        target.executemany(
            f"INSERT INTO {guard.BACKUP_INFO} (key, value) VALUES (?, ?)", sorted(info.items())
        )


def copy_database(
    source: sqlite3.Connection,
    target_path: Path,
    progress: Progress,
    cancelled: Cancelled,
    info: dict[str, str] | None = None,
) -> dict[str, int]:
    """Copy `source` (inside its read transaction) into the file `target_path`, a rollback-journal
    database nobody else has open, with `info` in its backup_info table; returns its verified
    row counts."""

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled and cancelled():
            raise BackupCancelled()
        if progress:
            progress(total - remaining, total)

    counts = table_counts(source)
    with contextlib.closing(guard.connect(target_path, isolation_level=None)) as target:
        source.backup(target, pages=PAGES_PER_STEP, progress=step)
        # The copy is a single file: no -wal beside it on a USB drive.
        target.execute("PRAGMA journal_mode = DELETE")
        copied = table_counts(target)
        if info is not None:
            _write_info(target, dict(info))
        problems = integrity_problems(target)
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
    actor: Session | None = None,
) -> BackupRecord:
    """Back up the data folder into `out_dir` (default: its backups/ folder) and record it.
    A manual backup (which can leave the PC) needs an `actor` whose role may back up; the
    automatic ones stay in backups/ beside the data."""
    if kind == "manual":
        require(actor, "backup")
    data_dir = Path(data_dir)
    if is_office_database(data_dir):  # an office on PostgreSQL: pg_dump (carepoint/office)
        from carepoint.office.backup import make_office_backup

        return make_office_backup(data_dir, out_dir, kind=kind, actor=actor, now=now)
    folder = Path(out_dir) if out_dir else data_dir / "backups"
    if not (data_dir / DB_FILE).is_file():
        raise UserInputError(_("No CarePoint data in {folder}.").format(folder=data_dir))
    if not folder.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder))
    when = now or now_local()
    source = guard.connect(data_dir / DB_FILE, isolation_level=None, check_same_thread=False)
    try:
        # One read transaction: the counts and the copy see the same moment of the data.
        source.execute("BEGIN")
        settings = dict(source.execute("SELECT key, value FROM setting"))
        version = source.execute("PRAGMA user_version").fetchone()[0]
        path = backup_path(folder, settings.get("village_code", ""), when, kind)
        from carepoint.exchange.keys import carried_keys

        carried = carried_keys(data_dir)  # only files encrypted under a passphrase
        info = {
            **({"keys": json.dumps(carried, sort_keys=True)} if carried else {}),
            "made_at": when.isoformat(timespec="seconds"),
            "made_at_utc": clock.utcnow().isoformat(timespec="seconds"),
            "kind": kind,
            "made_by": actor.username if actor else "",
            "program_version": __version__,
            "schema_version": str(version),
            **{k: settings.get(k, "") for k in ("village_code", "village_name", "role")},
        }
        temp = temp_beside(path)
        try:
            counts = copy_database(source, temp, progress, cancelled, info)
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
