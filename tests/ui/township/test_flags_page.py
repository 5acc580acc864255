"""The township's checks page: what a viewer may see of a flagged person."""

from __future__ import annotations

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store

from ui.township.flags_page import FlagsPage


def _cells(table) -> list[str]:
    return [
        table.item(row, col).text()
        for row in range(table.rowCount())
        for col in range(table.columnCount())
        if table.item(row, col)
    ]


def test_a_viewer_sees_the_duplicate_id_check_without_the_full_id_number(
    qtbot, show, office, open_context
):
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    person = with_store(first, lambda s: add(s, "张三", sequence=1))
    with_store(second, lambda s: add(s, "张三", sequence=1))
    office.run("sync", "import", office.export(first), office.export(second))

    viewer = show(FlagsPage(open_context(office.folder, role="viewer")))
    shown = _cells(viewer.table)
    assert any("张三" in text for text in shown)
    assert not any(person.id_number in text for text in shown)

    clerk = show(FlagsPage(open_context(office.folder)))
    assert any(person.id_number in text for text in _cells(clerk.table))
