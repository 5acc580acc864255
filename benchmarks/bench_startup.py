"""Start-up time of the desktop app, measured the way a cadre meets it.

A demo data folder (default 1,500 residents, with an account) is made once; then each run starts a
fresh Python process that calls the real `ui.app.run()`. A small event filter notes when the
sign-in dialog is up and the event loop idle, signs in (scrypt included), and notes when the main
window is shown and idle again; then the app quits. Printed: seconds from process start to the
sign-in dialog and to the interactive main window (minimum and median of the runs), peak RSS.

    .venv/bin/python benchmarks/bench_startup.py [--residents 1500] [--runs 5]
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
import json, resource, sys, time
spawned = float(sys.argv[1])
marks = {"python_ready": time.time() - spawned}

import ui.qt_setup as qt_setup
from ui import app as app_module

prepare = qt_setup.prepare_application


def prepare_and_watch(*args, **kwargs):
    application = prepare(*args, **kwargs)
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
                name = type(watched).__name__
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
            marks["sign_in_to_main_window"] = now - marks.pop("_signing_in")
            window.close()
            application.quit()

    watcher = Watcher(application)
    application.installEventFilter(watcher)
    return application


qt_setup.prepare_application = prepare_and_watch
code = app_module.run(data_dir=sys.argv[4])
try:  # VmHWM is this program's own peak; ru_maxrss can carry the parent's over a fork
    status = open("/proc/self/status").read()
    marks["peak_rss_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    marks["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
marks["exit_code"] = code
print(json.dumps(marks))
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


def run_once(data: Path, env: dict[str, str]) -> dict:
    spawned = time.time()  # noqa: TID251 - the child measures from this wall-clock moment
    result = subprocess.run(
        [sys.executable, "-c", CHILD, repr(spawned), USERNAME, PASSWORD, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"the app did not start:\n{result.stdout}\n{result.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description="CarePoint start-up time")
    parser.add_argument("--residents", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument(
        "--data", type=Path, help=f"reuse a data folder that has the account {USERNAME}"
    )
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
    with tempfile.TemporaryDirectory(prefix="carepoint-bench-") as folder:
        began = time.perf_counter()
        if args.data:
            data = args.data
        else:
            data = make_data(Path(folder), args.residents)
            print(f"data: {args.residents:,} residents made in {time.perf_counter() - began:.1f} s")
        run_once(data, env)  # warm the OS file cache, as a second start of the day would be
        runs = [run_once(data, env) for _ in range(args.runs)]
    for key, label in (
        ("python_ready", "interpreter up (before Qt)"),
        ("sign_in_shown", "sign-in dialog shown, idle"),
        ("sign_in_to_main_window", "sign-in to main window"),
        ("main_window_shown", "process start to main window, idle"),
    ):
        values = [run[key] for run in runs]
        print(f"{label:38} min {min(values):.3f} s   median {statistics.median(values):.3f} s")
    print(f"{'peak RSS':38} {max(run['peak_rss_mb'] for run in runs):.0f} MB")
    without_typing = [run["main_window_shown"] for run in runs]
    print(f"platform {args.platform}, {args.runs} runs, Python {sys.version.split()[0]}")
    return 0 if statistics.median(without_typing) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
