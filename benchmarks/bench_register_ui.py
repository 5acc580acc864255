"""Register page speed with a large village: first rows, search keystrokes, scrolling, memory.

    python benchmarks/bench_register_ui.py --data-dir DIR [--residents 300000]

DIR is filled first when it holds no data: by `carepoint.demo` when it works, else with synthetic
people written through insert_residents. Runs offscreen; prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "秀英兰华明国建军芳玉珍桂凤春荣德福志平海文金云红梅丽霞永长生林宝忠友成贵"
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


def synthetic_people(count: int, today: dt.date, seed: int = 1):
    from carepoint.idcard import check_char
    from carepoint.residents import NewResident, ResidentInput, check_resident

    rng = random.Random(seed)
    used: set[str] = set()
    people = []
    while len(people) < count:
        birth = today - dt.timedelta(days=rng.randint(60 * 365, 100 * 365))
        first17 = f"{rng.choice(('110105', '321183', '440524'))}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
        number = first17 + check_char(first17)
        if number in used:
            continue
        used.add(number)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        prepared, problems = check_resident(
            ResidentInput(
                name=name,
                id_number=number,
                group_name=f"第{rng.randint(1, 12)}组",
                phone=f"13{rng.randint(100000000, 999999999)}",
            ),
            today,
        )
        assert prepared is not None, problems
        people.append(NewResident(prepared))
    return people


def fill(data_dir: Path, residents: int) -> None:
    from carepoint import clock
    from carepoint.residents import insert_residents
    from carepoint.setup import initialise

    store = initialise(data_dir, code="321183104201", name="桃园村", actor="bench")
    started = time.perf_counter()
    try:
        from carepoint.demo import generate_village

        generate_village(store, residents=residents)
        how = "carepoint.demo"
    except Exception as error:  # noqa: BLE001 - the demo may not be finished; fall back
        print(f"demo generator unavailable ({error!r}); writing synthetic people")
        today = clock.today()
        for start in range(0, residents, 20_000):
            chunk = synthetic_people(min(20_000, residents - start), today, seed=start + 1)
            insert_residents(store, chunk, action="demo")
        how = "synthetic"
    store.close()
    print(f"filled {data_dir} with {residents:,} residents ({how}) in "
          f"{time.perf_counter() - started:.1f} s")


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

    print("keystroke → model updated (work after the 150 ms debounce; median of "
          f"{args.repeat}):")
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

    begin = time.perf_counter()
    for row in range(0, model.rowCount(), max(model.rowCount() // 50, 1)):
        page.table.scrollTo(model.index(row, 0))
        app.processEvents()
    jumps = time.perf_counter() - begin
    print(f"50 scroll jumps across the list: {jumps * 1000:.0f} ms "
          f"({jumps * 1000 / 50:.1f} ms each)")

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
