"""A village's first package at an office goes in without a row-by-row comparison (nothing of
the village is there yet): its rows are streamed into the write. A package that carries one
record twice still ends with one row, the later one, as a later package would leave it."""

from __future__ import annotations

import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, with_store

from carepoint.exchange import tables


def _names(office):
    return with_store(office.folder, lambda store: sorted(
        store.db.execute_sql("SELECT uuid, name FROM tw_resident").fetchall()))  # fmt: skip


def test_a_first_package_puts_every_row_in_once(office):
    village = office.village(*TAOYUAN)
    people = ("张三", "李四")
    with_store(village, lambda s: [add(s, n, sequence=i) for i, n in enumerate(people, 1)])
    out, _err = office.run("--json", "sync", "import", office.export(village))

    assert sorted(name for _uuid, name in _names(office)) == ["张三", "李四"]
    said = json.loads(out)["packages"][0]
    assert said["status"] == "imported" and said["new"] >= 2


def test_a_record_carried_twice_in_a_first_package_ends_as_its_later_self(office, monkeypatch):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    real = tables.read_tables

    def twice(store):
        data = real(store)
        part = data["resident"]
        rows = [list(row) for row in part["rows"]]
        again = list(rows[0])
        again[part["columns"].index("name")] = "张三丰"
        part["rows"] = [*rows, again]
        return data

    with monkeypatch.context() as patch:
        patch.setattr(tables, "read_tables", twice)
        package = office.export(village)
    office.run("sync", "import", package)

    found = _names(office)
    assert [name for _uuid, name in found] == ["张三丰"]
