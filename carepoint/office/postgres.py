"""An office's database on a PostgreSQL server, through peewee and psycopg 3 (issue 21).

`OfficeDatabase` is peewee's PostgresqlDatabase whose cursors take CarePoint's SQLite-worded SQL
and run it translated (carepoint.dialect), and whose connections send Python values the way
SQLite stored them (dates as ISO text, booleans as 0/1), so the same code and the same columns
serve both engines. `prepare` gives a new database what every SQLite connection has built in: the
schema version's place, the NOCASE collation, group_order(), sum() over comparisons.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from peewee import DataError, PostgresqlDatabase

from carepoint import dialect
from carepoint.errors import UserInputError
from carepoint.i18n import _

PASSWORD_ENV = "CAREPOINT_DB_PASSWORD"
# Who asks for the password when neither the environment nor ~/.pgpass has it (the CLI: a
# terminal prompt; the desktop app may set its own dialog).
ask_password: Callable[[str], str | None] | None = None


class ValueNotStorable(ValueError, DataError):
    """A value the column cannot hold (a number beyond 2**63, as SQLite refuses it too): a
    ValueError like SQLite's OverflowError, so the callers that refuse bad input catch it."""


class _Cursor:
    """A psycopg cursor that takes SQLite-worded SQL."""

    __slots__ = ("_db", "_cursor", "lastrowid")

    def __init__(self, db: OfficeDatabase, cursor):
        self._db, self._cursor, self.lastrowid = db, cursor, None

    def execute(self, sql, params=None):
        text = self._db.translated(sql, bool(params))
        with _storable():
            self._cursor.execute(text, params or None)
        return self

    def executemany(self, sql, rows):
        with _storable():
            self._cursor.executemany(self._db.translated(sql, True), list(rows))
        return self

    def __iter__(self):
        return iter(self._cursor)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@contextlib.contextmanager
def _storable():
    import psycopg

    try:
        yield
    except psycopg.DataError as error:
        raise ValueNotStorable(str(error)) from error
    except psycopg.ProgrammingError as error:
        if error.sqlstate is not None:
            raise
        # refused before it reached the server: values not in the statement's shape (a row of
        # the wrong length), what sqlite3 reports as a ProgrammingError of its own
        raise ValueNotStorable(str(error)) from error


class OfficeDatabase(PostgresqlDatabase):
    engine = "postgresql"

    def __init__(self, url: str, **options):
        super().__init__(url, prefer_psycopg3=True, **options)
        self._translations: dict[tuple[str, bool], str] = {}
        self._keys: dict[str, list[str]] = {}

    def _initialize_connection(self, conn):
        _sqlite_values(conn)

    def writing(self):
        """A unit of work that writes (SQLite's takes the write lock at once; PostgreSQL's rows
        are locked as they are written, and decisions lock theirs with FOR UPDATE)."""
        return self.atomic()

    def cursor(self, named_cursor=None):
        return _Cursor(self, super().cursor(named_cursor))

    def translated(self, sql: str, has_params: bool) -> str:
        key = (sql, has_params)
        text = self._translations.get(key)
        if text is None:
            text = self._translations[key] = dialect.translate(sql, has_params, self)
        return text

    def primary_key(self, table: str) -> list[str]:
        if table not in self._keys:
            rows = (
                super()
                .cursor()
                .execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                    " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                    " WHERE i.indrelid = %s::regclass AND i.indisprimary",
                    [table],
                )
                .fetchall()
            )
            self._keys[table] = [row[0] for row in rows]
        return self._keys[table]

    def column_type(self, table: str, column: str) -> str:
        """A typeless column of a township copy (tw_<table>) takes the village table's type."""
        row = (
            super()
            .cursor()
            .execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                " to_regclass(%s) AND attname = %s AND NOT attisdropped",
                [table.removeprefix("tw_"), column],
            )
            .fetchone()
        )
        return row[0] if row else "TEXT"

    def copy_insert(self, table: str, columns: list[str], rows) -> None:
        """Rows known to be new, straight in through COPY (no scratch table, no merge). A role
        that row-level security binds (a clerk's desk) may not COPY into the table: its rows go
        through a scratch table and one INSERT ... SELECT, which the policies check."""
        if not self._owner():
            self._through_scratch(table, columns, rows, "")
            return
        with self.atomic(), _storable():
            with super().cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def copy_upsert(self, table: str, columns: list[str], key: tuple[str, ...], rows) -> None:
        """Rows in through COPY (psycopg's copy support) into a scratch table, then merged with
        one INSERT ... SELECT ... ON CONFLICT: the engine's bulk path, not a statement per row."""
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        # A row sent again unchanged is left as it is: no new row version to write and vacuum
        # (a village resends its whole month when one visit changed).
        kept = [c for c in columns if c not in key]
        mine = ", ".join(f"{table}.{c}" for c in kept)
        theirs = ", ".join(f"excluded.{c}" for c in kept)
        change = (f"DO UPDATE SET {updates} WHERE ({mine}) IS DISTINCT FROM ({theirs})"
                  if kept else "DO NOTHING")  # fmt: skip
        self._through_scratch(table, columns, rows, f" ON CONFLICT ({', '.join(key)}) {change}")

    def _through_scratch(self, table: str, columns: list[str], rows, tail: str) -> None:
        self._copies = getattr(self, "_copies", 0) + 1
        scratch = f"carepoint_in_{self._copies}"
        names = ", ".join(columns)
        cursor = super().cursor()
        with self.atomic(), _storable():
            cursor.execute(
                f"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS SELECT {names} FROM {table}"
                " WHERE false"
            )
            with cursor.copy(f"COPY {scratch} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {scratch}{tail}")
            cursor.execute(f"DROP TABLE {scratch}")

    def _owner(self) -> bool:
        if getattr(self, "_owns", None) is None:
            from carepoint.office.rls import owns_tables

            self._owns = owns_tables(self)
        return self._owns

    def register_function(self, *args, **kwargs):  # SQLite's; prepare() creates ours
        pass


def _sqlite_values(conn) -> None:
    from psycopg.adapt import Dumper, Loader

    class Iso(Dumper):
        oid = 0  # unknown: the server reads it as the column's type (TEXT here)

        def dump(self, obj):
            text = obj.isoformat(" ") if isinstance(obj, dt.datetime) else obj.isoformat()
            return text.encode()

    class Flag(Dumper):
        oid = 20  # int8: booleans live in INTEGER columns, as in SQLite

        def dump(self, obj):
            return b"1" if obj else b"0"

    class Number(Loader):
        # SQLite's sum() of integers is an integer; PostgreSQL's is numeric (a Decimal)
        def load(self, data):
            text = bytes(data).decode()
            return float(text) if "." in text or "e" in text.lower() else int(text)

    for kind in (dt.date, dt.datetime, dt.time):
        conn.adapters.register_dumper(kind, Iso)
    conn.adapters.register_dumper(bool, Flag)
    conn.adapters.register_loader("numeric", Number)


_PREPARE = [
    f"CREATE TABLE IF NOT EXISTS {dialect.SCHEMA_TABLE} (version INTEGER NOT NULL)",
    f"INSERT INTO {dialect.SCHEMA_TABLE} (version) SELECT 0"
    f" WHERE NOT EXISTS (SELECT 1 FROM {dialect.SCHEMA_TABLE})",
    # SQLite's NOCASE, as an ICU collation that ignores case (PostgreSQL has ICU on Debian and
    # in the Windows installer).
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'nocase') THEN"
    " CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2',"
    " deterministic = false); END IF; END $$",
    # SQLite counts comparisons as 0/1: sum(status = 'active'); NULL over no rows, as SQLite.
    "CREATE OR REPLACE FUNCTION carepoint_add_flag(bigint, boolean) RETURNS bigint"
    " LANGUAGE sql IMMUTABLE AS"
    " 'SELECT CASE WHEN $2 IS NULL THEN $1 ELSE coalesce($1, 0) + $2::int END'",
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_aggregate a JOIN pg_proc p"
    " ON p.oid = a.aggfnoid WHERE p.proname = 'sum'"
    " AND p.proargtypes[0] = 'boolean'::regtype) THEN"
    " CREATE AGGREGATE sum(boolean) (sfunc = carepoint_add_flag, stype = bigint);"
    " END IF; END $$",
]

# group_order(name): carepoint.groups.group_order_text in SQL (一组 < 二组 < … < 十一组 < others).
GROUP_ORDER = r"""
CREATE OR REPLACE FUNCTION group_order(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
  squeezed text := regexp_replace(normalize(coalesce(name, ''), NFKC), '\s', '', 'g');
  found text[];
  words text := '零一二三四五六七八九';
  number numeric := 0;
  current int := 0;
  ch text;
BEGIN
  found := regexp_match(squeezed,
    '^第?([0-9]+|[零〇一二两三四五六七八九十百]+)(?:村民)?(组|队|小组|生产队)$');
  IF found IS NOT NULL THEN
    IF found[1] ~ '^[0-9]+$' THEN
      number := found[1]::numeric;
    ELSE
      FOR i IN 1 .. char_length(found[1]) LOOP
        ch := replace(replace(substr(found[1], i, 1), '两', '二'), '〇', '零');
        IF strpos(words, ch) > 0 THEN
          current := strpos(words, ch) - 1;
        ELSIF ch = '十' THEN
          number := number + (CASE WHEN current = 0 THEN 1 ELSE current END) * 10;
          current := 0;
        ELSE
          number := number + (CASE WHEN current = 0 THEN 1 ELSE current END) * 100;
          current := 0;
        END IF;
      END LOOP;
      number := number + current;
    END IF;
  END IF;
  IF number > 0 THEN
    RETURN '0' || lpad(number::text, greatest(6, length(number::text)), '0') || coalesce(name, '');
  END IF;
  RETURN '1000000' || coalesce(name, '');
END
$f$
"""


def prepare(db: OfficeDatabase) -> None:
    """What a new office database needs before the migration steps (idempotent). Desks that
    open the database at the same moment take turns (PostgreSQL refuses two concurrent
    CREATE OR REPLACE of one function), and a prepared database is only looked at."""
    cursor = db.cursor()._cursor
    with db.atomic():
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('carepoint.prepare'))")
        done = cursor.execute(
            f"SELECT to_regclass('{dialect.SCHEMA_TABLE}') IS NOT NULL AND EXISTS (SELECT 1"
            " FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'sum'"
            " AND p.proargtypes[0] = 'boolean'::regtype) AND to_regprocedure('group_order(text)')"
            " IS NOT NULL"
        ).fetchone()[0]
        if not done:
            for statement in (*_PREPARE, GROUP_ORDER):
                cursor.execute(statement)


def safe_url(url: str) -> str:
    """The URL without any password in it (what the data folder keeps)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not parts.path[1:]:
        raise UserInputError(
            _(
                "A database address looks like postgresql://USER@HOST:PORT/DATABASE; got {url}"
            ).format(url=masked_url(url))
        )
    try:
        number = parts.port
    except ValueError:
        raise UserInputError(
            _("The port in the database address {url} must be a number from 1 to 65535").format(
                url=masked_url(url)
            )
        ) from None
    user = f"{unquote(parts.username)}@" if parts.username else ""
    port = f":{number}" if number else ""
    return f"postgresql://{user}{parts.hostname}{port}{parts.path}"


def masked_url(url: str) -> str:
    """The address as typed, its password (if any) replaced by ***, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()


def describe(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return (
        parts.username or getpass.getuser(),
        f"{parts.hostname}:{parts.port or 5432}",
        parts.path[1:],
    )


# A password given once (in the address at init, or typed) serves the rest of this process.
_remembered: dict[str, str] = {}


def _password(url: str) -> str | None:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return _remembered.get(url)


def remember_password(url: str, secret: str | None) -> None:
    """Keep, for this process, the password a connection to the office's database `url` used,
    libpq's read of ~/.pgpass included: a backup's or check's scratch database has another name,
    which the file's line for the office's database does not cover, nor does it for pg_dump and
    pg_restore (given PGPASSWORD from password_for)."""
    if secret:
        _remembered[safe_url(url)] = secret


def password_for(url: str) -> str | None:
    """The password this process knows for `url` (None: libpq reads ~/.pgpass itself)."""
    return _password(safe_url(url))


def open_postgres(url: str, *, password: str | None = None) -> OfficeDatabase:
    """Connect to the office database at `url` (password: the argument, CAREPOINT_DB_PASSWORD,
    ~/.pgpass through libpq, or asked); bad address, unreachable or refused → UserInputError."""
    import psycopg

    given = urlsplit(url).password
    url = safe_url(url)
    user, where, name = describe(url)
    secret = password or (unquote(given) if given else None) or _password(url)
    for attempt in range(2):
        options = {"password": secret} if secret else {}
        db = OfficeDatabase(url, connect_timeout=10, **options)
        try:
            db.connect()
            remember_password(url, secret or db.connection().info.password)
            return db
        except Exception as error:  # peewee wraps psycopg's errors in its own
            cause = error.__cause__ if isinstance(error.__cause__, psycopg.Error) else error
            text = str(cause).strip().splitlines()[0] if str(cause).strip() else repr(cause)
            refused = "password" in text.lower() or "authentication" in text.lower()
            if refused and not secret and attempt == 0:
                asker = ask_password or _terminal_password
                secret = asker(
                    _("Password of {user} for {where}/{name}: ").format(
                        user=user, where=where, name=name
                    )
                )
                if secret:
                    continue
            if refused:
                raise UserInputError(
                    _(
                        "The database server {where} refused the password of {user} ({reason})"
                    ).format(where=where, user=user, reason=text)
                ) from None
            raise UserInputError(
                _("Cannot reach the office database {name} on {where}: {reason}").format(
                    name=name, where=where, reason=text
                )
            ) from None
    raise AssertionError("unreachable")


def _terminal_password(prompt: str) -> str | None:
    if not sys.stdin or not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt)
