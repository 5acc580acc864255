"""Register page speed with a large village: first rows, search keystrokes, scrolling, memory.

    python benchmarks/bench_register_ui.py --data-dir DIR [--residents 300000]

DIR is filled with a demo village first when it holds no data. Runs offscreen; prints the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ("张", "zs", "1101", "wang", "李秀", "3211")


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(data_dir: Path, residents: int) -> None:
    from carepoint.demo import generate_village
    from carepoint.setup import initialise

    store = initialise(data_dir, code="321183104201", name="桃园村", actor="bench")
    started = time.perf_counter()
    generate_village(store, residents=residents)
    store.close()
    print(
        f"filled {data_dir} with {residents:,} demo residents in "
        f"{time.perf_counter() - started:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--residents", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from carepoint.db import data_dir_exists, open_store

    if not data_dir_exists(args.data_dir):
        fill(args.data_dir, args.residents)

    from PySide6.QtWidgets import QApplication

    from carepoint.session import Session

    from ui.context import AppContext
    from ui.register.page import RegisterPage

    app = QApplication.instance() or QApplication(sys.argv)
    store = open_store(args.data_dir, actor="bench")
    context = AppContext(store, Session("bench", "clerk"))
    rss_before = rss_mb()

    started = time.perf_counter()
    page = RegisterPage(context)
    page.resize(1366, 700)
    page.show()
    app.processEvents()
    model = page.model
    model.data(model.index(0, 0))
    first_rows = time.perf_counter() - started
    print(f"residents in the list:           {model.rowCount():,}")
    print(f"construct page → first rows:     {first_rows * 1000:.0f} ms")

    def timed_search(text: str) -> float:
        page.search_box.setText(text)
        begin = time.perf_counter()
        page.apply_search_now()
        if model.rowCount():
            model.data(model.index(0, 0))
        app.processEvents()
        return time.perf_counter() - begin

    print(f"keystroke → model updated (work after the 150 ms debounce; median of {args.repeat}):")
    medians = []
    for query in QUERIES:
        samples = []
        for _ in range(args.repeat):
            timed_search("")
            samples.append(timed_search(query))
        median = statistics.median(samples) * 1000
        medians.append(median)
        print(f"  {query!r:8} {median:7.1f} ms  ({model.rowCount():,} rows)")
    print(f"  median over queries {statistics.median(medians):.1f} ms, worst {max(medians):.1f} ms")
    timed_search("")

    from PySide6.QtTest import QTest

    begin = time.perf_counter()
    QTest.keyClicks(page.search_box, "zs")
    while model.filter.search != "zs":
        app.processEvents()
    model.data(model.index(0, 0))
    print(
        f"typing 'zs' → list shown (with debounce): {(time.perf_counter() - begin) * 1000:.0f} ms"
    )
    timed_search("")

    print("filter change → model updated:")
    for label, combo, value in (
        ("status deceased", page.status_filter, "deceased"),
        ("status active", page.status_filter, "active"),
        ("category living alone", page.category_filter, "living_alone"),
        ("age 90-99", page.age_filter, "90_99"),
        ("group", page.group_filter, page.group_filter.itemData(1)),
    ):
        begin = time.perf_counter()
        combo.setCurrentIndex(combo.findData(value))
        if model.rowCount():
            model.data(model.index(0, 0))
        print(
            f"  {label:22} {(time.perf_counter() - begin) * 1000:7.1f} ms  "
            f"({model.rowCount():,} rows)"
        )
        combo.setCurrentIndex(0)

    begin = time.perf_counter()
    for row in range(0, model.rowCount(), max(model.rowCount() // 50, 1)):
        page.table.scrollTo(model.index(row, 0))
        app.processEvents()
    jumps = time.perf_counter() - begin
    print(
        f"50 scroll jumps across the list: {jumps * 1000:.0f} ms ({jumps * 1000 / 50:.1f} ms each)"
    )

    begin = time.perf_counter()
    for column in range(model.columnCount()):
        page.table.sortByColumn(column, page.table.horizontalHeader().sortIndicatorOrder())
        app.processEvents()
    page.table.sortByColumn(0, page.table.horizontalHeader().sortIndicatorOrder())
    print(f"sort by every column once:       {(time.perf_counter() - begin) * 1000:.0f} ms")

    print(f"process RSS: {rss_mb():.0f} MB (before the page: {rss_before:.0f} MB)")
    page.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
