"""Install the .deb, use the installed app as a cadre would, time its start, remove it.

    python packaging/linux/check_installed.py packaging/dist/carepoint_<version>_<arch>.deb

Run as root on a Debian/Ubuntu machine with Xvfb and xdotool (packaging/check-deb installs them),
with the build environment's Python: its carepoint is the copy that was bundled (the version to
expect, the schema of the administrator account it adds), and build-linux gives it pypdf.
The start-up time is measured from outside the process: from launching `/usr/bin/carepoint gui` to
its window being mapped on a real X server (Xvfb, Qt's xcb plugin), then from pressing Enter on
the sign-in dialog to the main window of a 300-resident village being mapped.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGRAM = Path("/usr/bin/carepoint")
INSTALLED = Path("/opt/carepoint")
PASSWORD = "check-deb-2026"
MONTH = "2026-11"
RUNS = 3


def say(text: str) -> None:
    print(f"check-deb: {text}", flush=True)


def fail(text: str) -> None:
    raise SystemExit(f"check-deb: FAILED: {text}")


def run(*args: str, env: dict | None = None, program: Path = PROGRAM) -> str:
    done = subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, timeout=300
    )
    if done.returncode != 0 or "Traceback" in done.stderr:
        fail(f"carepoint {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def check_report(pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = [
        font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    ]
    embedded = [
        font for font in fonts
        if any("/FontFile2" in d.get_object().get("/FontDescriptor", {}) for d in
               font.get_object().get("/DescendantFonts", [font]))
    ]
    if "桃园村" not in text or "花名册" not in text:
        fail(f"the roster does not read back in Chinese: {text[:200]!r}")
    if not embedded:
        fail("the roster's font is not embedded")
    say(f"roster: {len(reader.pages)} pages, Chinese text extractable, font embedded")


def wait_for_window(pattern: str, env: dict, process: subprocess.Popen, limit=60.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", pattern],
            capture_output=True, text=True, env=env,
        ).stdout.split()
        if found:
            return time.monotonic()
        if process.poll() is not None:
            fail(f"the app ended ({process.returncode}) before a window named {pattern} showed: "
                 f"{process.stderr.read().decode(errors='replace')[-3000:]}")
        time.sleep(0.01)
    fail(f"no window named {pattern} within {limit:.0f} s")


def xdotool(env: dict, *args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env=env, capture_output=True)


def time_start(data_dir: Path, env: dict) -> tuple[float, float]:
    """Seconds from launch to the sign-in dialog, and from Enter to the main window."""
    launched = time.monotonic()
    app = subprocess.Popen(
        [str(PROGRAM), "--data-dir", str(data_dir), "gui"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        shown = wait_for_window("登录桃园村", env, app)
        dialog = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "登录桃园村"],
            capture_output=True, text=True, env=env,
        ).stdout.split()[0]
        xdotool(env, "windowfocus", "--sync", dialog)
        xdotool(env, "type", "--delay", "5", "admin")
        xdotool(env, "key", "Return")
        xdotool(env, "type", "--delay", "5", PASSWORD)
        entered = time.monotonic()
        xdotool(env, "key", "Return")
        signed_in = wait_for_window("^CarePoint — 桃园村", env, app)
        return shown - launched, signed_in - entered
    finally:
        app.terminate()
        app.wait(timeout=30)


def start_xvfb(env: dict) -> subprocess.Popen:
    # -displayfd: the server picks a free display and says which, once it accepts connections.
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    number = server.stdout.readline().strip()
    if not number:
        server.terminate()
        fail("Xvfb did not start")
    env["DISPLAY"] = f":{number}"
    return server


def add_administrator(data_dir: Path) -> None:
    from carepoint import users
    from carepoint.db import open_store

    store = open_store(data_dir, actor="check-deb")
    try:
        users.create_account(store, "admin", PASSWORD, "administrator")
    finally:
        store.close()


def check_portable(work: Path, env: dict) -> None:
    stick = work / "stick" / "CarePoint"
    shutil.copytree(INSTALLED, stick, symlinks=True)
    (stick / "carepoint-portable.txt").write_text("", encoding="utf-8")
    run("init", "--village-code", "321183104202", "--village-name", "杏花村",
        env=env, program=stick / "carepoint")
    if not (stick / "CarePointData" / "carepoint.sqlite3").is_file():
        fail("portable mode: no data folder beside the program")
    say("portable mode: the copied bundle keeps its data in CarePointData beside it")


def main(deb: Path) -> None:
    from carepoint import __version__

    work = Path(tempfile.mkdtemp(prefix="carepoint-check-deb-"))
    home = work / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8",
           "CAREPOINT_TODAY": "2026-11-23", "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True)
    say(f"installed {deb.name} ({deb.stat().st_size / 2**20:.0f} MB; "
        f"{du(INSTALLED) / 2**20:.0f} MB in {INSTALLED})")
    try:
        shown = run("--version", env=env).strip()
        if shown != f"carepoint {__version__}":
            fail(f"--version says {shown!r}, the source says {__version__}")
        say(f"--version: {shown}")
        village = work / "village"
        run("--data-dir", str(village), "init", "--village-code", "321183104201",
            "--village-name", "桃园村", "--township", "白兔镇", env=env)
        run("--data-dir", str(village), "demo", "--residents", "300", "--months", "3", env=env)
        pdf = work / "花名册.pdf"
        run("--data-dir", str(village), "report", "roster", "--month", MONTH,
            "--out", str(pdf), env=env)
        check_report(pdf)
        run("init", "--village-code", "321183104203", "--village-name", "梨树村", env=env)
        user_data = home / ".local" / "share" / "CarePoint"
        if not (user_data / "carepoint.sqlite3").is_file():
            fail(f"no default data folder in {user_data}")
        check_portable(work, env)
        add_administrator(village)
        gui_env = {key: value for key, value in env.items() if key != "QT_QPA_PLATFORM"}
        server = start_xvfb(gui_env)
        try:
            times = [time_start(village, gui_env) for _ in range(RUNS)]
        finally:
            server.terminate()
            server.wait(timeout=30)
        first, rest = times[0], times[1:]
        say(f"launch → sign-in window: first {first[0]:.2f} s, then "
            f"{statistics.median(t[0] for t in rest):.2f} s (median of {len(rest)})")
        say(f"Enter → main window (300 residents): first {first[1]:.2f} s, then "
            f"{statistics.median(t[1] for t in rest):.2f} s")
    finally:
        subprocess.run(["dpkg", "-P", "carepoint"], check=True, capture_output=True)
    for gone in (INSTALLED, PROGRAM, Path("/usr/share/applications/carepoint.desktop")):
        if gone.exists() or gone.is_symlink():
            fail(f"{gone} is still there after dpkg -P")
    if not (user_data / "carepoint.sqlite3").is_file():
        fail("removing the package removed the user's data")
    say("removed: /opt/carepoint, the launcher and the menu entry are gone; the data is kept")
    shutil.rmtree(work)


def du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].endswith(".deb"):
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
