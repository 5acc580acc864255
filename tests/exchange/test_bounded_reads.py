"""Hostile package files cost nothing to refuse: the manifest and the file's size are checked
before the payload is read, unpacking stops at the size the signed manifest declares, and numbers
SQLite cannot hold or JSON nested beyond reason are refused with exit 3 (never a crash report)."""

from __future__ import annotations

import json
import struct
import tracemalloc
import zlib

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, digest, with_store

from carepoint.exchange import container, tables


@pytest.fixture
def village(office):
    folder = office.village(*TAOYUAN)
    with_store(folder, lambda s: add(s, "张三", sequence=1))
    return folder


def refused(office, *files):
    before = digest(office.folder)
    _out, err = office.run("sync", "import", *files, exit_code=3)
    assert digest(office.folder) == before
    return err


def test_a_file_declaring_a_3_gb_payload_is_refused_without_reading_it(office, village):
    package = office.export(village)
    data = package.read_bytes()
    head_end = len(container.MAGIC) + 4
    (length,) = struct.unpack_from(">I", data, len(container.MAGIC))
    manifest = json.loads(data[head_end : head_end + length])
    manifest["payload_size"] = 3 << 30
    head = json.dumps(manifest, sort_keys=True).encode()
    huge = office.usb / "big.cpkg"
    with huge.open("wb") as handle:
        handle.write(container.MAGIC + struct.pack(">I", len(head)) + head)
        handle.truncate(len(head) + head_end + (3 << 30) + container.SIGNATURE)  # sparse

    tracemalloc.start()
    try:
        err = refused(office, huge)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "not a complete CarePoint package" in err
    assert peak < 50 << 20


def test_a_file_longer_than_its_manifest_says_is_refused_unread(office, village):
    package = office.export(village)
    with package.open("ab") as handle:
        handle.truncate(package.stat().st_size + (1 << 30))  # a gigabyte of (sparse) zeros

    tracemalloc.start()
    try:
        err = refused(office, package)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "not a complete CarePoint package" in err
    assert peak < 50 << 20


def test_a_payload_that_inflates_beyond_its_declared_size_is_refused(
    office, village, monkeypatch
):
    # A sender whose compressed payload unpacks to 50 MB more than its signed manifest says
    real = zlib.compress
    with monkeypatch.context() as patch:
        patch.setattr(container.zlib, "compress", lambda text, level: real(
            text + b" " * 50_000_000, level))
        package = office.export(village)
    assert package.stat().st_size < 1 << 20

    tracemalloc.start()
    try:
        err = refused(office, package)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "not a complete CarePoint package" in err
    assert peak < 40_000_000


def test_a_number_sqlite_cannot_hold_is_refused_with_exit_3(office, village, monkeypatch):
    real = tables.read_tables

    def too_big(store):
        data = real(store)
        columns = data["resident"]["columns"]
        rows = [list(row) for row in data["resident"]["rows"]]
        rows[0][columns.index("change_seq")] = 2**63
        data["resident"]["rows"] = rows
        return data

    with monkeypatch.context() as patch:
        patch.setattr(tables, "read_tables", too_big)
        package = office.export(village)

    assert "cannot read" in refused(office, package)


def test_json_nested_200000_deep_is_refused_with_exit_3(office, village, monkeypatch):
    real = json.dumps
    nested = []

    class Nested:
        @staticmethod
        def dumps(value, **options):
            if isinstance(value, dict) and "format_version" not in value and "kind" not in value:
                nested.append(True)
                return "[" * 200_000 + "]" * 200_000
            return real(value, **options)

        loads = staticmethod(json.loads)

    with monkeypatch.context() as patch:
        patch.setattr(container, "json", Nested)
        package = office.export(village)
    assert nested == [True]

    err = refused(office, package)
    assert "not a complete CarePoint package" in err or "cannot read" in err
