"""Damaged, forged, misdirected and replayed packages are refused with exit 3 and change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, Office, cli, digest, with_store

from carepoint.exchange import container


@pytest.fixture
def sent(office):
    """A village with one resident, its package written to the USB folder."""
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    return village, office.export(village)


def refused(office, *files, lang="en", extra=()):
    before = digest(office.folder)
    _out, err = office.run(*extra, "sync", "import", *files, exit_code=3, lang=lang)
    assert digest(office.folder) == before
    return err


def test_a_package_with_one_changed_byte_is_refused(office, sent):
    _village, package = sent
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    package.write_bytes(bytes(data))
    assert "changed after it was written" in refused(office, package)


def test_a_package_changed_in_its_manifest_is_refused(office, sent):
    _village, package = sent
    package.write_bytes(package.read_bytes().replace(b'"sequence": 1', b'"sequence": 7'))
    assert "changed after it was written" in refused(office, package)


def test_a_package_whose_manifest_gives_its_number_as_text_is_refused_beside_a_good_one(
    office, sent
):
    # Given a second package whose manifest was rewritten (with a consistent length) to "2"
    village, first = sent
    second = office.export(village)
    data = second.read_bytes()
    start = len(container.MAGIC) + 4
    length = int.from_bytes(data[len(container.MAGIC) : start], "big")
    manifest = json.loads(data[start : start + length])
    head = json.dumps({**manifest, "sequence": str(manifest["sequence"])}).encode()
    forged = container.MAGIC + len(head).to_bytes(4, "big") + head + data[start + length :]
    second.write_bytes(forged)
    assert "damaged or cut short" in refused(office, first, second)


def test_a_cut_short_package_is_refused(office, sent):
    _village, package = sent
    package.write_bytes(package.read_bytes()[:-100])
    assert "damaged or cut short" in refused(office, package)


def test_an_empty_file_is_refused(office, tmp_path):
    empty = tmp_path / "empty.cpkg"
    empty.write_bytes(b"")
    assert "not a complete CarePoint package" in refused(office, empty)


def test_a_package_encrypted_for_another_township_is_refused(office, tmp_path, capsys):
    # Given the same village code enrolled at a second township, whose key the package uses
    other = Office(tmp_path / "other", capsys, code="321183105", name="红星镇")
    village = other.village(*TAOYUAN)
    package = other.export(village)
    office.enroll(*TAOYUAN)
    assert "another township's key" in refused(office, package)


def test_a_package_from_a_village_that_is_not_enrolled_is_refused(office, tmp_path, capsys):
    other = Office(tmp_path / "other", capsys, code="321183105", name="红星镇")
    package = other.export(other.village(*TAOYUAN))
    assert "not enrolled" in refused(office, package)


def test_a_package_signed_with_a_stranger_key_is_refused(office, sent, tmp_path, capsys):
    # Given an impostor PC set up with a copy of the enrollment file, after the real village
    _village, package = sent
    office.run("sync", "import", package)
    impostor = tmp_path / "impostor"
    office.copied_village(*TAOYUAN, impostor)
    with_store(impostor, lambda s: s.set_setting("exchange_last_sent", "0"))
    forged = office.export(impostor)
    assert "not this village's" in refused(office, forged)


def test_an_older_package_than_one_imported_is_refused(office, sent):
    village, first = sent
    second = office.export(village)
    office.run("sync", "import", second)
    assert "older than package 2" in refused(office, first)


def _sent_again(office, village, out):
    """The village's data folder restored from a backup made before its last export: the next
    package carries the number already used, with other content."""
    with_store(village, lambda s: (
        s.db.execute_sql("DELETE FROM exchange_package"), s.set_setting("exchange_last_sent", ""),
        add(s, "李四", sequence=3),
    ))  # fmt: skip
    out, _err = cli(office.capsys, "--json", "--data-dir", village, "sync", "export",
                    "--out", out)  # fmt: skip
    return Path(json.loads(out)["file"])


def test_another_package_with_a_number_already_imported_is_refused(office, sent, tmp_path):
    village, first = sent
    office.run("sync", "import", first)
    again = _sent_again(office, village, tmp_path / "again")
    assert again.name == first.name
    assert "another package numbered 1" in refused(office, again)


def test_two_different_packages_with_one_number_in_one_import_are_refused(office, sent, tmp_path):
    village, first = sent
    again = _sent_again(office, village, tmp_path / "again")
    assert "two different packages carry the same number" in refused(office, first, again)


def test_a_wrong_passphrase_is_refused(office, sent, monkeypatch):
    _village, package = sent
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "not the passphrase")
    err = refused(office, package)
    assert "passphrase does not open" in err
    logs = "".join(p.read_text(encoding="utf-8") for p in (office.folder / "logs").glob("*.log*"))
    assert "data opened" in logs  # the log did record the work
    assert "not the passphrase" not in err + logs


def test_one_bad_file_among_good_ones_refuses_them_all(office, sent, tmp_path):
    _village, package = sent
    bad = tmp_path / "bad.cpkg"
    bad.write_bytes(package.read_bytes()[:50])
    refused(office, package, bad)


def test_the_refusal_is_in_chinese_by_default(office, sent):
    _village, package = sent
    data = package.read_bytes()
    package.write_bytes(data[:-1] + bytes([data[-1] ^ 0x01]))
    err = refused(office, package, lang="zh_CN")
    assert "未做任何更改" in err


def test_a_village_refuses_an_enrollment_file_for_another_village(office, tmp_path, capsys):
    enrollment = office.enroll(*TAOYUAN)
    folder = tmp_path / "wrong"
    args = ("init", "--village-code", "321183104299", "--village-name", "杏园村")
    _out, err = cli(capsys, "--data-dir", folder, *args, "--enrollment", enrollment, exit_code=2)
    assert TAOYUAN[0] in err
    assert not folder.exists()


def test_a_village_refuses_a_return_package_for_another_village(office, sent, tmp_path, capsys):
    village, package = sent
    other = office.village("321183104203", "杏园村")
    office.run("sync", "import", package, office.export(other))
    office.run("township", "review", "--village-code", "321183104203", "--month", "2026-10",
               "--approve")  # fmt: skip
    office.run("sync", "export", "--out", tmp_path / "returns")
    returned = next((tmp_path / "returns").glob("321183104203-*"))
    before = digest(village)
    cli(capsys, "--data-dir", village, "sync", "import", returned, exit_code=3)
    assert digest(village) == before


def test_a_signed_package_whose_records_are_not_in_the_expected_shape_is_refused(
    office, monkeypatch
):
    # Given a package signed by the enrolled village, but written by a program whose resident
    # rows lack most of their fields (a broken or foreign build)
    from carepoint.exchange import tables

    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    real = tables.read_tables

    def cut_rows(store):
        data = real(store)
        data["resident"]["rows"] = [row[:2] for row in data["resident"]["rows"]]
        return data

    with monkeypatch.context() as patch:
        patch.setattr(tables, "read_tables", cut_rows)
        package = office.export(village)
    # Then the township refuses it with a message and changes nothing
    assert "cannot read" in refused(office, package)
