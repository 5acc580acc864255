"""What a CarePoint database file holds and whether it is sound, read without changing it."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import clock, migrations
from carepoint.errors import IntegrityError
from carepoint.i18n import N_, _
from carepoint.safety.guard import BACKUP_INFO, harden, schema_problems

# The counts shown before a restore, in this order: what a cadre recognises their data by.
SHOWN_COUNTS = {
    "residents": (N_("Residents"), "SELECT count(*) FROM resident WHERE deleted_at IS NULL"),
    "visits": (N_("Visits"), "SELECT count(*) FROM visit WHERE deleted_at IS NULL"),
    "meals": (N_("Meal sign-ins"), "SELECT count(*) FROM meal_sign_in WHERE deleted_at IS NULL"),
    "subsidy_lines": (N_("Subsidy lines"), "SELECT count(*) FROM subsidy_line"),
    "volunteers": (N_("Volunteers"), "SELECT count(*) FROM timebank_volunteer"),
    "audit_entries": (N_("Audit entries"), "SELECT count(*) FROM audit_entry"),
}


@dataclass
class DatabaseFacts:
    path: Path
    made_at: dt.datetime
    schema_version: int
    village_code: str
    village_name: str
    role: str
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "schema_version": self.schema_version,
            "village_code": self.village_code,
            "village_name": self.village_name,
            "role": self.role,
            "counts": self.counts,
        }


@dataclass
class CheckReport:
    path: Path
    schema_version: int
    latest_version: int
    integrity: list[str] = field(default_factory=list)  # problems; empty when sound
    foreign_keys: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    schema: list[str] = field(default_factory=list)  # objects CarePoint did not write

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.foreign_keys and not self.schema and self.schema_ok

    @property
    def schema_ok(self) -> bool:
        return 0 < self.schema_version <= self.latest_version

    def to_json(self) -> dict:
        return {
            "file": str(self.path),
            "ok": self.ok,
            "schema_version": self.schema_version,
            "latest_schema_version": self.latest_version,
            "integrity": self.integrity,
            "foreign_keys": self.foreign_keys,
            "schema": self.schema,
            "tables": self.tables,
        }


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (SQLite opens it with O_RDONLY)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return harden(sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False))


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != ? ORDER BY name",
            (BACKUP_INFO,),
        )
    ]
    count = 'SELECT count(*) FROM "{}"'
    return {name: connection.execute(count.format(name)).fetchone()[0] for name in names}


def integrity_problems(connection: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    with lenient_text(connection):  # the report may quote a damaged name
        rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}(20)")]
    return [] if rows == ["ok"] else rows


@contextlib.contextmanager
def lenient_text(connection: sqlite3.Connection):
    """Text that is not UTF-8 (a flipped byte in a damaged file) read with replacements."""
    factory = connection.text_factory
    connection.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        yield
    finally:
        connection.text_factory = factory


def foreign_key_problems(connection: sqlite3.Connection) -> list[str]:
    return [
        _("{table} row {row} refers to a missing {parent}").format(
            table=table, row=row, parent=parent
        )
        for table, row, parent, _index in connection.execute("PRAGMA foreign_key_check")
    ]


def check_database(path: Path, *, quick: bool = False) -> CheckReport:
    """integrity_check (or the faster quick_check), the schema against the one this program
    writes, foreign keys, schema version, row counts."""
    path = Path(path)
    report = CheckReport(path, 0, migrations.latest_version())
    try:
        with contextlib.closing(connect_read_only(path)) as connection:
            report.schema_version = connection.execute("PRAGMA user_version").fetchone()[0]
            report.integrity = integrity_problems(connection, quick=quick)
            if not report.integrity:
                report.schema = schema_problems(connection)
            if not report.integrity and not report.schema:
                report.foreign_keys = foreign_key_problems(connection)
                if not quick:
                    report.tables = table_counts(connection)
    except sqlite3.DatabaseError as error:
        report.integrity = [str(error)]
    return report


def backup_info(connection: sqlite3.Connection) -> dict[str, str]:
    """What the backup says of itself (written inside it at backup time); {} for older backups."""
    try:
        return dict(connection.execute(f"SELECT key, value FROM {BACKUP_INFO}"))
    except sqlite3.OperationalError:
        return {}


def _made_at(path: Path, connection: sqlite3.Connection, info: dict[str, str]) -> dt.datetime:
    """When the backup was made, from the data itself: its backup_info, or for a backup made
    before that table existed the last change its audit log records. Never from the file name:
    a village code such as 410223100201 looks like a date."""
    with contextlib.suppress(KeyError, ValueError):
        return dt.datetime.fromisoformat(info["made_at"]).replace(tzinfo=None)
    with contextlib.suppress(sqlite3.Error, AttributeError, TypeError, ValueError):
        last = connection.execute("SELECT max(at) FROM audit_entry").fetchone()[0]
        return clock.to_local(last).replace(microsecond=0)
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def read_facts(path: Path, connection: sqlite3.Connection) -> DatabaseFacts:
    """The village, schema version and counts of a CarePoint database; refuses anything else."""
    try:
        settings = dict(connection.execute("SELECT key, value FROM setting"))
        info = backup_info(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        counts = {}
        for key, (_label, sql) in SHOWN_COUNTS.items():
            try:
                counts[key] = connection.execute(sql).fetchone()[0]
            except sqlite3.OperationalError:
                counts[key] = 0  # an older schema without this table
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        raise IntegrityError(
            _("{file} is not a CarePoint backup; nothing was changed.").format(file=path.name)
        ) from None
    return DatabaseFacts(
        path,
        _made_at(path, connection, info),
        version,
        info.get("village_code", settings.get("village_code", "")),
        info.get("village_name", settings.get("village_name", "")),
        info.get("role", settings.get("role", "")),
        counts,
    )
