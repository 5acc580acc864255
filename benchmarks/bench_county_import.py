"""A county on PostgreSQL filled through the real path (issue 21 item 4): 300 village packages
(1,500 residents × 12 months each) imported by their townships, forwarded, and imported by the
county into one PostgreSQL database (target ≤ 5 minutes); then `county overview` for one month
over every village on that database (target ≤ 2 s, median of 5).

    nice -n 10 .venv/bin/python benchmarks/bench_county_import.py \
        [--villages 300] [--townships 20] [--residents 1500] [--months 12] [--month 2026-10]
        [--keep DIR | --reuse DIR [--keep-database]] [--server-setting NAME=VALUE ...]
        [--url postgresql://SUPERUSER:PW@HOST:PORT/postgres] [--profile-dry-run] [--plain-copy]

How the county is built (benchmarks/county_villages.py): one demo village, copied for every
village with its own code, keys, uuids and ID numbers, each enrolled at its township (SQLite) and
exported with the core `export_package` (what `sync export` calls), in this process. What is
timed runs as the `carepoint` command line, one process per command, as an office runs it:
(a) each township's `sync import` of its villages' packages, (b) each township's
`township forward --to DIR`, (c) the county's `county import` of every container at once (one
transaction), (d) `county overview --month M` five times. Each with wall and CPU seconds and
peak RSS of the process (os.wait4), and the machine's load average sampled meanwhile.
`--plain-copy` adds (e), the natural baseline of (c) in the same run: the rows (c) wrote, read
back, then sent by a plain `COPY … FROM STDIN` into a fresh clone of the county before its import
(same tables, indexes, triggers, policies), one transaction; and (c) ÷ (e). `--plain-copy-times K`
sends the village copies' rows (tw_*) K times over, each time with new ids and village codes (the
same new code for a village in every table): the plain COPY of a county K times the kept one.
`--plain-copy-unindexed` drops the tables' indexes and keys before (e) and builds them again after
the rows are in (timed): PostgreSQL's own fastest way to fill empty tables.
`--profile-dry-run` first runs `county import --dry-run` of the first container under cProfile
(all the work, rolled back; the database is vacuumed after) and prints where its time went.

Without --url a private server is started as the tests start theirs (tests/pg_server.py:
fsync, synchronous_commit and full_page_writes off), with each `--server-setting NAME=VALUE`
added as `-c NAME=VALUE` (an office server's shared_buffers, max_wal_size, …); the settings it
runs with are printed (SHOW). Date fixed to 2026-11-23.

`--keep DIR` builds everything in DIR and leaves it: the template village, packages, containers,
township folders, the county's folder, and the private server's data folder (DIR/pg, stopped
cleanly at the end). Right before (c) the enrolled county database, with no village data yet, is
copied as the database `county_before_import` (CREATE DATABASE … TEMPLATE), and DIR/reuse.json
records what a later run needs. `--reuse DIR` then skips generation, (a) and (b): it starts the
kept server on a free port, clones `county_before_import` into `county_reused`, points the
county folder's database.json at it, brings its schema up to this code's migrations (untimed),
and runs (c) and (d) exactly as a full run does. The imported database is dropped at the end
and the server stopped, so runs repeat; the template stays. With `--keep-database` a --reuse run
leaves the imported database and its server running (the county folder names it), to look at by
hand; the next --reuse stops that server and replaces the database. Without --keep or --reuse
everything is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).resolve().parent)]
os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

import county_villages as cv  # noqa: E402

SERVER: list = []  # the PostgreSQL server (tests/pg_server.PgServer)

# The child's own peak RSS is its VmHWM (getrusage's maxrss of a child counts the parent's
# memory at the fork), written to the file named in argv[1] when it ends.
_HWM = ("import atexit, re, sys; hwm = sys.argv.pop(1); atexit.register(lambda: open(hwm, 'w')"
        ".write(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]));"
        " from carepoint.cli import main;")  # fmt: skip
CLI = _HWM + " sys.exit(main(sys.argv[1:]))"
PROFILED = (_HWM + " import cProfile; out = sys.argv.pop(1); p = cProfile.Profile();"
            " code = p.runcall(main, sys.argv[1:]); p.dump_stats(out); sys.exit(code)")  # fmt: skip


class Load:
    """The 1-minute load average, sampled every 5 s, per phase."""

    def __init__(self):
        self.phase, self.samples, self._stop = "setup", {}, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self._stop.wait(5):
            self.samples.setdefault(self.phase, []).append(os.getloadavg()[0])

    def of(self, phase: str) -> str:
        found = self.samples.get(phase) or [os.getloadavg()[0]]
        return f"load {min(found):.1f}–{max(found):.1f} (mean {statistics.mean(found):.1f})"

    def stop(self):
        self._stop.set()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def carepoint(folder: Path, *args, profile: Path | None = None) -> tuple[dict, float, float, int]:
    """Run `carepoint --json --data-dir FOLDER ARGS`; (its JSON, wall s, CPU s, peak RSS MB)."""
    hwm = Path(tempfile.mkstemp(prefix="bench-hwm-")[1])
    code = [PROFILED, str(hwm), str(profile)] if profile else [CLI, str(hwm)]
    command = [sys.executable, "-c", *code, "--json", "--data-dir", str(folder), *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CAREPOINT_PASSPHRASE": cv.PASSPHRASE}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0), err.seek(0)
        text, error = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"carepoint {' '.join(map(str, args))} failed:\n{text}\n{error[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    peak = int(hwm.read_text() or 0) // 1024
    hwm.unlink()
    return json.loads(text), wall, cpu, peak


def server_cpu(server) -> float:
    """CPU seconds the PostgreSQL server has used: the postmaster, its ended backends (reaped
    into its children's times) and the live ones. Only for a server this script started."""
    if server.folder is None:
        return 0.0
    postmaster = (server.folder / "data" / "postmaster.pid").read_text().split()[0]
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if pid == postmaster:
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        elif fields[1] == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def row_counts(server, name: str) -> dict[str, int]:
    with server.connect(name) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE"
            " 'tw\\_%' OR tablename LIKE 'county\\_%' OR tablename LIKE 'township\\_%')"
            " ORDER BY tablename")]  # fmt: skip
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts["(database bytes)"] = conn.execute(
            "SELECT pg_database_size(current_database())").fetchone()[0]  # fmt: skip
    return {t: n for t, n in counts.items() if n}


def print_profile(path: Path, limit: int = 30) -> None:
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def timed_phase(load: Load, name: str, runs) -> tuple[list, float, float, int]:
    load.phase = name
    print(f"[{name}] start: {uptime()}", flush=True)
    before, started = server_cpu(SERVER[0]), time.perf_counter()
    results = [carepoint(*run) for run in runs]
    wall = time.perf_counter() - started
    print(f"[{name}] end:   {uptime()}; PostgreSQL server CPU meanwhile"
          f" {server_cpu(SERVER[0]) - before:.1f} s", flush=True)  # fmt: skip
    cpu = sum(r[2] for r in results)
    return results, wall, cpu, max(r[3] for r in results)


REUSE_FILE = "reuse.json"  # in a --keep folder: what --reuse needs
TEMPLATE = "county_before_import"  # the enrolled county database, no village data yet
REUSED = "county_reused"  # the template's clone a --reuse run imports into
# The private server's own settings, as tests/pg_server._start starts it (a kept server is started
# again here with the same ones).
TEST_SETTINGS = ("listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off",
                 "full_page_writes=off", "max_connections=200")  # fmt: skip
SHOWN = ("shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size", "checkpoint_timeout",
         "effective_cache_size", "max_parallel_workers_per_gather", "jit")  # fmt: skip


def server_setting(text: str) -> str:
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"NAME=VALUE expected, not {text!r}")
    return f"{name.strip()}={value.strip()}"


def print_settings(server, extra: list[str]) -> None:
    """What the county's server runs with, as it reports it (SHOW)."""
    names = list(dict.fromkeys([*SHOWN, *(s.split("=", 1)[0] for s in extra)]))
    with server.connect() as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        shown = {n: conn.execute(f'SHOW "{n}"').fetchone()[0] for n in names}
    given = f"; given: {' '.join(f'-c {s}' for s in extra)}" if extra else "; no --server-setting"
    fixed = "" if server.folder is None else f"; fixed: {', '.join(TEST_SETTINGS[1:4])}"
    print(f"PostgreSQL {version} on port {server.port}{fixed}{given}")
    print("    " + ", ".join(f"{n}={v}" for n, v in shown.items()), flush=True)


def start_kept(folder: Path, info: dict, settings: list[str]):
    """The kept server (data folder FOLDER/data) started again on a free port."""
    import pg_server

    if not (folder / "data" / "PG_VERSION").is_file():
        raise SystemExit(f"no kept PostgreSQL data folder in {folder}")
    prefix = pg_server._runner()[0]
    server = pg_server.PgServer("127.0.0.1", pg_server._free_port(), info["user"],
                                info["password"], pg_server._bin_dir(), folder, prefix)  # fmt: skip
    pg_ctl = [*prefix, server.tool("pg_ctl"), "-D", str(folder / "data")]
    if subprocess.run([*pg_ctl, "status"], capture_output=True).returncode == 0:
        print(
            "the kept server was still running (--keep-database, or a killed run): stopped",
            flush=True,
        )
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "-t", "600", "stop"], capture_output=True)
    options = f"-p {server.port} -k {folder}" + "".join(
        f" -c {shlex.quote(s)}" for s in (*TEST_SETTINGS, *settings)
    )
    done = subprocess.run([*pg_ctl, "-l", str(folder / "log"), "-o", options, "-w", "-t", "600",
                           "start"], capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        log = (folder / "log").read_text(errors="replace")[-1500:]
        raise SystemExit(f"pg_ctl start failed: {done.stdout}{done.stderr}\n{log}")
    return server


def stop_kept(server, root: Path) -> None:
    """Stopped cleanly (not deleted), its folder moved into ROOT/pg if it is not there yet."""
    subprocess.run([*server.process_owner, server.tool("pg_ctl"), "-D",
                    str(server.folder / "data"), "-m", "fast", "-w", "-t", "600", "stop"],
                   capture_output=True)  # fmt: skip
    if server.folder != root / "pg":
        shutil.move(str(server.folder), root / "pg")
        (root / "pg" / "owner.pid").unlink(missing_ok=True)


def save_template(server, name: str, root: Path, info: dict) -> None:
    """The enrolled county database, before any village data, kept as TEMPLATE; and REUSE_FILE."""
    with server.connect() as conn:
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()", [name]).fetchone()[0]  # fmt: skip
    started = time.perf_counter()
    server.drop_database(TEMPLATE)
    server.create_database(TEMPLATE, template=name)
    (root / REUSE_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1))
    print(f"kept the enrolled county database as {TEMPLATE} ({time.perf_counter() - started:.1f}"
          f" s; {ended} connection(s) to it ended first) and {root / REUSE_FILE}: --reuse {root}"
          " redoes (c) and (d) only", flush=True)  # fmt: skip


def prepare_reused(server, info: dict) -> tuple[str, Path, list[Path]]:
    """A fresh clone of the template, the county folder pointed at it, its schema brought up to
    this code's migrations (out of the timing: `county import` would otherwise do it)."""
    from dataclasses import replace

    from carepoint import migrations
    from carepoint.office import config as office_config
    from carepoint.office.postgres import open_postgres, prepare

    county = Path(info["county"])
    containers = [Path(c) for c in info["containers"]]
    missing = [str(c) for c in containers if not c.is_file()]
    if missing:
        raise SystemExit(f"kept containers missing: {', '.join(missing)}")
    started = time.perf_counter()
    server.drop_database(REUSED)
    server.create_database(REUSED, template=info["template"])
    url = server.url(REUSED)
    office_config.write(county, replace(office_config.read(county), url=url))
    db = open_postgres(url, password=server.password)
    try:
        prepare(db)
        before = migrations.schema_version(db)
        applied = migrations.upgrade(db)
    finally:
        db.close()
    steps = f"steps {applied[0]}–{applied[-1]} applied" if applied else "nothing to apply"
    seconds = time.perf_counter() - started
    print(f"{REUSED} cloned from {info['template']} and named in {county}/database.json; schema"
          f" {before} → {migrations.latest_version()} ({steps}); {seconds:.1f} s",
          flush=True)  # fmt: skip
    return REUSED, county, containers


def build(args, load: Load, server, root: Path, name: str):
    """Generation, (a) the townships' imports and (b) their forwards; (county, containers)."""
    from carepoint.setup import initialise

    county = root / "county"
    initialise(county, code=cv.COUNTY[0], name=cv.COUNTY[1], role="county",
               database=server.url(name)).close()  # fmt: skip
    townships = cv.plan(root, args.villages, args.townships)

    load.phase = "generation"
    started, cpu0 = time.perf_counter(), time.process_time()
    demo = cv.make_template(root / "template", args.residents, args.months)
    print(f"demo village ({args.residents:,} residents, {args.months} months): {demo:.1f} s",
          flush=True)  # fmt: skip
    cv.enroll_townships(county, townships, root)
    exports = cv.make_villages(root / "template", townships, root)
    generation = time.perf_counter() - started
    size = sum(p.stat().st_size for t in townships for p in t.packages)
    print(f"generation (demo + {args.villages} villages copied, enrolled, exported, in this"
          f" process): {generation:.0f} s wall, {time.process_time() - cpu0:.0f} s CPU;"
          f" export of one village median {statistics.median(exports):.2f} s"
          f" ({min(exports):.2f}–{max(exports):.2f}); packages {size / 1e6:,.0f} MB in all;"
          f" {load.of('generation')}", flush=True)  # fmt: skip

    found, wall, cpu, rss = timed_phase(load, "township import", [
        (t.folder, "sync", "import", *t.packages) for t in townships])  # fmt: skip
    records = sum(p["new"] for r in found for p in r[0]["packages"])
    print(f"(a) townships' `sync import` of {args.villages} packages ({records:,} records)"
          f" in {len(townships)} processes: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS"
          f" {rss} MB; per township median {statistics.median(r[1] for r in found):.1f} s;"
          f" {load.of('township import')}", flush=True)  # fmt: skip

    usb = root / "county-usb"
    found, wall, cpu, rss = timed_phase(load, "forward", [
        (t.folder, "township", "forward", "--to", usb) for t in townships])  # fmt: skip
    containers = [Path(r[0]["file"]) for r in found]
    size = sum(p.stat().st_size for p in containers)
    print(f"(b) `township forward` × {len(townships)}: {wall:.1f} s wall, {cpu:.1f} s CPU,"
          f" peak RSS {rss} MB; containers {size / 1e6:,.0f} MB in all;"
          f" {load.of('forward')}", flush=True)  # fmt: skip
    return county, containers


def county_steps(args, load: Load, server, name: str, county: Path, containers: list[Path],
                 month: str, before_import=None, template: str | None = None) -> None:  # fmt: skip
    """(profile,) (c) `county import` of every container, (d) `county overview` × 5 and, with
    --plain-copy, (e) the plain COPY of (c)'s rows."""
    if args.profile_dry_run:
        out = county.parent / "county-import-dry-run.prof"
        load.phase = "profile"
        before = server_cpu(server)
        found, wall, cpu, rss = carepoint(county, "county", "import", "--dry-run",
                                          containers[0], profile=out)  # fmt: skip
        print(f"PostgreSQL server CPU meanwhile {server_cpu(server) - before:.1f} s")
        print(f"cProfile'd `county import --dry-run` of 1 container"
              f" ({sum(len(c['villages']) for c in found['containers'])} villages): {wall:.1f} s"
              f" wall, {cpu:.1f} s CPU, peak RSS {rss} MB; {load.of('profile')}",
              flush=True)  # fmt: skip
        print_profile(out)
        with server.connect(name) as conn:
            conn.execute("VACUUM ANALYZE")
    if before_import:
        before_import()

    found, wall, cpu, rss = timed_phase(load, "county import", [
        (county, "county", "import", *containers)])  # fmt: skip
    result = found[0][0]
    villages = sum(len(c["villages"]) for c in result["containers"])
    records = sum(v["new"] for c in result["containers"] for v in c["villages"])
    print(
        f"(c) THE FIGURE: `county import` of {len(containers)} containers, {villages}"
        f" village packages, {records:,} records, into one PostgreSQL database: {wall:.1f} s"
        f" wall ({wall / 60:.1f} min; target ≤ 5 min), {cpu:.1f} s CPU (the client"
        f" process), peak RSS {rss} MB; {records / wall:,.0f} records/s;"
        f" {load.of('county import')}; new flags {len(result['flags'])}",
        flush=True,
    )
    counts = row_counts(server, name)
    for table, count in counts.items():
        print(f"    {table:28} {count:>14,}")

    runs = [(county, "county", "overview", "--month", month)] * 5
    found, _wall, _cpu, rss = timed_phase(load, "overview", runs)
    walls = [r[1] for r in found]
    figures = found[0][0]
    shown = sum(len(t["villages"]) for t in figures["townships"])
    print(f"(d) `county overview --month {month}` ({len(figures['townships'])} townships,"
          f" {shown} villages, {sum(t['residents'] for t in figures['townships']):,}"
          f" residents): median {statistics.median(walls):.2f} s of 5 whole commands"
          f" ({', '.join(f'{w:.2f}' for w in walls)}; target ≤ 2 s), CPU"
          f" {statistics.median(r[2] for r in found):.2f} s, peak RSS {rss} MB;"
          f" {load.of('overview')}", flush=True)  # fmt: skip
    try:
        found = overview_in_process(county, month)
    except Exception as error:  # e.g. the database upgraded by newer code than this process loaded
        found = f"not measured: {error}"
    print(f"    in-process county_month: {found}", flush=True)
    if args.plain_copy:
        baseline = plain_copy_baseline(load, server, name, template, args.plain_copy_times,
                                       args.plain_copy_unindexed)  # fmt: skip
        if args.plain_copy_times == 1:
            print(f"(c) ÷ (e): `county import` {wall:.1f} s is ×{wall / baseline:.2f} the plain"
                  f" COPY of its rows ({baseline:.1f} s)", flush=True)  # fmt: skip


PLAIN = "county_plain_copy"  # the baseline's database: the template again, filled by plain COPY


def public_counts(server, name: str) -> dict[str, int]:
    with server.connect(name) as conn:
        listed = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        tables = [t for (t,) in conn.execute(listed)]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def renumbered(text, times: int, id_at: int, code_at: int, step: int, codes: dict):
    """The COPY text of a village copy table again for copies 1 … times-1 of every village: each
    row's id moved up by a multiple of `step`, its village code replaced by an unused one (the
    same one in every table), so the copies' keys (id; village_code, uuid) stay unique."""
    out = tempfile.TemporaryFile()
    for k in range(1, times):
        text.seek(0)
        for line in text:
            fields = line.split(b"\t")
            fields[id_at] = b"%d" % (int(fields[id_at]) + k * step)
            code = fields[code_at]
            if (k, code) not in codes:
                codes[(k, code)] = code[:6] + b"%06d" % (900000 + len(codes))
            fields[code_at] = codes[(k, code)]
            out.write(b"\t".join(fields))
    out.seek(0)
    return out


def _drop_keys(conn, table: str) -> list[str]:
    """Drop a table's indexes, its key constraints among them; the statements that build them
    again (the engine's own bulk path: rows first, each index sorted once after)."""
    again = []
    for name, definition in conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
        " AND contype IN ('p', 'u')", [table]):  # fmt: skip
        conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        again.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for name, definition in conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s",
        [table]):  # fmt: skip
        conn.execute(f'DROP INDEX "{name}"')
        again.append(definition)
    return again


def plain_copy_baseline(load: Load, server, imported: str, template: str, times: int = 1,
                        unindexed: bool = False) -> float:  # fmt: skip
    """(e) The natural baseline of (c), in the same run: the very rows (c) wrote, into the same
    tables with the same indexes, triggers and policies (a clone of the county before its import),
    by a plain `COPY … FROM STDIN` in one transaction, the client only streaming COPY text it
    already holds (read back from (c)'s tables beforehand, untimed, one table at a time through
    a temporary file). Nothing checked, decoded or signed: what the engine alone needs.

    With `times` K > 1 the village copies' rows (tw_*) go in K times over, renumbered (see
    renumbered; prepared before the timing): the plain COPY of a county K times as large.
    `unindexed`: the tables' indexes (keys included) are dropped first and built again after the
    rows are in, the rebuild timed: the engine's fastest way to fill empty tables."""
    server.drop_database(PLAIN)
    server.create_database(PLAIN, template=template)
    before_import = public_counts(server, template)
    counts = public_counts(server, imported)
    tables = [t for t, n in counts.items() if n and not before_import.get(t)]
    load.phase = "plain copy"
    print(f"[plain copy] start: {uptime()}", flush=True)
    wall = cpu = 0.0
    rows = 0
    codes: dict = {}
    with server.connect(imported) as source, server.connect(PLAIN) as target:
        with target.transaction():
            for table in tables:
                names = [c for (c,) in source.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " AND table_schema = 'public' ORDER BY ordinal_position", [table])]  # fmt: skip
                columns = ", ".join(f'"{c}"' for c in names)
                with tempfile.TemporaryFile() as text:
                    with source.cursor().copy(f'COPY "{table}" ({columns}) TO STDOUT') as out:
                        for block in out:
                            text.write(block)
                    texts = [text]
                    again = times > 1 and table.startswith("tw_")
                    if again:
                        step = source.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] + 1
                        assert names[-1] not in ("id", "village_code"), table
                        at = names.index("id"), names.index("village_code")
                        texts.append(renumbered(text, times, *at, step, codes))
                    rebuild = _drop_keys(target, table) if unindexed else []
                    before, started = server_cpu(server), time.perf_counter()
                    with target.cursor().copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                        for each in texts:
                            each.seek(0)
                            while block := each.read(1 << 20):
                                copy.write(block)
                    for statement in rebuild:
                        target.execute(statement)
                    wall += time.perf_counter() - started
                    cpu += server_cpu(server) - before
                    if again:
                        texts[1].close()
                rows += counts[table] * (times if again else 1)
            started = time.perf_counter()
        wall += time.perf_counter() - started  # the commit
    print(f"[plain copy] end:   {uptime()}", flush=True)
    what = "the same" if times == 1 else f"{times} times (c)'s village rows, renumbered:"
    how = " (indexes dropped, built again after the rows)" if unindexed else ""
    print(f"(e) BASELINE: plain COPY of {what} {rows:,} rows ({len(tables)} tables) into the"
          f" county before its import{how}, one transaction: {wall:.1f} s wall"
          f" ({wall / 60:.1f} min), PostgreSQL server CPU {cpu:.1f} s; {rows / wall:,.0f} rows/s;"
          f" {load.of('plain copy')}",
          flush=True)  # fmt: skip
    server.drop_database(PLAIN)
    return wall


def head() -> str:
    """The commit the code is at, "+changes" when carepoint/ has uncommitted changes."""
    git = ["git", "-C", str(ROOT)]
    done = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run([*git, "status", "--porcelain", "--", "carepoint"],
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    return (done.stdout.strip() or "?") + ("+changes" if changed else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--month", help="the overview's month (default 2026-10, or the kept one)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--keep",
        type=Path,
        help="build (and leave) everything in this folder,"
        " the private server's data and the county before its import included",
    )
    where.add_argument("--reuse", type=Path, help="a --keep folder: redo only (c) and (d)")
    parser.add_argument("--url", help="a superuser's postgresql:// URL (default: a private server)")
    parser.add_argument(
        "--server-setting",
        action="append",
        default=[],
        type=server_setting,
        metavar="NAME=VALUE",
        help="-c NAME=VALUE for the private server",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="with --reuse: leave the imported database and its server running",
    )
    parser.add_argument("--profile-dry-run", action="store_true")
    parser.add_argument(
        "--plain-copy",
        action="store_true",
        help="(e): also COPY (c)'s rows plainly into a clone of the county before its import",
    )
    parser.add_argument(
        "--plain-copy-times",
        type=int,
        default=1,
        metavar="K",
        help="(e) with the village copies' rows K times over, renumbered: a county K times larger",
    )
    parser.add_argument(
        "--plain-copy-unindexed",
        action="store_true",
        help="(e) into tables without their indexes, built again after (timed)",
    )
    args = parser.parse_args()
    if args.url and (args.reuse or args.server_setting):
        parser.error("--reuse and --server-setting need the private server (no --url)")
    if args.plain_copy and args.url:
        parser.error("--plain-copy needs the private server (no --url)")
    if args.keep_database and not args.reuse:
        parser.error("--keep-database goes with --reuse")

    import pg_server

    load = Load()
    root = args.keep or args.reuse or Path(tempfile.mkdtemp(prefix="bench-county-import-"))
    root = root.resolve()
    info = {}
    if args.reuse:
        try:
            info = json.loads((root / REUSE_FILE).read_text())
        except (OSError, ValueError) as error:
            raise SystemExit(f"{root} is not a finished --keep folder: {error}") from None
        print(f"REUSED {root} (built at {info['commit']}; this code {head()}):"
              f" {info['villages']} villages in {info['townships']} townships,"
              f" {info['residents']:,} residents × {info['months']} months;"
              f" {len(info['containers'])} containers; {uptime()}", flush=True)  # fmt: skip
        server = start_kept(root / "pg", info, args.server_setting)
    else:
        if args.keep and (root / "pg").exists():
            raise SystemExit(f"{root} already holds a kept server: use --reuse, or a new folder")
        root.mkdir(parents=True, exist_ok=True)
        print(f"{args.villages} villages in {args.townships} townships, {args.residents:,}"
              f" residents × {args.months} months; folder {root}; HEAD {head()}; {uptime()}",
              flush=True)  # fmt: skip
        server = (pg_server._existing(args.url) if args.url
                  else pg_server._start(args.server_setting))  # fmt: skip
    SERVER.append(server)
    name = None
    try:
        print_settings(server, args.server_setting)
        os.environ["CAREPOINT_DB_PASSWORD"] = server.password
        if args.reuse:
            name, county, containers = prepare_reused(server, info)
            county_steps(args, load, server, name, county, containers,
                         args.month or info["month"], template=info["template"])  # fmt: skip
        else:
            name = server.create_database(f"bench_county_{os.getpid()}")
            county, containers = build(args, load, server, root, name)
            save = None
            if (args.keep or args.plain_copy) and not args.url:
                info = {"server_folder": str(root / "pg"), "user": server.user,
                        "password": server.password, "port": server.port, "template": TEMPLATE,
                        "county": str(county), "containers": [str(c) for c in containers],
                        "month": args.month or "2026-10", "villages": args.villages,
                        "townships": args.townships, "residents": args.residents,
                        "months": args.months, "commit": head()}  # fmt: skip

                def save():
                    save_template(server, name, root, info)

            county_steps(args, load, server, name, county, containers, args.month or "2026-10",
                         before_import=save, template=TEMPLATE)  # fmt: skip
        print(
            f"this process: peak RSS"
            f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; {uptime()}"
        )
    finally:
        load.stop()
        kept = args.keep or args.reuse
        if name and (args.url or kept) and not args.keep_database:
            server.drop_database(name)
        if args.url:
            pass
        elif args.reuse and args.keep_database:
            stop = [*server.process_owner, server.tool("pg_ctl"), "-D", str(root / "pg" / "data"),
                    "-m", "fast", "stop"]  # fmt: skip
            print(f"server left running on port {server.port} with {name}:"
                  f" CAREPOINT_DB_PASSWORD={server.password} carepoint --data-dir"
                  f" {root / 'county'} county overview --month …; stop it with"
                  f" `{shlex.join(stop)}` (a later --reuse stops it too)", flush=True)  # fmt: skip
        elif kept:
            stop_kept(server, root)
            print(f"server stopped; its data kept in {root / 'pg'}", flush=True)
        else:
            pg_server._stop(server)
        if not kept:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def overview_in_process(county: Path, month: str) -> str:
    from carepoint.county.overview import county_month
    from carepoint.db import open_store

    store = open_store(county, actor="bench")
    try:
        times = []
        for _round in range(5):
            started = time.perf_counter()
            county_month(store, month)
            times.append(time.perf_counter() - started)
    finally:
        store.close()
    return f"median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})"


if __name__ == "__main__":
    raise SystemExit(main())
