"""Backups of an office database: `pg_dump` in its custom format, verified by restoring it into a
scratch database and comparing every table's row count with the counts taken in the very snapshot
the dump was made from; `restore` checks the file the same way, keeps a safety backup of the
current data, and replaces the data in one transaction; `check` compares the schema with what the
migration steps create and counts the rows (issue 21).

Beside each dump, `<file>.json` holds what the backup is (office, schema version, counts, when,
by whom, and the township's key files, which are only ever kept encrypted under its passphrase).
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from carepoint import __version__, clock, migrations
from carepoint.errors import IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.office import config as office_config
from carepoint.office.postgres import describe, password_for
from carepoint.safety import catalog
from carepoint.safety.catalog import BackupRecord

log = logging.getLogger(__name__)
SUFFIX = ".pgdump"
_WINDOWS_BINS = r"C:\Program Files\PostgreSQL\*\bin"


def tool(name: str) -> str:
    """pg_dump / pg_restore / psql: the newest of Debian's, on PATH, or the Windows installer's."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    candidates += sorted(glob.glob(os.path.join(_WINDOWS_BINS, name + ".exe")), key=_version)
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if found:
        return found
    raise UserInputError(
        _("{tool} is not installed; install the PostgreSQL client programs").format(tool=name)
    )


def _version(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def _connect(url: str, database: str | None = None):
    import psycopg

    options = {"password": password_for(url)} if password_for(url) else {}
    if database:
        options["dbname"] = database
    return psycopg.connect(url, autocommit=True, **options)


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    if secret := password_for(url):
        env["PGPASSWORD"] = secret
    return env


def table_counts(conn) -> dict[str, int]:
    tables = [name for (name,) in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )]  # fmt: skip
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _run(command: list[str], url: str, what: str) -> None:
    done = subprocess.run(command, env=_env(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise IntegrityError(
            _("{what} failed: {reason}").format(what=what, reason=done.stderr.strip()[-500:])
        )


@contextlib.contextmanager
def scratch_database(url: str):
    """A database beside the office's, dropped afterwards (the role needs CREATEDB)."""
    import psycopg

    name = f"{describe(url)[2]}_check_{os.getpid()}"
    with _connect(url) as conn:
        encoding, collate, ctype = conn.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
            " WHERE datname = current_database()"
        ).fetchone()
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING '{encoding}'"
                f" LC_COLLATE '{collate}' LC_CTYPE '{ctype}'"
            )
        except psycopg.errors.InsufficientPrivilege:
            raise UserInputError(
                _(
                    "The database role cannot create the scratch database a backup is checked in;"
                    " give it CREATEDB (ALTER ROLE … CREATEDB)"
                )
            ) from None
    try:
        yield name
    finally:
        with _connect(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restored_counts(url: str, file: Path) -> dict[str, int]:
    with scratch_database(url) as scratch:
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "-d", _with_db(url, scratch), str(file)], url,
             _("Restoring the backup to check it"))  # fmt: skip
        with _connect(url, scratch) as conn:
            return table_counts(conn)


def _with_db(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


def _differ(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    return sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))


def make_office_backup(data_dir: Path, out_dir: Path | None, *, kind: str, actor, now=None):
    """pg_dump of the office database, checked by restoring it elsewhere; recorded in the
    folder's backup catalogue like a SQLite backup."""
    from carepoint.exchange.keys import carried_keys
    from carepoint.safety.backup import backup_path

    config = office_config.read(data_dir)
    folder = Path(out_dir) if out_dir else Path(data_dir) / "backups"
    if not folder.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder))
    when = now or clock.local_now()
    path = backup_path(folder, config.office_code, when, kind).with_suffix(SUFFIX)
    temp = path.with_name(path.name + ".partial")
    with _connect(config.url) as conn:
        # One snapshot: the counts and the dump see the same moment of the data.
        conn.autocommit = False
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = table_counts(conn)
        version = conn.execute("SELECT max(version) FROM carepoint_schema").fetchone()[0]
        settings = dict(conn.execute("SELECT key, value FROM setting"))
        try:
            _run([tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "-f", str(temp), config.url], config.url, _("pg_dump"))  # fmt: skip
        finally:
            conn.rollback()
    try:
        found = _restored_counts(config.url, temp)
        if found != counts:
            raise IntegrityError(
                _("The backup did not pass its check ({reason}); it was not kept.").format(
                    reason=", ".join(_differ(counts, found))
                )
            )
        info = {
            "made_at": when.isoformat(timespec="seconds"),
            "made_at_utc": clock.utcnow().isoformat(timespec="seconds"),
            "kind": kind, "made_by": getattr(actor, "username", "") or "",
            "program_version": __version__, "schema_version": version,
            "office_code": config.office_code, "role": config.role,
            "village_name": settings.get("village_name", ""), "counts": counts,
            "keys": carried_keys(data_dir),
        }  # fmt: skip
        Path(f"{path}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    record = BackupRecord(
        file=str(path.resolve()), made_at=when.isoformat(), kind=kind, size=path.stat().st_size,
        schema_version=version, village_code=config.office_code, counts=counts,
    )  # fmt: skip
    catalog.add(data_dir, record)
    log.info("%s backup of the office database written: %.1f MB", kind, record.size / 1e6)
    return record


def backup_facts(file: Path) -> dict:
    file = Path(file)
    try:
        return json.loads(Path(f"{file}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserInputError(
            _("{file} is not an office database backup (its {info} is missing)").format(
                file=file, info=f"{file.name}.json"
            )
        ) from None


def restore_office_backup(data_dir: Path, file: Path, *, actor) -> dict:
    """Replace the office database's data with the backup `file`: checked in a scratch
    database first, a safety backup of the current data made, then one transaction."""
    config = office_config.read(data_dir)
    info = backup_facts(file)
    if (info.get("office_code"), info.get("role")) != (config.office_code, config.role):
        raise IntegrityError(
            _("{file} is a backup of another office ({code}); nothing was changed").format(
                file=Path(file).name, code=info.get("office_code")
            )
        )
    if int(info.get("schema_version") or 0) > migrations.latest_version():
        raise IntegrityError(_("The backup was made by a newer version of CarePoint."))
    found = _restored_counts(config.url, Path(file))
    if found != info.get("counts"):
        raise IntegrityError(
            _("The backup does not hold what it says ({reason}); nothing was changed").format(
                reason=", ".join(_differ(info.get("counts") or {}, found))
            )
        )
    safety = make_office_backup(data_dir, None, kind="safety", actor=actor)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "restore.sql"
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "-f", str(script), str(file)],
             config.url, _("Reading the backup"))  # fmt: skip
        _run([tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
              "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public",
              "-f", str(script), "-d", config.url], config.url, _("Restoring"))  # fmt: skip
    with _connect(config.url) as conn:
        now = table_counts(conn)
    if now != info["counts"]:
        raise IntegrityError(
            _("The restored data differs from the backup ({reason}); the data as it was is in"
              " {file}").format(reason=", ".join(_differ(info["counts"], now)), file=safety.file)
        )  # fmt: skip
    log.info("office database restored from %s", Path(file).name)
    return {"file": str(file), "counts": now, "safety_copy": safety.file,
            "schema_version": info.get("schema_version")}  # fmt: skip


def expected_columns() -> dict[str, list[str]]:
    """Every table and its columns as the migration steps create them (on SQLite, in memory)."""
    from carepoint.safety.guard import _Scratch

    scratch = _Scratch()
    try:
        migrations.upgrade(scratch)
        tables = [name for (name,) in scratch.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")]
        return {t: [row[1] for row in scratch.connection.execute(f"PRAGMA table_info({t})")]
                for t in tables}  # fmt: skip
    finally:
        scratch.connection.close()


def check_office(data_dir: Path):
    """The schema and row-count comparison of `check`, for an office database."""
    from carepoint.safety.facts import CheckReport

    config = office_config.read(data_dir)
    with _connect(config.url) as conn:
        version = conn.execute("SELECT max(version) FROM carepoint_schema").fetchone()[0]
        counts = table_counts(conn)
        columns = {}
        for (table,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall():
            columns[table] = [name for (name,) in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                " AND NOT attisdropped ORDER BY attnum", [f'"{table}"'])]  # fmt: skip
        triggers = {name for (name,) in conn.execute(
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT t.tgisinternal AND n.nspname = 'public'")}  # fmt: skip
    expected = expected_columns() if version == migrations.latest_version() else None
    problems = []
    if expected is not None:
        expected["carepoint_schema"] = ["version"]
        for table in sorted(columns.keys() - expected.keys()):
            problems.append(_("a table {name} that CarePoint did not create").format(name=table))
        for table in sorted(expected.keys() - columns.keys()):
            problems.append(_("the table {name} is missing").format(name=table))
        for table in sorted(expected.keys() & columns.keys()):
            if expected[table] != columns[table]:
                problems.append(_("the table {name} was changed").format(name=table))
        from carepoint.safety.guard import expected_schema

        ours = {name for (kind, name) in expected_schema(version) if kind == "trigger"}
        for name in sorted(triggers - ours):
            problems.append(_("a trigger {name} that CarePoint did not create").format(name=name))
    return CheckReport(
        path=config.url, schema_version=version or 0,
        latest_version=migrations.latest_version(), tables=counts, schema=problems,
    )  # fmt: skip
