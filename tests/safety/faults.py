"""Disks that fill up or are read-only, injected where Python writes files, so the tests behave
the same when they run as root (chmod does not stop root) and on any file system."""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3
from pathlib import Path

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _inside(path, folder: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    except (TypeError, ValueError):
        return False  # a file descriptor or something else that is not a path


class _FillingFile(io.RawIOBase):
    """A real file that takes `room` bytes and then fails as a full disk does."""

    def __init__(self, raw: io.FileIO, room: int):
        self.raw, self.room = raw, room

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self.room:
            if self.room:
                self.raw.write(data[: self.room])
                self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.raw.write(data)

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return self.raw.readable()

    def readinto(self, buffer) -> int:
        return self.raw.readinto(buffer)

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def truncate(self, size=None) -> int:
        return self.raw.truncate(size)

    def fileno(self) -> int:
        return self.raw.fileno()

    def close(self) -> None:
        self.raw.close()
        super().close()


def fill_disk(monkeypatch, folder: Path, room: int = 2048) -> None:
    """Files written in `folder` take `room` bytes, then ENOSPC; SQLite files there fill up too."""
    real_open, real_connect = builtins.open, sqlite3.connect

    def open_filling(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
                     closefd=True, opener=None):
        if not (set(mode) & set("wax+")) or not _inside(file, folder):
            return real_open(file, mode, buffering, encoding, errors, newline, closefd, opener)
        raw = _FillingFile(io.FileIO(file, mode.replace("b", "").replace("t", "")), room)
        buffered = io.BufferedRandom(raw) if "+" in mode else io.BufferedWriter(raw)
        if "b" in mode:
            return buffered
        return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline=newline)

    def connect_filling(database, *args, **kwargs):
        connection = real_connect(database, *args, **kwargs)
        if _inside(database, folder):
            connection.execute("PRAGMA max_page_count = 2")  # SQLite's own "disk is full"
        return connection

    monkeypatch.setattr(builtins, "open", open_filling)
    monkeypatch.setattr(io, "open", open_filling)
    monkeypatch.setattr(sqlite3, "connect", connect_filling)


def make_read_only(monkeypatch, folder: Path) -> None:
    """Creating or writing any file in `folder` fails with EROFS, as on a locked USB drive."""
    real_open, real_os_open = builtins.open, os.open

    def refuse():
        return OSError(errno.EROFS, os.strerror(errno.EROFS))

    def open_read_only(file, mode="r", *args, **kwargs):
        if set(mode) & set("wax+") and _inside(file, folder):
            raise refuse()
        return real_open(file, mode, *args, **kwargs)

    def os_open_read_only(path, flags, *args, **kwargs):
        if flags & _WRITING and _inside(path, folder):
            raise refuse()
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_read_only)
    monkeypatch.setattr(io, "open", open_read_only)
    monkeypatch.setattr(os, "open", os_open_read_only)
