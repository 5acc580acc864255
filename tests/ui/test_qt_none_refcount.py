"""PySide6 6.12 on CPython 3.11 over-releases `None` on every Qt call that returns nothing; after a
few thousand calls the process dies with `none_dealloc` (design.md, platform pitfalls). The pin in
pyproject.toml keeps that release out; this test catches a PySide6 that brings the bug back."""

import sys

from PySide6.QtWidgets import QLabel

CALLS = 100_000


def test_qt_calls_that_return_nothing_leave_the_refcount_of_none_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for index in range(CALLS):
        label.setText("甲" if index % 2 else "乙")
        label.resize(100 + index % 7, 20)
    after = sys.getrefcount(None)
    # Other threads may hold or drop a few references meanwhile; the bug drops one per call.
    assert after > before - 1000, f"None lost {before - after} references in {2 * CALLS} calls"
