"""Photos of activities and adaptation cases: kept in the data, in every backup, never in a
package; their names on the printed ledger."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import struct
import zlib

import pytest
from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store
from ledgers.conftest import count, run
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.exchange.tables import read_tables
from carepoint.ledgers import activities, adaptations
from carepoint.ledgers.photos import add_photos, photos_of, save_photo
from carepoint.setup import initialise

D = dt.date


def png(path, shade: int = 0):
    """A real 1×1 PNG, as a phone's screenshot would be."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, shade, 128, 64]))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))  # fmt: skip
    return path


def test_photos_are_kept_in_the_data_named_on_the_record_and_a_name_used_twice_is_numbered(
    store, tmp_path
):
    party = activities.add_activity(store, activities.ActivityInput(D(2026, 11, 20), "birthday",
                                                                    "生日会"))  # fmt: skip
    first, second = png(tmp_path / "IMG_0001.png", 1), png(tmp_path / "other", 2)
    second = second.rename(tmp_path / "IMG_0002.png")
    add_photos(store, "activity", party.id, [first, second])
    again = add_photos(store, "activity", party.id, [first])

    assert again == ["IMG_0001-2.png"]
    assert activities.get_activity(store, party.id).photos == (
        "IMG_0001.png", "IMG_0002.png", "IMG_0001-2.png")  # fmt: skip
    kept = photos_of(store, "activity", party.id)
    out = save_photo(store, kept[1].id, tmp_path / "back.png")
    assert out.read_bytes() == second.read_bytes()


def test_a_file_that_is_no_photo_or_too_large_is_refused_and_nothing_is_kept(store, tmp_path):
    party = activities.add_activity(store, activities.ActivityInput(D(2026, 11, 20), "fitness",
                                                                    "太极"))  # fmt: skip
    note = tmp_path / "说明.docx"
    note.write_bytes(b"PK\x03\x04")
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as handle:
        handle.truncate(21 << 20)
    for bad, message in ((note, "说明.docx"), (huge, "20 MB")):
        with pytest.raises(UserInputError, match=message):
            add_photos(store, "activity", party.id, [png(tmp_path / "ok.png"), bad])
    assert count(store, "ledger_photo") == 0
    assert activities.get_activity(store, party.id).photos == ()


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    zhang = add(store, "张三", D(1940, 5, 6), 11)
    adaptations.open_case(store, zhang.id, D(2026, 9, 1), items=("扶手",))
    store.close()
    return folder


def test_photos_added_on_the_command_line_are_listed_on_the_ledgers_and_in_the_backup(
    village, tmp_path
):
    made = json.loads(run(village, "--json", "activities", "add", "--date", "2026-11-20",
                          "--kind", "birthday", "--title", "生日会").stdout)  # fmt: skip
    photo = png(tmp_path / "生日会合影.png", 9)
    run(village, "activities", "photo", str(made["id"]), str(photo))
    run(village, "adaptations", "photo", "1", str(png(tmp_path / "改造前.png", 3)))
    ledger, cases = tmp_path / "activities.pdf", tmp_path / "adaptations.pdf"
    run(village, "report", "activities", "--month", "2026-11", "--out", str(ledger))
    run(village, "report", "adaptations", "--month", "2026-11", "--out", str(cases))
    backups = tmp_path / "backups"
    backups.mkdir()
    run(village, "backup", "--out", str(backups))

    assert "生日会合影.png" in "".join(p.extract_text() for p in PdfReader(ledger).pages)
    assert "改造前.png" in "".join(p.extract_text() for p in PdfReader(cases).pages)
    [backup] = [p for p in backups.iterdir() if p.is_file()]
    kept = sqlite3.connect(backup).execute(
        "SELECT file_name, data FROM ledger_photo ORDER BY id").fetchall()  # fmt: skip
    assert [name for name, _data in kept] == ["生日会合影.png", "改造前.png"]
    assert kept[0][1] == photo.read_bytes()


def test_photos_never_travel_in_a_package_only_their_names(office, tmp_path):
    village = office.village(*TAOYUAN)

    def with_photo(store):
        data = activities.ActivityInput(D(2026, 11, 20), "birthday", "生日会")
        party = activities.add_activity(store, data)
        add_photos(store, "activity", party.id, [png(tmp_path / "合影.png")])
        return read_tables(store)

    travelling = with_store(village, with_photo)
    office.run("sync", "import", office.export(village))

    assert "ledger_photo" not in travelling
    store = office.store()
    try:
        names = store.db.execute_sql("SELECT photos FROM tw_activity").fetchall()
        photos = store.db.execute_sql("SELECT count(*) FROM ledger_photo").fetchone()[0]
    finally:
        store.close()
    assert names == [("合影.png",)]
    assert photos == 0
