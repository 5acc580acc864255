"""A real PostgreSQL for the tests, from a fresh machine (issue 21).

One server per test session: Debian's binaries (/usr/lib/postgresql/*/bin; installed with apt-get
when they are missing and we are root, as on a clean CI machine), `initdb` and `pg_ctl` run as an
unprivileged user (PostgreSQL refuses root) in a temporary folder on a free port, stopped at the
end. Each test gets a fresh database cloned from a template (CREATE DATABASE … TEMPLATE), which
costs a few tens of milliseconds instead of a server or a schema per test.

Set CAREPOINT_TEST_PG_URL (postgresql://user:password@host:port/postgres, a superuser) to use a
server you already run (a Windows desk) instead of starting one.
When no server can be had, the tests that need one are skipped and say why.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SUPERUSER = "carepoint_test"
PASSWORD = "test-only-secret"  # a throw-away server that listens on 127.0.0.1 only
_names = itertools.count(1)


def _bin_dir() -> Path | None:
    if env := os.environ.get("CAREPOINT_PG_BIN"):
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _install() -> str | None:
    """apt-get install postgresql on a machine that has none; a reason when it cannot."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "PostgreSQL is not installed and the tests are not run as root to install it"
    if not shutil.which("apt-get"):
        return "PostgreSQL is not installed and this machine has no apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return None


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _runner() -> tuple[list[str], int | None, int | None]:
    """How to run the server's programs: as root, through runuser as `postgres` (or nobody)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            user = pwd.getpwnam(name)
            return ["runuser", "-u", name, "--"], user.pw_uid, user.pw_gid
    raise RuntimeError("no unprivileged user to run PostgreSQL as")


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    password: str
    bin_dir: Path | None = None
    folder: Path | None = None
    process_owner: list[str] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)

    def url(self, database: str, *, password: bool = False) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{self.user}{secret}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", **options):
        import psycopg

        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password,
            dbname=database, autocommit=True, **options,
        )  # fmt: skip

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        name = name or f"t{os.getpid()}_{next(_names)}"
        source = template or "template0"
        with self.connect() as conn:
            conn.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{source}"'
                + ("" if template else " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
            )
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def tool(self, name: str) -> str:
        return str(self.bin_dir / name) if self.bin_dir else name


def _owner_alive(folder: Path) -> bool:
    try:
        os.kill(int((folder / "owner.pid").read_text()), 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError):
        return True  # not ours to judge (no record, or another user's process)
    return True


def _clear_orphans(bin_dir: Path) -> None:
    """Servers left running by a test session that was killed (no teardown ran) are stopped."""
    places = {Path("/tmp"), Path(tempfile.gettempdir())}
    for folder in (found for place in places for found in place.glob("carepoint-pg-*")):
        if (folder / "owner.pid").is_file() and not _owner_alive(folder):
            _stop(PgServer("", 0, "", "", bin_dir, folder, _runner()[0]))


def _start(settings: tuple[str, ...] | list[str] = ()) -> PgServer:
    """`settings`: extra NAME=VALUE server settings (`-c`), after the tests' own."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        # The suite's processes (pytest-xdist) each get here on a fresh machine: one installs,
        # the others wait for it (two apt-get runs at once fail on dpkg's lock).
        with open(Path(tempfile.gettempdir()) / "carepoint-pg-install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            bin_dir = _bin_dir()
            if bin_dir is None:
                reason = _install()
                if reason:
                    raise _Unavailable(reason)
                bin_dir = _bin_dir()
        if bin_dir is None:
            raise _Unavailable("apt-get installed postgresql but no initdb was found")
    prefix, uid, gid = _runner()
    _clear_orphans(bin_dir)
    # Not under root's home: the unprivileged user must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="carepoint-pg-", dir="/tmp" if uid else None))
    (folder / "owner.pid").write_text(str(os.getpid()))
    data, pwfile = folder / "data", folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if uid is not None:
        for path in (folder, pwfile):
            os.chown(path, uid, gid)
    initdb = [*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER,
              f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
              "-E", "UTF8", "--locale=C", "--no-sync"]  # fmt: skip
    done = subprocess.run(initdb, capture_output=True, text=True)
    if done.returncode != 0:
        raise _Unavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
    port = _free_port()
    # Durability is not under test here: no fsync keeps CREATE DATABASE and commits fast.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    ) + "".join(f" -c {shlex.quote(setting)}" for setting in settings)
    start = [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
             "-o", options, "-w", "-t", "60", "start"]  # fmt: skip
    done = subprocess.run(start, capture_output=True, text=True)
    if done.returncode != 0:
        log = (
            (folder / "log").read_text(errors="replace")[-500:] if (folder / "log").exists() else ""
        )
        raise _Unavailable(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")
    return PgServer("127.0.0.1", port, SUPERUSER, PASSWORD, bin_dir, folder, prefix)


def _stop(server: PgServer) -> None:
    if server.folder is None:
        return
    subprocess.run(
        [*server.process_owner, server.tool("pg_ctl"), "-D", str(server.folder / "data"),
         "-m", "immediate", "-w", "stop"],
        capture_output=True,
    )  # fmt: skip
    shutil.rmtree(server.folder, ignore_errors=True)


class _Unavailable(Exception):
    pass


def _existing(url: str) -> PgServer:
    parts = urlsplit(url)
    bin_dir = _bin_dir()
    return PgServer(parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "",
                    parts.password or "", bin_dir)  # fmt: skip


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (skipped, with the reason, when none can be had)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]' installs it)")
    if url := os.environ.get("CAREPOINT_TEST_PG_URL"):
        yield _existing(url)
        return
    started = time.perf_counter()
    try:
        server = _start()
    except _Unavailable as why:
        pytest.skip(f"no PostgreSQL server for the tests: {why}")
    server.started_in = time.perf_counter() - started
    try:
        yield server
    finally:
        _stop(server)


def office_template(server: PgServer) -> str:
    """A database with CarePoint's schema already migrated, cloned for each test."""
    if "office" not in server.templates:
        from carepoint import migrations
        from carepoint.office.postgres import open_postgres, prepare

        name = server.create_database(f"carepoint_tpl_{os.getpid()}")
        db = open_postgres(server.url(name), password=server.password)
        try:
            prepare(db)
            migrations.upgrade(db)
        finally:
            db.close()
        server.templates["office"] = name
    return server.templates["office"]


@pytest.fixture
def pg_database(pg_server, monkeypatch):
    """A fresh database with the migrated schema: its URL (no password; the password is in
    CAREPOINT_DB_PASSWORD for the test, as an office would set it)."""
    name = pg_server.create_database(template=office_template(pg_server))
    monkeypatch.setenv("CAREPOINT_DB_PASSWORD", pg_server.password)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    """Run the test on both engines: None for SQLite, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_database")


def office_digest(folder: Path, leave_out: tuple[str, ...] = ()) -> str:
    """sha256 of an ordered dump of every table (but `leave_out`) of the office database a data
    folder names (the PostgreSQL counterpart of dumping its SQLite file)."""
    import hashlib
    import json as json_module

    import psycopg

    url = json_module.loads((Path(folder) / "database.json").read_text(encoding="utf-8"))["url"]
    lines = []
    with psycopg.connect(url, password=os.environ.get("CAREPOINT_DB_PASSWORD")) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        for table in (t for t in tables if t not in leave_out):
            count = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, count + 1))
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
                lines.append(f"{table}\t{row!r}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
