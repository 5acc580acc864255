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
import uuid
from pathlib import Path

from carepoint import __version__, clock, migrations
from carepoint.errors import IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.office import config as office_config
from carepoint.office import rls, schema_check
from carepoint.office.postgres import describe, password_for, remember_password
from carepoint.permissions import require
from carepoint.safety import catalog
from carepoint.safety.catalog import BackupRecord
from carepoint.safety.files import make_private

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
    conn = psycopg.connect(url, autocommit=True, **options)
    if not database:
        remember_password(url, conn.info.password)
    return conn


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
def scratch_database(url: str, suffix: str = "check"):
    """A database beside the office's, dropped afterwards (the role needs CREATEDB)."""
    import psycopg

    name = f"{describe(url)[2]}_{suffix}_{os.getpid()}"
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
    return inspect_dump(url, file, compare=False)["counts"]


def inspect_dump(url: str, file: Path, *, compare: bool = True) -> dict:
    """What a dump really holds, read back from a scratch database it was restored into: counts,
    office code and role, schema version, and (`compare`) how its catalog differs from what the
    migration steps create (nothing is taken from the file's name or its .json)."""
    with scratch_database(url) as scratch:
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "-d", _with_db(url, scratch), str(file)], url,
             _("Restoring the backup to check it"))  # fmt: skip
        with _connect(url, scratch) as conn:
            found = {"counts": table_counts(conn)}
            if not compare:
                return found
            found.update(_owner_and_version(conn))
            found["catalog"] = schema_check.catalog(conn)
    version = found["schema_version"]
    if 0 < version <= migrations.latest_version():
        expected = schema_check.migrated_catalog(
            url, version, lambda suffix: scratch_database(url, suffix)
        )
        found["problems"] = schema_check.differences(expected, found["catalog"])
    else:
        found["problems"] = []
    return found


def _owner_and_version(conn) -> dict:
    try:
        version = conn.execute("SELECT max(version) FROM carepoint_schema").fetchone()[0]
        settings = dict(conn.execute(
            "SELECT key, value FROM setting WHERE key IN ('village_code', 'role', 'village_name')"
        ).fetchall())  # fmt: skip
    except Exception as error:  # psycopg's: a dump of something that is not CarePoint's
        raise IntegrityError(
            _("The backup does not hold CarePoint data ({reason}); nothing was changed").format(
                reason=str(error).strip().splitlines()[0] if str(error).strip() else error
            )
        ) from None
    return {"schema_version": int(version or 0), "office_code": settings.get("village_code", ""),
            "role": settings.get("role", "") or "village",
            "village_name": settings.get("village_name", "")}  # fmt: skip


def _with_db(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


def _differ(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    return sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))


def make_office_backup(data_dir: Path, out_dir: Path | None, *, kind: str, actor, now=None):
    """pg_dump of the office database, checked by restoring it elsewhere; recorded in the
    folder's backup catalogue like a SQLite backup."""
    from carepoint.exchange.keys import carried_keys
    from carepoint.safety.backup import backup_path

    if kind == "manual" or out_dir is not None:  # a copy that can leave the office
        require(actor, "backup")
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
        _write_private(Path(f"{path}.json"), json.dumps(info, ensure_ascii=False, indent=1))
        make_private(temp)  # every row of the office, and the township's key files
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


def _write_private(file: Path, text: str) -> None:
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    make_private(file)


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
    """Replace the office database's data with the backup `file`: restored into a scratch
    database first and judged by what it holds there (office, version, counts, and a schema
    that is exactly what CarePoint's migrations create), refused while other desks are
    connected, a safety backup of the current data made, then one transaction with its audit
    entry."""
    actor = require(actor, "restore")
    config = office_config.read(data_dir)
    info = backup_facts(file)
    found = inspect_dump(config.url, Path(file))
    if found["schema_version"] > migrations.latest_version():
        raise IntegrityError(_("The backup was made by a newer version of CarePoint."))
    # What the dump itself holds decides; its .json (anyone can edit it) may only refuse.
    for said in (found, info):
        if (said.get("office_code"), said.get("role")) != (config.office_code, config.role):
            raise IntegrityError(
                _("{file} is a backup of another office ({code}); nothing was changed").format(
                    file=Path(file).name, code=said.get("office_code")
                )
            )
    if found["problems"]:
        raise IntegrityError(
            _("The backup holds database code CarePoint did not write ({reason}); nothing was"
              " changed").format(reason="; ".join(found["problems"][:5]))
        )  # fmt: skip
    if found["counts"] != info.get("counts"):
        raise IntegrityError(
            _("The backup does not hold what it says ({reason}); nothing was changed").format(
                reason=", ".join(_differ(info.get("counts") or {}, found["counts"]))
            )
        )
    refuse_other_sessions(config.url)
    safety = make_office_backup(data_dir, None, kind="safety", actor=actor)
    _swap(config.url, Path(file), actor, found, safety.counts)
    with _connect(config.url) as conn:  # a dump keeps no grants: the clerks' roles get theirs
        rls.grant_clerks_again(conn.cursor())
    expected = dict(found["counts"])
    expected["audit_entry"] = expected.get("audit_entry", 0) + 1
    with _connect(config.url) as conn:
        now = table_counts(conn)
    if now != expected:
        raise IntegrityError(
            _("The restored data differs from the backup ({reason}); the data as it was is in"
              " {file}").format(reason=", ".join(_differ(expected, now)), file=safety.file)
        )  # fmt: skip
    log.info("office database restored from %s", Path(file).name)
    return {"file": str(file), "counts": now, "safety_copy": safety.file,
            "schema_version": found["schema_version"]}  # fmt: skip


_OTHERS = (
    "SELECT usename, coalesce(host(client_addr), 'local'), application_name FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    # another role's session shows its user but no backend_type; autovacuum shows no user
    " AND usesysid IS NOT NULL AND coalesce(backend_type, 'client backend') = 'client backend'"
)
_OTHERS_MARK = "carepoint-other-sessions"
# Checked again inside the swap's transaction (a closed session's server process may take a
# moment to leave pg_stat_activity, hence the short wait; the snapshot is cleared each round).
_GUARD = f"""DO $$ DECLARE n int; BEGIN
FOR i IN 1 .. 30 LOOP
  PERFORM pg_stat_clear_snapshot();
  SELECT count(*) INTO n FROM ({_OTHERS}) o;
  EXIT WHEN n = 0;
  PERFORM pg_sleep(0.1);
END LOOP;
IF n > 0 THEN RAISE EXCEPTION '{_OTHERS_MARK}'; END IF;
END $$"""


def _others_refusal(sessions) -> UserInputError:
    who = ", ".join(sorted({f"{user}@{where} {app}".strip() for user, where, app in sessions}))
    return UserInputError(
        _("Other desks are connected to the office database ({who}): their work would be lost."
          " Ask them to close CarePoint, then restore again. Nothing was changed.").format(
            who=who or "?")
    )  # fmt: skip


def refuse_other_sessions(url: str) -> None:
    """Refuse (exit 2) while another session is connected to the office database."""
    import time

    with _connect(url) as conn:  # autocommit: each look is a fresh snapshot
        for _attempt in range(30):
            sessions = conn.execute(_OTHERS).fetchall()
            if not sessions:
                return
            time.sleep(0.1)
    raise _others_refusal(sessions)


def _quoted(value) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


_CHANGED_MARK = "carepoint-changed-meanwhile"


def _unchanged_since(counts: dict[str, int]) -> list[str]:
    """Every table locked against writers, then its rows counted against the safety copy's: a
    desk that wrote and left after the copy was taken stops the restore instead of losing it."""
    tables = ", ".join(f'public."{t}"' for t in sorted(counts))
    differ = " OR ".join(f'(SELECT count(*) FROM public."{t}") <> {int(n)}'
                         for t, n in sorted(counts.items()))  # fmt: skip
    check = f"DO $$ BEGIN IF {differ} THEN RAISE EXCEPTION '{_CHANGED_MARK}'; END IF; END $$"
    return [f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE", check]


def _swap(url: str, file: Path, actor, found: dict, before: dict[str, int]) -> None:
    """DROP SCHEMA, the dump, and the restore's audit entry: one transaction, after the guard
    against other desks and against changes since the safety copy (`before`: its counts)."""
    columns = ["at", "actor", "action", "entity", "entity_uuid", "field", "old_value", "new_value"]
    values = [clock.utcnow().isoformat(sep=" "), actor.username, "restore", "database", "",
              "file", None, Path(file).name]  # fmt: skip
    if "public.audit_entry.change_id" in found["catalog"]["column"]:
        columns.append("change_id")
        values.append(str(uuid.uuid4()))
    with tempfile.TemporaryDirectory() as folder:
        script, entry = Path(folder) / "restore.sql", Path(folder) / "audit.sql"
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "-f", str(script), str(file)],
             url, _("Reading the backup"))  # fmt: skip
        entry.write_text(
            f"INSERT INTO public.audit_entry ({', '.join(columns)})"
            f" VALUES ({', '.join(_quoted(v) for v in values)});\n", encoding="utf-8",
        )  # fmt: skip
        done = subprocess.run(
            [tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
             *(arg for sql in (*_unchanged_since(before), _GUARD) for arg in ("-c", sql)),
             "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public",
             "-f", str(script), "-f", str(entry), "-d", url],
            env=_env(url), capture_output=True, text=True,
        )  # fmt: skip
    if done.returncode != 0:
        if _OTHERS_MARK in done.stderr:
            with _connect(url) as conn:
                raise _others_refusal(conn.execute(_OTHERS).fetchall())
        if _CHANGED_MARK in done.stderr:
            raise UserInputError(
                _("Someone changed the data while the backup was being restored; nothing was"
                  " changed. Ask the other desks to close CarePoint, then restore again.")
            )  # fmt: skip
        raise IntegrityError(
            _("{what} failed: {reason}").format(what=_("Restoring"),
                                               reason=done.stderr.strip()[-500:])
        )  # fmt: skip


def check_office(data_dir: Path):
    """The schema and row-count comparison of `check`, for an office database: its whole
    catalog against a database the migration steps make up to the same version."""
    from carepoint.safety.facts import CheckReport

    config = office_config.read(data_dir)
    with _connect(config.url) as conn:
        version = conn.execute("SELECT max(version) FROM carepoint_schema").fetchone()[0] or 0
        counts = table_counts(conn)
        found = schema_check.catalog(conn)
    problems = []
    if 0 < version <= migrations.latest_version():
        expected = schema_check.migrated_catalog(
            config.url, version, lambda suffix: scratch_database(config.url, suffix)
        )
        problems = schema_check.differences(expected, found)
    return CheckReport(
        path=config.url, schema_version=version,
        latest_version=migrations.latest_version(), tables=counts, schema=problems,
    )  # fmt: skip
