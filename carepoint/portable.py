"""The app as a folder of its own: the installed bundle, and portable mode on a USB stick.

Portable mode: a file named `carepoint-portable.txt` beside the program puts the data folder
`CarePointData` beside the program too, so one stick carries the app and its data between PCs.
"The program" is `sys.executable`: the bundle's `carepoint` / `CarePoint.exe` when frozen; when
CarePoint runs from a Python installation, the interpreter (a portable Python's `python.exe`, a
virtual environment's `bin/python`). `--data-dir` and `CAREPOINT_DATA_DIR` still win.
"""

from __future__ import annotations

import sys
from pathlib import Path

from carepoint.i18n import _

PORTABLE_MARKER = "carepoint-portable.txt"
PORTABLE_DATA = "CarePointData"
# The bundle always holds the desktop front end but not the package metadata that lists entry
# points; this is the value pyproject.toml registers for `carepoint.frontends`.
BUNDLED_FRONTEND = "ui.app:run"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    # Not resolved: a virtual environment's python is a symlink to the base interpreter.
    return Path(sys.executable).absolute().parent


def portable_data_dir() -> Path | None:
    """`<program folder>/CarePointData` when the portable marker lies beside the program."""
    folder = program_dir()
    return folder / PORTABLE_DATA if (folder / PORTABLE_MARKER).is_file() else None


def find_frontend():
    """The desktop front end's `run`, found without the core importing the UI."""
    from importlib.metadata import EntryPoint, entry_points

    found = list(entry_points(group="carepoint.frontends", name="gui"))
    if not found and is_frozen():
        found = [EntryPoint(name="gui", value=BUNDLED_FRONTEND, group="carepoint.frontends")]
    if not found:
        raise ImportError(_("the desktop front end is not installed"))
    return found[0].load()
