"""A USB drive that fills up or fails while a package is written or read: a clear message, no
half-written file on the drive, and nothing recorded as sent or imported."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, digest, with_store
from safety.faults import fill_disk, make_read_only

from carepoint.exchange.packages import history


def _failing(monkeypatch, method: str, code: int) -> None:
    def fail(self, *args, **kwargs):
        raise OSError(code, f"[simulated] {errno.errorcode[code]}", str(self))

    monkeypatch.setattr(Path, method, fail)


@pytest.mark.parametrize(
    ("disk", "said"), [(fill_disk, "not enough space"), (make_read_only, "read-only")]
)
def test_a_usb_drive_that_refuses_the_package_keeps_no_part_of_it_and_nothing_is_recorded(
    office, capsys, monkeypatch, disk, said
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    office.usb.mkdir()

    with monkeypatch.context() as patched:
        disk(patched, office.usb)
        _out, err = cli(capsys, "--data-dir", village, "sync", "export", "--out", office.usb,
                        exit_code=2)  # fmt: skip

    assert said in err
    assert list(office.usb.iterdir()) == []
    assert with_store(village, lambda s: (history(s), s.setting("exchange_last_sent"))) == ([], "")
    # once the drive takes it, the package is number 1 after all
    assert office.export(village).name == f"{TAOYUAN[0]}-20261123-1.cpkg"


def test_a_package_the_drive_cannot_read_is_named_and_nothing_is_imported(
    office, capsys, monkeypatch
):
    village = office.village(*TAOYUAN)
    package = office.export(village)
    before = digest(office.folder)

    with monkeypatch.context() as patched:
        _failing(patched, "read_bytes", errno.EIO)
        _out, err = office.run("sync", "import", package, exit_code=2)

    assert package.name in err and "could not be read" in err
    assert digest(office.folder) == before
    out, _err = office.run("--json", "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "imported"
