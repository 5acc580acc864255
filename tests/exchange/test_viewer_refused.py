"""A viewer takes nothing away and changes no key, whoever calls the core: the command line acting
as a viewer (--user) is refused (exit 2, nothing written) for package export and import, return
packages, enrollment, joining and the roster export; the core refuses a viewer or no one at all."""

from __future__ import annotations

import pytest
from builders import add
from exchange.exchange_helpers import LIYUAN, PASSPHRASE, TAOYUAN, cli, digest, with_store

from carepoint import users
from carepoint.exchange.enrollment import enroll_village
from carepoint.exchange.township_import import import_packages
from carepoint.exchange.village_export import export_package
from carepoint.permissions import NotPermitted
from carepoint.roster_export import export_roster
from carepoint.session import Session

EXCHANGE = "Only a clerk or an administrator may write or import exchange packages."
ENROLL = "Only an administrator may enroll villages or change their keys."
VIEWER = Session("zhao", "viewer")


@pytest.fixture
def as_viewer(monkeypatch):
    """Accounts in `folder`, and the command line acting as its viewer 赵."""

    def sign_in(folder):
        with_store(folder, lambda s: (
            users.create_account(s, "admin", "admin-password", "administrator"),
            users.create_account(s, "zhao", "zhao-password", "viewer"),
        ))  # fmt: skip
        monkeypatch.setenv("CAREPOINT_USER", "zhao")
        monkeypatch.setenv("CAREPOINT_PASSWORD", "zhao-password")

    return sign_in


def test_a_viewer_at_a_village_writes_no_package_no_roster_and_joins_nothing(
    office, tmp_path, capsys, as_viewer
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    as_viewer(village)
    before = digest(village)

    _out, err = cli(capsys, "--data-dir", village, "sync", "export", "--out", tmp_path / "usb",
                    exit_code=2)  # fmt: skip
    assert EXCHANGE in err
    _out, err = cli(capsys, "--data-dir", village, "residents", "export", tmp_path / "r.xlsx",
                    exit_code=2)  # fmt: skip
    assert "Only a clerk or an administrator may export data." in err
    _out, err = cli(capsys, "--data-dir", village, "keys", "join",
                    office.enrollment_file(TAOYUAN[0]), exit_code=2)  # fmt: skip
    assert ENROLL in err
    assert not (tmp_path / "usb").exists() and not (tmp_path / "r.xlsx").exists()
    assert digest(village) == before


def test_a_viewer_at_the_township_imports_nothing_and_enrolls_no_village(
    office, tmp_path, as_viewer
):
    package = office.export(office.village(*TAOYUAN))
    as_viewer(office.folder)
    before = digest(office.folder)

    _out, err = office.run("sync", "import", package, exit_code=2)
    assert EXCHANGE in err
    _out, err = office.run("sync", "export", "--out", tmp_path / "returns", exit_code=2)
    assert EXCHANGE in err
    _out, err = office.run("township", "enroll", "--village-code", LIYUAN[0], "--village-name",
                           LIYUAN[1], "--out", tmp_path / "e.json", exit_code=2)  # fmt: skip
    assert ENROLL in err
    assert digest(office.folder) == before and not (tmp_path / "e.json").exists()


@pytest.mark.parametrize("actor", [VIEWER, None], ids=["viewer", "nobody"])
def test_the_core_refuses_a_viewer_and_no_one(office, tmp_path, actor):
    village = office.village(*TAOYUAN)
    package = office.export(village)
    with pytest.raises(NotPermitted):
        with_store(village, lambda s: export_package(s, tmp_path / "viewer-usb", actor=actor))
    with pytest.raises(NotPermitted):
        with_store(village, lambda s: export_roster(s, tmp_path / "r.xlsx", actor=actor))
    with pytest.raises(NotPermitted):
        with_store(office.folder, lambda s: import_packages(s, [package], PASSPHRASE, actor=actor))
    with pytest.raises(NotPermitted):
        with_store(office.folder, lambda s: enroll_village(
            s, LIYUAN[0], LIYUAN[1], tmp_path / "e.json", actor=actor))  # fmt: skip
    assert not (tmp_path / "viewer-usb").exists() and not (tmp_path / "r.xlsx").exists()
