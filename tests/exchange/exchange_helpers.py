"""Exchange fixtures: a township office, villages enrolled with it, packages, a database digest.

Every command goes through `carepoint.cli.main`, as a cadre's script would run it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from carepoint.cli import main
from carepoint.db import open_store

PASSPHRASE = "白兔镇-民政办-2026"
TOWNSHIP = ("321183104", "白兔镇")
TAOYUAN = ("321183104201", "桃园村")
LIYUAN = ("321183104202", "梨园村")


def cli(capsys, *args, exit_code=0, lang="en"):
    """Run `carepoint --lang LANG ARGS…`; check the exit code; return (stdout, stderr)."""
    capsys.readouterr()
    code = main(["--lang", lang, *map(str, args)])
    out, err = capsys.readouterr()
    assert code == exit_code, out + err
    assert "Traceback" not in err
    return out, err


def digest(folder, leave_out: tuple[str, ...] = ()) -> str:
    """sha256 of an ordered dump of every table (but `leave_out`) of the data folder's database."""
    if (Path(folder) / "database.json").is_file():  # an office on PostgreSQL (tests/office)
        from pg_server import office_digest

        return office_digest(folder, leave_out)
    connection = sqlite3.connect(folder / "carepoint.sqlite3")
    try:
        lines = (line for line in connection.iterdump()
                 if not any(line.startswith(f'INSERT INTO "{t}"') for t in leave_out))  # fmt: skip
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


class Office:
    """One township with its villages, in folders under tmp_path."""

    def __init__(self, tmp_path, capsys, code=TOWNSHIP[0], name=TOWNSHIP[1], database=None):
        self.root, self.capsys = tmp_path, capsys
        self.folder = tmp_path / f"township-{code}"
        self.usb = tmp_path / "usb"
        on = ("--database", database) if database else ()  # the office on PostgreSQL
        cli(capsys, "--data-dir", self.folder, "init", "--village-code", code,
            "--village-name", name, "--role", "township", *on)  # fmt: skip

    def run(self, *args, exit_code=0, lang="en"):
        return cli(self.capsys, "--data-dir", self.folder, *args, exit_code=exit_code, lang=lang)

    def enrollment_file(self, code: str):
        return self.root / f"enroll-{self.folder.name}-{code}.json"

    def enroll(self, code: str, name: str):
        out = self.enrollment_file(code)
        self.run("township", "enroll", "--village-code", code, "--village-name", name,
                 "--out", out)  # fmt: skip
        return out

    def village(self, code: str, name: str, folder=None, *, confirmed=True):
        """A village enrolled with the township; `confirmed`: the township's clerk has typed the
        digits of its 入网确认单 already, so its first package is imported, not held."""
        folder = folder or self.root / f"village-{code}"
        cli(self.capsys, "--data-dir", folder, "init", "--village-code", code, "--village-name",
            name, "--township", "白兔镇", "--enrollment", self.enroll(code, name))  # fmt: skip
        if confirmed:
            self.confirm(code, folder)
        return folder

    def copied_village(self, code: str, name: str, folder):
        """A PC set up with a copy of the village's enrollment file (written earlier)."""
        cli(self.capsys, "--data-dir", folder, "init", "--village-code", code, "--village-name",
            name, "--enrollment", self.enrollment_file(code))  # fmt: skip
        return folder

    def confirm(self, code: str, village_folder, **run):
        """The township confirms the key of the village in `village_folder` by its digits."""
        from carepoint.exchange.confirmation import own_digits

        digits = with_store(village_folder, own_digits)
        return self.run("township", "confirm", code, "--fingerprint", digits, **run)

    def export(self, village_folder):
        out, _err = cli(self.capsys, "--json", "--data-dir", village_folder, "sync", "export",
                        "--out", self.usb)  # fmt: skip
        return Path(json.loads(out)["file"])

    def store(self):
        return open_store(self.folder)


@pytest.fixture
def office(tmp_path, capsys, engine):
    """The township office, once on SQLite and once on PostgreSQL (`engine`, tests/pg_server)."""
    return Office(tmp_path, capsys, database=engine)


def with_store(folder, action):
    store = open_store(folder, actor="tester")
    try:
        return action(store)
    finally:
        store.close()
