"""A county on PostgreSQL filled through the real path (issue 21 item 4): 300 village packages
(1,500 residents × 12 months each) imported by their townships, forwarded, and imported by the
county into one PostgreSQL database (target ≤ 5 minutes); then `county overview` for one month
over every village on that database (target ≤ 2 s, median of 5).

    nice -n 10 .venv/bin/python benchmarks/bench_county_import.py \
        [--villages 300] [--townships 20] [--residents 1500] [--months 12] [--keep DIR]
        [--url postgresql://SUPERUSER:PW@HOST:PORT/postgres] [--profile-dry-run]

How the county is built (benchmarks/county_villages.py): one demo village, copied for every
village with its own code, keys, uuids and ID numbers, each enrolled at its township (SQLite) and
exported with the core `export_package` (what `sync export` calls), in this process. What is
timed runs as the `carepoint` command line, one process per command, as an office runs it:
(a) each township's `sync import` of its villages' packages, (b) each township's
`township forward --to DIR`, (c) the county's `county import` of every container at once (one
transaction), (d) `county overview --month M` five times. Each with wall and CPU seconds and
peak RSS of the process (os.wait4), and the machine's load average sampled meanwhile.
`--profile-dry-run` first runs `county import --dry-run` of the first container under cProfile
(all the work, rolled back; the database is vacuumed after) and prints where its time went.

Without --url a private server is started as the tests start theirs (tests/pg_server.py:
fsync, synchronous_commit and full_page_writes off); it is stopped at the end, so --keep keeps
the files (template village, packages, containers, township folders, the county's folder) but
not the county's database. Date fixed to 2026-11-23.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--month", default="2026-10", help="the overview's month")
    parser.add_argument("--keep", type=Path, help="build (and leave) everything in this folder")
    parser.add_argument("--url", help="a superuser's postgresql:// URL (default: a private server)")
    parser.add_argument("--profile-dry-run", action="store_true")
    args = parser.parse_args()

    import pg_server

    load = Load()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-county-import-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"{args.villages} villages in {args.townships} townships, {args.residents:,} residents"
          f" × {args.months} months; folder {root}; {uptime()}", flush=True)  # fmt: skip
    server = pg_server._existing(args.url) if args.url else pg_server._start()
    SERVER.append(server)
    name = None
    try:
        name = server.create_database(f"bench_county_{os.getpid()}")
        os.environ["CAREPOINT_DB_PASSWORD"] = server.password
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

        if args.profile_dry_run:
            out = root / "county-import-dry-run.prof"
            load.phase = "profile"
            before = server_cpu(server)
            _json, wall, cpu, rss = carepoint(county, "county", "import", "--dry-run",
                                              containers[0], profile=out)  # fmt: skip
            print(f"PostgreSQL server CPU meanwhile {server_cpu(server) - before:.1f} s")
            print(f"cProfile'd `county import --dry-run` of 1 container"
                  f" ({len(townships[0].villages)} villages): {wall:.1f} s wall, {cpu:.1f} s CPU,"
                  f" peak RSS {rss} MB; {load.of('profile')}", flush=True)  # fmt: skip
            print_profile(out)
            with server.connect(name) as conn:
                conn.execute("VACUUM ANALYZE")

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

        runs = [(county, "county", "overview", "--month", args.month)] * 5
        found, _wall, _cpu, rss = timed_phase(load, "overview", runs)
        walls = [r[1] for r in found]
        figures = found[0][0]
        shown = sum(len(t["villages"]) for t in figures["townships"])
        print(f"(d) `county overview --month {args.month}` ({len(figures['townships'])} townships,"
              f" {shown} villages, {sum(t['residents'] for t in figures['townships']):,}"
              f" residents): median {statistics.median(walls):.2f} s of 5 whole commands"
              f" ({', '.join(f'{w:.2f}' for w in walls)}; target ≤ 2 s), CPU"
              f" {statistics.median(r[2] for r in found):.2f} s, peak RSS {rss} MB;"
              f" {load.of('overview')}", flush=True)  # fmt: skip
        print(f"    in-process county_month: {overview_in_process(county, args.month)}")
        print(
            f"this process: peak RSS"
            f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; {uptime()}"
        )
    finally:
        load.stop()
        if name and args.url:
            server.drop_database(name)
        if not args.url:
            pg_server._stop(server)
        if not args.keep:
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
