"""Opening a data folder whose database is on a PostgreSQL server."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from carepoint import migrations
from carepoint.errors import IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.office import config as office_config
from carepoint.office.postgres import describe, open_postgres, prepare
from carepoint.office.rls import owns_tables

log = logging.getLogger(__name__)


def owner(db) -> tuple[str, str]:
    """(office code, role) the database was set up for; ("", "") for an empty database."""
    exists = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'setting'"
    ).fetchone()
    if not exists:
        return "", ""
    found = dict(
        db.execute_sql("SELECT key, value FROM setting WHERE key IN ('village_code', 'role')")
    )
    return found.get("village_code", ""), found.get("role", "")


def check_owner(db, config: office_config.OfficeConfig) -> None:
    code, role = owner(db)
    if code and (code, role or "village") != (config.office_code, config.role):
        _user, where, name = describe(config.url)
        raise IntegrityError(
            _(
                "The database {name} on {where} holds the data of another office ({code}, "
                "{role}), not of {expected} that this folder was set up for; nothing was changed"
            ).format(name=name, where=where, code=code, role=role, expected=config.office_code)
        )


def open_office_store(data_dir: Path, config, *, actor: str, read_only: bool = False):
    from carepoint.db import Store

    db = open_postgres(config.url)
    try:
        if not read_only:
            prepare(db)
        found = migrations.schema_version(db)
        known = migrations.latest_version()
        if found > known:
            raise IntegrityError(
                _(
                    "This data was saved by a newer version of CarePoint (data version {found}; "
                    "this program understands up to {known}). Install the newer version to open it."
                ).format(found=found, known=known)
            )
        check_owner(db, config)
        if not read_only and found < known and not owns_tables(db):
            raise UserInputError(
                _(
                    "The office database is at data version {found} and this program needs "
                    "{known}: open it once at the desk that set the office up (the database's "
                    "owner) to upgrade it; nothing was changed"
                ).format(found=found, known=known)
            )
        if not read_only:
            migrations.upgrade(db)
        store = Store(Path(data_dir), db, actor, read_only=read_only)
        if not read_only and not store.setting("node_id"):
            with db.writing():
                store.set_setting("node_id", str(uuid.uuid4()))
    except BaseException:
        db.close()
        raise
    log.info("data opened on the office database, schema %s", found)
    return store


def _make_folders(data_dir: Path) -> None:
    from carepoint.safety.files import make_private

    for sub in ("backups", "exports", "keys", "logs"):
        (Path(data_dir) / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("backups", "keys"):  # whole dumps of the office, and its key files
        make_private(Path(data_dir) / sub, folder=True)


def join(data_dir: Path, url: str) -> office_config.OfficeConfig:
    """Another desk of an office: point a new data folder at the office database `url`, already
    set up by `init --database`. The accounts, the keys (encrypted, in the database) and the
    data are the office's; the desk keeps only the address, its logs and its own exports.
    A clerk's desk connects as the clerk's own database role (`township clerk-scope`), so the
    rows outside the clerk's villages are not there for it at all."""
    from carepoint.db import data_dir_exists
    from carepoint.office.postgres import safe_url

    if data_dir_exists(data_dir):
        raise UserInputError(
            _("{folder} already holds CarePoint data; nothing was changed").format(folder=data_dir)
        )
    db = open_postgres(url)  # a password in the address serves this run, and is not kept
    try:
        code, role = owner(db)
    finally:
        db.close()
    if not code:
        _user, where, name = describe(safe_url(url))
        raise UserInputError(
            _(
                "The database {name} on {where} is not set up for an office yet: set it up "
                "once with init --role township|county --database; nothing was changed"
            ).format(name=name, where=where)
        )
    if role not in ("township", "county"):
        raise IntegrityError(
            _("The database holds a village's data ({code}); only an office is shared").format(
                code=code
            )
        )
    config = office_config.OfficeConfig("postgresql", safe_url(url), code, role)
    _make_folders(data_dir)
    office_config.write(data_dir, config)
    try:  # opened once: the address, the role's grants and the schema all work for this desk
        open_office_store(data_dir, config, actor="join").close()
    except BaseException:
        office_config.path(data_dir).unlink(missing_ok=True)
        raise
    return config


def attach(data_dir: Path, url: str, *, office_code: str, role: str) -> office_config.OfficeConfig:
    """Point a new data folder at the office database `url` (checked: reachable, and empty or
    this office's own). Nothing is written to the database here."""
    from carepoint.office.postgres import safe_url

    config = office_config.OfficeConfig("postgresql", safe_url(url), office_code, role)
    db = open_postgres(url)  # a password in the address serves this run, and is not kept
    try:
        check_owner(db, config)
        code, _role = owner(db)
        if code:
            _user, where, name = describe(config.url)
            raise UserInputError(
                _(
                    "The database {name} on {where} is already set up for {code}: another desk "
                    "of the office joins it with join --database; nothing was changed"
                ).format(name=name, where=where, code=code)
            )
    finally:
        db.close()
    _make_folders(data_dir)
    office_config.write(data_dir, config)
    return config
