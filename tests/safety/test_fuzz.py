"""Fuzzing bad input: random bytes and random cells as a roster, random values as ID numbers, and
random or damaged files as backups. None may crash, change the data, or leave a partial file;
each is refused with a message. CAREPOINT_FUZZ_CASES=N runs N cases per target."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepoint import idcard
from carepoint.cli import main
from carepoint.db import DB_FILE
from carepoint.safety.facts import check_database, table_counts

CASES = int(os.environ.get("CAREPOINT_FUZZ_CASES", "40"))
FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,  # the same cases on every run, so a failure can be repeated
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ran: dict[str, int] = {}
HEADERS = ["姓名", "性别", "身份证号", "出生日期", "组别", "联系电话", "人员类别", "状态"]


def counted(target: str) -> None:
    ran[target] = ran.get(target, 0) + 1


def snapshot(folder) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as connection:
        return table_counts(connection)


def no_partial_files(*folders) -> bool:
    return not any(p.name.endswith((".part", "-journal")) for f in folders for p in f.iterdir())


def run_quietly(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    _out, err = capsys.readouterr()
    return code, err


def import_refused_or_whole(folder, roster, capsys) -> None:
    before = snapshot(folder)
    code, err = run_quietly(capsys, "--data-dir", folder, "residents", "import", roster)
    assert code in (0, 2), err  # 1 would be a crash
    assert "Traceback" not in err
    after = snapshot(folder)
    if code == 2:
        assert err.strip() and after == before
    assert no_partial_files(folder, roster.parent)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".xls"]))
def test_random_bytes_as_a_roster_are_refused_without_a_crash(village_dir, tmp_path, capsys,
                                                               data, suffix):
    roster = tmp_path / f"roster{suffix}"
    roster.write_bytes(data)
    import_refused_or_whole(village_dir, roster, capsys)
    counted(f"roster bytes {suffix}")


CELL = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"[1-6]\d{5}(19|20)\d{2}[01]\d[0-3]\d\d{3}[\dX]", fullmatch=True),
    st.sampled_from(["男", "女", "一组", "1940.5.3", "1940年5月3日", "独居、低保", "去世", "=1+1"]),
)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=12),
       encoding=st.sampled_from(["utf-8-sig", "gb18030"]))
def test_random_cells_in_a_csv_roster_are_imported_whole_or_refused(village_dir, tmp_path,
                                                                    capsys, rows, encoding):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, *rows])
    roster = tmp_path / "roster.csv"
    try:
        roster.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        roster.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    import_refused_or_whole(village_dir, roster, capsys)
    counted("roster csv cells")


XLSX_CELL = st.one_of(
    CELL,
    st.none(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.booleans(),
)


@FUZZ
@given(rows=st.lists(st.lists(XLSX_CELL, max_size=9), max_size=10))
def test_random_typed_cells_in_an_xlsx_roster_are_imported_whole_or_refused(
    village_dir, tmp_path, capsys, rows
):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def storable(value):  # what a spreadsheet program can hold at all
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)
        return None if isinstance(value, float) and value != value else value

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([storable(v) for v in row])
    roster = tmp_path / "roster.xlsx"
    book.save(roster)
    import_refused_or_whole(village_dir, roster, capsys)
    counted("roster xlsx cells")


ID_VALUE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789Xx -\u3000", max_size=22),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.binary(max_size=20),
)


@settings(max_examples=CASES * 25, deadline=None, derandomize=True)
@given(value=ID_VALUE)
def test_any_value_as_an_id_number_is_parsed_or_refused_with_a_message(value):
    try:
        parsed = idcard.parse(value, dt.date(2026, 11, 23))
    except idcard.InvalidIdNumber as refused:
        assert str(refused)  # the reason, in the user's language
    else:
        assert len(parsed.number) == 18
        assert idcard.check_char(parsed.number[:17]) == parsed.number[17]
        assert parsed.birth_date <= dt.date(2026, 11, 23)
    counted("ID number")


@pytest.fixture
def backup_bytes(village_dir, capsys):
    code, _err = run_quietly(capsys, "--data-dir", village_dir, "backup")
    assert code == 0
    (made,) = (village_dir / "backups").glob("*.sqlite3")
    return made.read_bytes()


def restore_refused_or_sound(folder, file, capsys) -> None:
    before = snapshot(folder)
    code, err = run_quietly(capsys, "--data-dir", folder, "restore", file, "--yes")
    assert code in (0, 3), err
    if code == 3:
        assert err.strip() and snapshot(folder) == before
    else:  # the damage fell where SQLite keeps no data: what was restored is sound
        assert check_database(folder / DB_FILE).ok
    assert no_partial_files(folder)


@FUZZ
@given(data=st.binary(max_size=8192))
def test_random_bytes_as_a_backup_are_refused(village_dir, tmp_path, capsys, data):
    file = tmp_path / "backup.sqlite3"
    file.write_bytes(data)
    restore_refused_or_sound(village_dir, file, capsys)
    counted("backup bytes")


@FUZZ
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                   min_size=1, max_size=12),
    cut=st.one_of(st.none(), st.floats(0.05, 1, exclude_max=True)),
)
def test_a_damaged_or_cut_short_backup_is_refused_or_restored_sound(
    village_dir, tmp_path, capsys, backup_bytes, flips, cut
):
    data = bytearray(backup_bytes)
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    file = tmp_path / "damaged.sqlite3"
    file.write_bytes(bytes(data))
    folder = tmp_path / "target"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(village_dir, folder)
    restore_refused_or_sound(folder, file, capsys)
    counted("damaged backup")


MANIFEST = st.dictionaries(
    st.sampled_from(["kind", "village_code", "sequence", "payload_sha256", "signer_key",
                     "format_version", "payload_size", "recipient_key", "schema_version"]),
    st.one_of(st.integers(-5, 10**6), st.text(max_size=20), st.none(), st.booleans()),
)


@FUZZ
@given(tail=st.binary(max_size=300), manifest=st.one_of(MANIFEST, st.binary(max_size=40)),
       raw=st.booleans())
def test_a_random_or_malformed_exchange_package_is_refused_before_anything_is_read(
    tmp_path, tail, manifest, raw
):
    import json
    import struct

    from carepoint.errors import CarePointError
    from carepoint.exchange import container

    if isinstance(manifest, dict):
        head = json.dumps(manifest).encode()
    else:
        head = manifest
    data = tail if raw else container.MAGIC + struct.pack(">I", len(head)) + head + tail
    path = tmp_path / "321183104201-20261123-1.cpkg"
    path.write_bytes(data)
    try:
        package = container.read(path)
    except CarePointError as refused:
        assert refused.message
    else:  # well formed by chance: still refused by its signature
        with pytest.raises(CarePointError):
            container.check_signed(package, bytes(32))
    counted("exchange package")


def test_fuzz_cases_ran():
    print(f"\nfuzz cases per target: {ran}")
    assert all(count > 0 for count in ran.values())
