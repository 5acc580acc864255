"""Restore a backup: first a staged, checked copy and what it holds; only after confirmation the
current data is kept as a safety copy and the staged copy takes its place with one rename."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import audit, migrations
from carepoint.db import DB_FILE
from carepoint.errors import IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.models import utcnow
from carepoint.permissions import require
from carepoint.safety import guard
from carepoint.safety.backup import backup_path, make_backup, now_local
from carepoint.safety.facts import (
    DatabaseFacts,
    connect_read_only,
    integrity_problems,
    read_facts,
)
from carepoint.safety.files import (
    REPLACING_DATA,
    fsync_file,
    fsync_folder,
    storage_error,
    temp_beside,
)
from carepoint.safety.guard import GuardedSqliteDatabase, schema_problems
from carepoint.session import Session

log = logging.getLogger(__name__)


@dataclass
class RestorePlan:
    backup: DatabaseFacts
    current: DatabaseFacts | None
    staged: Path
    keys: dict[str, str] = field(default_factory=dict)  # key files the backup carries
    # The village's keys are missing here and come back from the backup with its passphrase.
    needs_key_passphrase: bool = False

    @property
    def village_differs(self) -> bool:
        return bool(
            self.current
            and self.current.village_code
            and self.backup.village_code != self.current.village_code
        )

    @property
    def needs_upgrade(self) -> bool:
        return self.backup.schema_version < migrations.latest_version()

    def warnings(self) -> list[str]:
        found = []
        if self.village_differs:
            found.append(
                _(
                    "This backup is of {backup_name} ({backup_code}), not of {name} ({code}) "
                    "whose data is here now."
                ).format(
                    backup_name=self.backup.village_name,
                    backup_code=self.backup.village_code,
                    name=self.current.village_name,
                    code=self.current.village_code,
                )
            )
        if self.current and self.current.made_at > self.backup.made_at:
            found.append(
                _("Everything recorded after {date} will be replaced by the backup.").format(
                    date=self.backup.made_at.isoformat(sep=" ", timespec="minutes")
                )
            )
        return found

    def discard(self) -> None:
        for path in (self.staged, Path(f"{self.staged}-journal")):
            path.unlink(missing_ok=True)


@dataclass
class RestoreResult:
    facts: DatabaseFacts
    safety_copy: Path | None
    upgraded_from: int


def _damaged(path: Path, reason: object) -> IntegrityError:
    return IntegrityError(
        _("{file} is damaged and cannot be restored ({reason}); nothing was changed.").format(
            file=path.name, reason=reason
        )
    )


def _foreign(path: Path, problems: list[str]) -> IntegrityError:
    return IntegrityError(
        _(
            "{file} holds things CarePoint does not write ({reason}); it could run changes of its "
            "own on the data, so it is not restored. Nothing was changed."
        ).format(file=path.name, reason="; ".join(problems[:3]))
    )


def _carried_keys(connection: sqlite3.Connection) -> dict[str, str]:
    from carepoint.safety.facts import backup_info

    try:
        found = json.loads(backup_info(connection).get("keys", "{}"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, str) and "/" not in str(k)}


def _current_facts(data_dir: Path) -> DatabaseFacts | None:
    path = data_dir / DB_FILE
    if not path.is_file():
        return None
    try:
        with contextlib.closing(connect_read_only(path)) as connection:
            facts = read_facts(path, connection)
    except (IntegrityError, sqlite3.Error):
        return None  # damaged: it is kept as it is, beside the backups
    facts.made_at = now_local()
    return facts


def prepare_restore(data_dir: Path, backup_file: Path) -> RestorePlan:
    """Copy the backup beside the data, check it and read what it holds. Changes nothing yet."""
    data_dir, backup_file = Path(data_dir), Path(backup_file)
    if not backup_file.is_file():
        raise UserInputError(_("There is no file {file}.").format(file=backup_file))
    data_dir.mkdir(parents=True, exist_ok=True)
    staged = temp_beside(data_dir / DB_FILE)
    try:
        shutil.copyfile(backup_file, staged)
    except OSError as error:
        staged.unlink(missing_ok=True)
        raise storage_error(data_dir / DB_FILE, error) from None
    plan = None
    try:
        with contextlib.closing(guard.connect(staged, isolation_level=None)) as connection:
            try:
                problems = integrity_problems(connection)
                foreign = [] if problems else schema_problems(connection, backup=True)
            except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
                raise _damaged(backup_file, error) from None
            if problems:
                raise _damaged(backup_file, "; ".join(problems[:3]))
            if foreign:
                raise _foreign(backup_file, foreign)
            facts = read_facts(backup_file, connection)
            carried = _carried_keys(connection)
        if facts.schema_version > migrations.latest_version():
            raise IntegrityError(
                _(
                    "This backup was made by a newer version of CarePoint (data version {found}; "
                    "this program understands up to {known}); nothing was changed."
                ).format(found=facts.schema_version, known=migrations.latest_version())
            )
        if facts.schema_version < 1 or not (facts.village_code or facts.role):
            raise IntegrityError(
                _("{file} is not a CarePoint backup; nothing was changed.").format(
                    file=backup_file.name
                )
            )
        from carepoint.exchange.keys import RECOVERY, VILLAGE

        missing = not all((data_dir / "keys" / name).is_file() for name in VILLAGE)
        plan = RestorePlan(
            facts, _current_facts(data_dir), staged, carried, RECOVERY in carried and missing
        )
    finally:
        if plan is None:
            staged.unlink(missing_ok=True)
            Path(f"{staged}-journal").unlink(missing_ok=True)
    return plan


def _finish_staged(plan: RestorePlan, actor: str) -> int:
    """Bring the staged copy to this version's schema and note the restore in its audit log."""
    db = GuardedSqliteDatabase(
        str(plan.staged), pragmas={"foreign_keys": 1, "journal_mode": "delete"}
    )
    try:
        db.execute_sql(f"DROP TABLE IF EXISTS {guard.BACKUP_INFO}")
        found = migrations.schema_version(db)
        migrations.upgrade(db)
        with db.writing():
            audit.write_entries(
                db,
                [(utcnow().isoformat(sep=" "), actor, "restore", "database", "", "file", None,
                  plan.backup.path.name)],
            )  # fmt: skip
        problems = integrity_problems(db.connection(), quick=True)
    except sqlite3.DatabaseError as error:
        raise _damaged(plan.backup.path, error) from None
    finally:
        db.close()
    if problems:
        raise _damaged(plan.backup.path, "; ".join(problems[:3]))
    fsync_file(plan.staged)
    return found


def _keep_current(data_dir: Path) -> Path | None:
    """The current data as a safety copy in backups/; a damaged one is copied byte for byte."""
    if not (data_dir / DB_FILE).is_file():
        return None
    (data_dir / "backups").mkdir(exist_ok=True)
    try:
        return Path(make_backup(data_dir, kind="safety").file)
    except IntegrityError:
        target = backup_path(data_dir / "backups", "damaged", now_local(), "safety")
        for suffix in ("", "-wal"):
            source = Path(f"{data_dir / DB_FILE}{suffix}")
            if source.is_file():
                shutil.copyfile(source, f"{target}{suffix}")
        return target


def _release_current(path: Path) -> None:
    """Fold the write-ahead log into the file and remove it, so no old log meets the new file."""
    if not path.is_file():
        return
    with contextlib.closing(guard.connect(path, isolation_level=None)) as connection:
        with contextlib.suppress(sqlite3.DatabaseError):
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise UserInputError(
                    _("The data is open in another CarePoint window; close it and try again.")
                )
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def apply_restore(
    plan: RestorePlan,
    data_dir: Path,
    *,
    actor: Session | None,
    key_passphrase: Callable[[], str] | None = None,
) -> RestoreResult:
    """Replace the data with the staged backup. Nothing else may have the data open. Only an
    account whose role may restore (an administrator) can do it. Key files the backup carries
    and this PC lacks are put back; the village's own keys are opened from its recovery file
    with `key_passphrase` first, so a wrong passphrase changes nothing."""
    from carepoint.exchange.keys import keys_to_restore, write_restored_keys

    require(actor, "restore")
    data_dir = Path(data_dir)
    key_files = keys_to_restore(data_dir, plan.keys, key_passphrase)
    target = data_dir / DB_FILE
    with REPLACING_DATA:  # waits for an automatic backup under way to finish
        try:
            found = _finish_staged(plan, actor.username or "unknown")
            safety = _keep_current(data_dir)
            _release_current(target)
            os.replace(plan.staged, target)
        except OSError as error:
            raise storage_error(target, error) from None
        finally:
            plan.discard()
    fsync_folder(data_dir)
    if key_files:
        write_restored_keys(data_dir, key_files)
        log.info("restored %d key files from the backup", len(key_files))
    log.info("restored a backup of schema %s made %s", found, plan.backup.made_at)
    return RestoreResult(plan.backup, safety, found)


def restore_backup(
    data_dir: Path,
    backup_file: Path,
    *,
    actor: Session | None,
    key_passphrase: Callable[[], str] | None = None,
) -> RestoreResult:
    plan = prepare_restore(data_dir, backup_file)
    return apply_restore(plan, data_dir, actor=actor, key_passphrase=key_passphrase)


def made_at_text(facts: DatabaseFacts) -> str:
    return facts.made_at.isoformat(sep=" ", timespec="minutes")


__all__ = ["RestorePlan", "RestoreResult", "prepare_restore", "apply_restore", "restore_backup"]
