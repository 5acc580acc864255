"""Files that appear whole or not at all: a temporary name beside the target, fsync, rename."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from carepoint.errors import UserInputError
from carepoint.i18n import _

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS}
_REFUSED = {errno.EACCES, errno.EPERM}
SQLITE_READONLY, SQLITE_FULL, SQLITE_CANTOPEN = 8, 13, 14

# Held while a restore replaces the data file: an automatic backup that comes due meanwhile
# (the app's hourly timer) waits for the next round instead of copying a file being replaced.
REPLACING_DATA = threading.Lock()


def storage_error(path: Path, error: OSError | sqlite3.Error) -> UserInputError:
    """A message a cadre can act on for a write that the disk refused."""
    code = getattr(error, "errno", None)
    sqlite_code = getattr(error, "sqlite_errorcode", None)
    if code in _FULL or sqlite_code == SQLITE_FULL:
        message = _("There is not enough space on the disk to save {file}; nothing was saved.")
    elif code in _READ_ONLY or sqlite_code == SQLITE_READONLY:
        message = _(
            "The folder of {file} is read-only (a USB drive with its lock switch on?); "
            "nothing was saved."
        )
    elif code in _REFUSED or sqlite_code == SQLITE_CANTOPEN:
        message = _("CarePoint may not write {file}; choose another folder. Nothing was saved.")
    else:
        reason = getattr(error, "strerror", None) or error
        return UserInputError(
            _("{file} could not be saved: {reason}").format(file=path, reason=reason)
        )
    return UserInputError(message.format(file=path))


def temp_beside(path: Path) -> Path:
    """An empty temporary file in the target's folder, so the final rename stays on one disk."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise storage_error(path, error) from None
    return Path(name)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    # A rename survives a power cut only once its folder is synced (POSIX; Windows has no need).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def publish(temp: Path, path: Path) -> None:
    """fsync the finished temporary file and rename it to its final name."""
    try:
        fsync_file(temp)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise storage_error(path, error) from None
    fsync_folder(path.parent)


# A half-written copy (temp_beside) younger than this may belong to a backup or restore still
# running in another window; an older one was left by a program that was stopped.
STALE_PART_S = 600


def remove_leftovers(data_dir: Path) -> list[Path]:
    """Delete the temporary files that killed backups and restores left in the data folder
    and its backups/ (the data itself is never among them: it is renamed into place whole)."""
    from carepoint import clock

    now, removed = clock.epoch_millis() / 1000, []
    for folder in (Path(data_dir), Path(data_dir) / "backups"):
        for part in folder.glob(".*.part*"):
            if not (part.name.endswith(".part") or part.name.endswith(".part-journal")):
                continue
            with contextlib.suppress(OSError):
                if now - part.stat().st_mtime > STALE_PART_S:
                    part.unlink()
                    removed.append(part)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    temp = temp_beside(path)
    try:
        temp.write_bytes(data)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise storage_error(path, error) from None
    publish(temp, path)


def private_command(path: Path, *, folder: bool = False) -> list[str]:
    """Windows: the icacls command that leaves `path` to its user alone (no inherited rights;
    full control for the user, and for a folder, for what is made in it)."""
    import getpass

    user = os.environ.get("USERNAME") or getpass.getuser()
    if domain := os.environ.get("USERDOMAIN"):
        user = f"{domain}\\{user}"  # a bare name can match a domain account of the same name
    grant = f"{user}:(OI)(CI)F" if folder else f"{user}:F"
    return ["icacls", str(path), "/inheritance:r", "/grant:r", grant]


def make_private(path: Path, *, folder: bool = False) -> None:
    """The data file, keys and their folders are the user's alone: 0600 / 0700 here, and on
    Windows (where the mode bits mean nothing) an ACL with only the user's own rights. A file
    system without ACLs (a FAT USB drive) keeps what it has: nothing to restrict there."""
    import subprocess

    if os.name != "nt":
        os.chmod(path, 0o700 if folder else 0o600)
        return
    try:
        done = subprocess.run(
            private_command(path, folder=folder), check=False, capture_output=True,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )  # fmt: skip
    except OSError:
        return  # no icacls (a stripped-down Windows): the profile's own rights remain
    if done.returncode:
        # the profile's own rights remain; the log says so for whoever supports the PC
        logging.getLogger(__name__).warning(
            "icacls could not restrict %s (exit %s): %s", path, done.returncode,
            (done.stderr or done.stdout or b"").decode(errors="replace").strip()[:300],
        )  # fmt: skip
