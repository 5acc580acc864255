"""Start-up and close of the desktop app, measured the way a cadre meets them, against a bare Qt
window with a table started the same way in the same run (alternating, so a busy machine slows
both alike).

Each run starts a fresh Python process that calls the real `ui.app.run()`. A small event filter
notes when the first window (the sign-in dialog) is up and the event loop idle, signs in (scrypt
included), notes when the main window is shown and idle, and when every home figure is painted
(they are counted off the GUI thread); then it makes one change (a setting, through the store as
a page would), closes the window and quits. The parent notes when the process has ended.

Printed per figure: min, median and max over the runs, and the ratio of the first window to the
bare Qt window (median, min–max of the per-pair ratios). With `--cold` the page cache is dropped
before every process (root only: `sync; echo 3 > /proc/sys/vm/drop_caches`).

    .venv/bin/python benchmarks/bench_startup.py [--residents 1500] [--runs 5]
    .venv/bin/python benchmarks/bench_startup.py --data /tmp/county [--cold] [--no-change]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USERNAME, PASSWORD = "bench", "bench-password"

CHILD = r"""
import json, sys, time
spawned = float(sys.argv[1])
marks = {"python_ready": time.time() - spawned}
change = sys.argv[5] == "1"

import ui.qt_setup as qt_setup
from ui import app as app_module

prepare = qt_setup.prepare_application


def peak_rss():
    status = open("/proc/self/status").read()  # VmHWM: this program's own peak
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def home_painted(window):
    from ui.home_page import HomePage

    pages = window.findChildren(HomePage)
    if not pages:
        return True
    page = pages[0]
    from PySide6.QtWidgets import QWidget

    parts = [page, *page.findChildren(QWidget)]  # the cards, the month's path …
    return all(not getattr(part, "loading", False) for part in parts) and page.summary is not None


def prepare_and_watch(*args, **kwargs):
    application = prepare(*args, **kwargs)
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
                name = type(watched).__name__
                if "first_window" not in marks:
                    marks["first_window_kind"] = name
                    QTimer.singleShot(0, lambda: marks.setdefault(
                        "first_window", time.time() - spawned))
                if name == "SignInDialog" and "sign_in_shown" not in marks:
                    QTimer.singleShot(0, lambda: self.sign_in(watched))
                elif name == "MainWindow" and "main_window_shown" not in marks:
                    QTimer.singleShot(0, lambda: self.main_window(watched))
            return False

        def sign_in(self, dialog):
            marks["sign_in_shown"] = time.time() - spawned
            marks["_signing_in"] = time.time()
            dialog.form.username.setText(sys.argv[2])
            dialog.form.password.setText(sys.argv[3])
            dialog.form.attempt()

        def main_window(self, window):
            now = time.time()
            marks["main_window_shown"] = now - spawned
            marks["sign_in_to_main_window"] = now - marks["_signing_in"]
            self.window = window
            self.poll = QTimer(self)
            self.poll.timeout.connect(self.painted)
            self.poll.start(5)

        def painted(self):
            if not home_painted(self.window) and time.time() - spawned < 60:
                return
            self.poll.stop()
            marks["sign_in_to_home_figures"] = time.time() - marks.pop("_signing_in")
            if change:  # what a page does when a cadre edits: a committed write
                store = self.window.context.store
                store.set_setting("bench_marker", str(time.time()))
            marks["peak_rss_mb"] = peak_rss()
            marks["closed_at"] = time.time()
            # printed now too: the app may end its process without returning (a check running)
            print(json.dumps(marks), flush=True)
            self.window.close()
            application.quit()

    watcher = Watcher(application)
    application.installEventFilter(watcher)
    return application


qt_setup.prepare_application = prepare_and_watch
code = app_module.run(data_dir=sys.argv[4])
marks["peak_rss_mb"] = peak_rss()
marks["exit_code"] = code
print(json.dumps(marks), flush=True)
"""

BARE = r"""
import sys, time
spawned = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
table = QTableWidget(20, 5)
for r in range(20):
    for c in range(5):
        table.setItem(r, c, QTableWidgetItem(f"{r}-{c}"))
table.resize(800, 500)
table.show()
def shown():
    print(time.time() - spawned, flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def make_data(folder: Path, residents: int) -> Path:
    from carepoint import users
    from carepoint.db import open_store
    from carepoint.demo import generate_village

    data = folder / "data"
    store = open_store(data, create=True, actor=USERNAME)
    generate_village(store, residents=residents)
    users.create_account(store, USERNAME, PASSWORD, "administrator")
    store.close()
    return data


def drop_caches() -> None:
    subprocess.run(["sync"], check=True)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def run_app(data: Path, env: dict[str, str], change: bool) -> dict:
    spawned = time.time()  # noqa: TID251 - the one clock two processes share (not a date)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, repr(spawned), USERNAME, PASSWORD, str(data),
         "1" if change else "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    ended = time.time()  # noqa: TID251 - compared with the child's time.time()
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"the app did not start:\n{result.stdout}\n{result.stderr}")
    marks = json.loads(lines[-1])
    marks["close_to_process_end"] = ended - marks.pop("closed_at")
    return marks


def run_bare(env: dict[str, str]) -> float:
    spawned = time.time()  # noqa: TID251 - the one clock two processes share (not a date)
    result = subprocess.run(
        [sys.executable, "-c", BARE, repr(spawned)], capture_output=True, text=True, env=env,
        timeout=120, check=True,
    )
    return float(result.stdout.split()[-1])


def spread(values: list[float]) -> str:
    return (f"min {min(values):.3f}  median {statistics.median(values):.3f}  "
            f"max {max(values):.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description="CarePoint start-up and close time")
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument(
        "--data", type=Path, help=f"reuse a data folder that has the account {USERNAME}"
    )
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each")
    parser.add_argument("--no-change", action="store_true", help="close without a change")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
    change = not args.no_change
    with tempfile.TemporaryDirectory(prefix="carepoint-bench-") as folder:
        began = time.perf_counter()
        if args.data:
            data = args.data
        else:
            data = make_data(Path(folder), args.residents)
            print(f"data: {args.residents:,} residents made in {time.perf_counter() - began:.1f} s")
        if not args.cold:  # warm the OS file cache, as a second start of the day would be
            run_app(data, env, change)
            run_bare(env)
        runs, bare = [], []
        for _ in range(args.runs):
            if args.cold:
                drop_caches()
            bare.append(run_bare(env))
            if args.cold:
                drop_caches()
            runs.append(run_app(data, env, change))
    for key, label in (
        ("python_ready", "interpreter up (before Qt)"),
        ("first_window", "first window shown, idle"),
        ("sign_in_to_main_window", "sign-in to main window, idle"),
        ("sign_in_to_home_figures", "sign-in to every home figure painted"),
        ("main_window_shown", "process start to main window, idle"),
        ("close_to_process_end", "window closed to process ended"),
    ):
        print(f"{label:38} {spread([run[key] for run in runs])}")
    print(f"{'bare Qt window with a table':38} {spread(bare)}")
    ratios = [run["first_window"] / b for run, b in zip(runs, bare, strict=True)]
    print(f"{'first window / bare Qt window':38} median {statistics.median(ratios):.2f}x "
          f"(min–max {min(ratios):.2f}–{max(ratios):.2f}x)")
    print(f"{'peak RSS':38} {max(run['peak_rss_mb'] for run in runs):.0f} MB")
    print(f"platform {args.platform}, {args.runs} runs{', cold cache' if args.cold else ''}, "
          f"{'one change before closing' if change else 'no change'}, "
          f"Python {sys.version.split()[0]}, first window: {runs[0]['first_window_kind']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
