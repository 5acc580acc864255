"""The data file, the keys and their folders are the user's alone: 0600 / 0700 here, and on Windows
an ACL that keeps only the user's own rights (icacls; the command line is checked here, since
these tests do not run on Windows)."""

from __future__ import annotations

import stat
import subprocess

import pytest

from carepoint.safety import files
from carepoint.setup import initialise


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def windows(monkeypatch):
    """os.name is 'nt' while make_private runs; the commands it would run are recorded."""
    ran = []
    monkeypatch.setattr(files.os, "name", "nt")
    monkeypatch.setenv("USERNAME", "王会计")
    monkeypatch.delenv("USERDOMAIN", raising=False)

    def run(command, **options):
        ran.append(command)
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(subprocess, "run", run)
    return ran


def test_windows_gets_an_acl_with_only_the_users_own_rights(tmp_path, windows):
    data, keys = tmp_path / "carepoint.sqlite3", tmp_path / "keys"
    files.make_private(data)
    files.make_private(keys, folder=True)
    assert windows == [
        ["icacls", str(data), "/inheritance:r", "/grant:r", "王会计:F"],
        ["icacls", str(keys), "/inheritance:r", "/grant:r", "王会计:(OI)(CI)F"],
    ]


def test_a_windows_without_icacls_keeps_the_profiles_rights_and_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(files.os, "name", "nt")

    def missing(command, **options):
        raise FileNotFoundError(command[0])

    monkeypatch.setattr(subprocess, "run", missing)
    files.make_private(tmp_path / "carepoint.sqlite3")  # no exception: nothing to restrict


def test_a_new_village_has_its_data_file_and_keys_for_its_user_alone(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="test")
    try:
        from carepoint.exchange.keys import ensure_village_keys

        ensure_village_keys(store)
    finally:
        store.close()
    assert _mode(folder / "carepoint.sqlite3") == 0o600
    assert _mode(folder / "keys") == 0o700
    key_files = list((folder / "keys").iterdir())
    assert key_files and all(_mode(path) == 0o600 for path in key_files)


def test_a_folder_made_before_files_were_private_is_tightened_when_opened(tmp_path):
    # Given a village folder from an older version: data file and keys readable by everyone
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="test")
    try:
        from carepoint.exchange.keys import ensure_village_keys

        ensure_village_keys(store)
    finally:
        store.close()
    loose = [folder / "carepoint.sqlite3", *(folder / "keys").iterdir()]
    for path in loose:
        path.chmod(0o644)
    (folder / "keys").chmod(0o755)
    # When the cadre next runs any command on it
    from carepoint.cli import main

    assert main(["--data-dir", str(folder), "residents", "list"]) == 0
    # Then the file and the keys are the user's alone again
    assert all(_mode(path) == 0o600 for path in loose)
    assert _mode(folder / "keys") == 0o700


def test_an_icacls_that_fails_is_logged_not_ignored(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(files.os, "name", "nt")
    monkeypatch.setenv("USERNAME", "王会计")
    monkeypatch.setenv("USERDOMAIN", "CUNWEI-PC")
    seen = []

    def refused(command, **options):
        seen.append(command)
        return subprocess.CompletedProcess(command, 1332, b"", b"No mapping between account names")

    monkeypatch.setattr(subprocess, "run", refused)
    files.make_private(tmp_path / "carepoint.sqlite3")
    assert seen[0][-1] == "CUNWEI-PC\\王会计:F"
    assert "1332" in caplog.text and "No mapping" in caplog.text
