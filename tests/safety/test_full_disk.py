"""A backup, an export or a form written to a full or read-only disk: exit 2, a clear message,
and no half-written file left behind."""

from __future__ import annotations

import pytest
from safety.faults import fill_disk, make_read_only

from carepoint.safety import catalog

FULL, READ_ONLY = "full", "read-only"
# Our own wording, the same for every kind of file, never the system's English text.
MESSAGES = {FULL: "not enough space", READ_ONLY: "read-only"}
WRITES = {
    "backup": lambda out: ["backup", "--out", out],
    "csv export": lambda out: ["residents", "export", out / "花名册.csv"],
    "xlsx export": lambda out: ["residents", "export", out / "花名册.xlsx"],
    "pdf form": lambda out: ["report", "roster", "--month", "2026-11", "--out", out / "花名册.pdf"],
}


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "旧文件.txt").write_text("earlier work", encoding="utf-8")
    return folder


# openpyxl's abandoned zip file tries once more to write when it is garbage-collected
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("disk", [FULL, READ_ONLY])
@pytest.mark.parametrize("what", sorted(WRITES))
def test_a_write_the_disk_refuses_fails_cleanly(village_dir, usb, cli, monkeypatch, what, disk):
    before = sorted(p.name for p in usb.iterdir())
    (fill_disk if disk == FULL else make_read_only)(monkeypatch, usb)
    code, out, err = cli("--data-dir", village_dir, "--lang", "en", *WRITES[what](usb))
    monkeypatch.undo()
    assert code == 2, err
    assert MESSAGES[disk] in err, err
    assert str(usb) in err
    assert out == ""
    assert sorted(p.name for p in usb.iterdir()) == before  # nothing new, not even a .part
    assert (usb / "旧文件.txt").read_text(encoding="utf-8") == "earlier work"
    assert catalog.load(village_dir) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("what", sorted(WRITES))
def test_the_full_disk_message_is_in_chinese_by_default(village_dir, usb, cli, monkeypatch, what):
    fill_disk(monkeypatch, usb)
    code, _out, err = cli("--data-dir", village_dir, *WRITES[what](usb))
    monkeypatch.undo()
    assert code == 2 and "空间不足" in err, err
