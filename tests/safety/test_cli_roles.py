"""The command line acts as a named account once the folder has accounts, and the core checks
that account's role like the GUI's; wrong passwords slow down and then lock the account."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from safety.safety_helpers import count, query

from carepoint import clock, users
from carepoint.db import open_store

PASSWORDS = {"admin": "admin-password", "clerk1": "clerk-password", "viewer1": "viewer-password"}


@pytest.fixture
def with_accounts(village_dir):
    store = open_store(village_dir, actor="setup")
    try:
        users.create_account(store, "admin", PASSWORDS["admin"], "administrator")
        users.create_account(store, "clerk1", PASSWORDS["clerk1"], "clerk")
        users.create_account(store, "viewer1", PASSWORDS["viewer1"], "viewer")
    finally:
        store.close()
    return village_dir


@pytest.fixture
def as_user(monkeypatch):
    def sign(name: str, password: str | None = None) -> None:
        monkeypatch.setenv("CAREPOINT_USER", name)
        monkeypatch.setenv("CAREPOINT_PASSWORD", password or PASSWORDS[name])

    monkeypatch.delenv("CAREPOINT_USER", raising=False)
    monkeypatch.delenv("CAREPOINT_PASSWORD", raising=False)
    return sign


@pytest.fixture
def moving_clock(monkeypatch):
    """Now, as a test moves it (sign-in waits are measured with carepoint.clock)."""
    now = [dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(clock, "utc_moment", lambda: now[0])
    return now


def test_a_folder_with_accounts_needs_the_user_named(with_accounts, cli, as_user, tmp_path):
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup", "--out", tmp_path)

    assert code == 2
    assert "--user" in err
    assert list(tmp_path.glob("*.sqlite3")) == []


def test_a_viewer_may_not_back_up_but_a_clerk_may(with_accounts, cli, as_user, tmp_path):
    as_user("viewer1")
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup", "--out", tmp_path)
    assert code == 2
    assert "Only a clerk or an administrator may back up" in err
    assert list(tmp_path.glob("*.sqlite3")) == []

    as_user("clerk1")
    code, out, _err = cli("--data-dir", with_accounts, "--json", "backup", "--out", tmp_path)
    assert code == 0
    assert json.loads(out)["file"].startswith(str(tmp_path))


def test_the_user_option_names_the_account_too(with_accounts, cli, as_user, monkeypatch, tmp_path):
    monkeypatch.setenv("CAREPOINT_PASSWORD", PASSWORDS["viewer1"])
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "--user", "viewer1",
                          "backup", "--out", tmp_path)
    assert code == 2 and "back up" in err


def test_only_an_administrator_restores(with_accounts, cli, as_user, tmp_path):
    as_user("admin")
    code, out, _err = cli("--data-dir", with_accounts, "--json", "backup", "--out", tmp_path)
    backup = json.loads(out)["file"]
    residents = count(with_accounts, "resident")
    audit = count(with_accounts, "audit_entry")

    as_user("clerk1")
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "restore", backup, "--yes")
    assert code == 2
    assert "Only an administrator may restore" in err
    assert count(with_accounts, "audit_entry") == audit

    as_user("admin")
    code, _out, _err = cli("--data-dir", with_accounts, "restore", backup, "--yes")
    assert code == 0
    assert count(with_accounts, "resident") == residents


def test_a_viewer_prints_the_public_roster_only(with_accounts, cli, as_user, tmp_path):
    as_user("viewer1")
    full, public = tmp_path / "full.pdf", tmp_path / "public.pdf"

    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "report", "roster",
                          "--month", "2026-11", "--out", full)
    assert code == 2 and "public copy" in err
    assert not full.exists()

    code, _out, _err = cli("--data-dir", with_accounts, "report", "roster", "--month", "2026-11",
                           "--out", public, "--public")
    assert code == 0 and public.exists()


def test_a_wrong_password_is_refused_with_exit_3_and_the_next_try_waits(
    with_accounts, cli, as_user, moving_clock, tmp_path
):
    as_user("admin", "not-the-password")
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup", "--out", tmp_path)
    assert code == 3 and "username or password is not right" in err

    as_user("admin")  # the right password, but too soon
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup", "--out", tmp_path)
    assert code == 3 and "wait 1 s" in err
    assert list(tmp_path.glob("*.sqlite3")) == []

    moving_clock[0] += dt.timedelta(seconds=1)
    code, _out, _err = cli("--data-dir", with_accounts, "backup", "--out", tmp_path)
    assert code == 0


def test_five_wrong_passwords_lock_the_account_for_a_while(
    with_accounts, cli, as_user, moving_clock, tmp_path
):
    waits = []
    for _attempt in range(5):
        as_user("admin", "guess")
        code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup",
                              "--out", tmp_path)
        assert code == 3
        waits.append(err)
        moving_clock[0] += dt.timedelta(seconds=10)  # longer than any wait between tries
    assert "locked until" in waits[-1]

    as_user("admin")
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "backup", "--out", tmp_path)
    assert code == 3 and "locked until" in err

    moving_clock[0] += dt.timedelta(minutes=15)
    code, _out, _err = cli("--data-dir", with_accounts, "backup", "--out", tmp_path)
    assert code == 0


def test_the_wait_grows_with_each_wrong_password(with_accounts, moving_clock):
    from carepoint import i18n
    from carepoint.sign_in_throttle import SignInRefused

    i18n.set_language("en")
    store = open_store(with_accounts, actor="t")
    waits = []
    try:
        with store.bound():
            for _attempt in range(4):
                with pytest.raises(users.WrongPassword):
                    users.sign_in(store, "clerk1", "guess")
                with pytest.raises(SignInRefused) as refused:
                    users.sign_in(store, "clerk1", PASSWORDS["clerk1"])
                waits.append(refused.value.message)
                moving_clock[0] += dt.timedelta(seconds=30)
    finally:
        store.close()
    assert [w.split("wait ")[-1].split(" s")[0] for w in waits] == ["1", "2", "4", "8"]


def test_a_folder_without_accounts_acts_as_the_local_administrator(village_dir, cli, tmp_path):
    code, _out, _err = cli("--data-dir", village_dir, "backup", "--out", tmp_path)

    assert code == 0


def test_a_viewer_may_not_export_the_register_or_write_a_package(
    with_accounts, cli, as_user, tmp_path
):
    tmp_path = tmp_path / "usb"
    tmp_path.mkdir()
    as_user("viewer1")
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "residents", "export",
                          tmp_path / "花名册.xlsx")
    assert code == 2 and "may export" in err
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "sync", "export",
                          "--out", tmp_path)
    assert code == 2 and "exchange packages" in err
    assert list(tmp_path.iterdir()) == []

    as_user("clerk1")
    code, _out, _err = cli("--data-dir", with_accounts, "residents", "export",
                           tmp_path / "花名册.xlsx")
    assert code == 0 and (tmp_path / "花名册.xlsx").exists()


def test_only_an_administrator_approves_subsidies_and_the_audit_names_who(
    with_accounts, cli, as_user
):
    as_user("clerk1")
    assert cli("--data-dir", with_accounts, "subsidies", "compute", "--month", "2026-10")[0] == 0
    assert cli("--data-dir", with_accounts, "subsidies", "review", "--month", "2026-10")[0] == 0
    code, _out, err = cli("--data-dir", with_accounts, "--lang", "en", "subsidies", "approve",
                          "--month", "2026-10", "--accept-warnings")
    assert code == 2 and "Only an administrator may approve" in err

    as_user("admin")
    code, _out, err = cli("--data-dir", with_accounts, "subsidies", "approve", "--month",
                          "2026-10", "--accept-warnings")
    assert code == 0, err
    actors = query(with_accounts, "SELECT DISTINCT actor FROM audit_entry WHERE entity ="
                                  " 'subsidy_month' AND action IN ('review', 'approve')")
    assert sorted(a for (a,) in actors) == ["admin", "clerk1"]
