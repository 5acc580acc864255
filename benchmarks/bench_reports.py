"""Printed forms: roster of 1,500 residents ≤ 2 s; subsidy roster of 15,000 lines ≤ 8 s and linear
(10,000 lines at most 11× the time of 1,000); a 20-page form opened in the preview (QtPdf load and
first page drawn) ≤ 1 s; the township's subsidy roster of about 15,000 lines over 18 villages,
read from its copy of their records, ≤ 10 s.

    python benchmarks/bench_reports.py [--skip-township]

The roster is written from a demo village (carepoint.demo, 1,500 residents) as `report roster`
writes it; the subsidy rosters from synthetic lines through `write_subsidy_roster`, the
function the township also prints with. The township's roster comes from real packages:
bench_exchange's villages (one demo village of 1,900 residents and 17 rekeyed copies, each with
November's subsidies computed), exported and imported at a township office; copies of a larger
village collide on their rekeyed ID numbers, hence more villages. Each figure is the median of
three runs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from carepoint.reports.subsidies import DisbursementLine, write_subsidy_roster  # noqa: E402
from carepoint.reports.template import FormHeader  # noqa: E402

NOVEMBER = dt.date(2026, 11, 1)
HEADER = FormHeader(
    "桃园村互助幸福院 2026年11月 补贴发放花名册", ["乡镇：白兔镇", "月份：2026年11月"]
)
TYPES = ("old_age", "home_care", "nursing_care", "meal")


def median_time(call, runs: int = 3) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_lines(count: int) -> list[DisbursementLine]:
    draw = random.Random(7)
    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "秀英桂兰玉梅建国志强红梅丽华文明德福",
    )
    lines = []
    for index in range(count):
        name = draw.choice(surnames) + "".join(draw.sample(given, draw.choice((1, 2))))
        standard = draw.choice((3000, 6000, 15000, 30000))
        lines.append(
            DisbursementLine(
                name, f"3211831940{index:07d}X", draw.choice(TYPES), standard, 1, standard,
                f"62284804025{index:08d}", draw.choice(("80–89", "90–99", ""))
            )
        )  # fmt: skip
    return lines


def bench_roster(folder: Path) -> bool:
    from carepoint.db import open_store
    from carepoint.demo import generate_village
    from carepoint.reports.roster import write_roster

    store = open_store(folder / "village", create=True, actor="bench")
    generate_village(store, residents=1500, months=0, seed=1)
    seconds = median_time(lambda: write_roster(store, NOVEMBER, folder / "roster.pdf"))
    store.close()
    print(f"  roster, 1,500 residents: {seconds:.2f} s (target ≤ 2 s)")
    return seconds <= 2


def bench_subsidy_roster(folder: Path) -> bool:
    times = {}
    for count in (1_000, 10_000, 15_000):
        lines = synthetic_lines(count)
        out = folder / f"subsidies-{count}.pdf"
        times[count] = median_time(
            lambda lines=lines, out=out: write_subsidy_roster(lines, HEADER, out)
        )
        print(f"  subsidy roster, {count:,} lines: {times[count]:.2f} s")
    ratio = times[10_000] / times[1_000]
    print(f"  15,000 lines ≤ 8 s: {times[15_000]:.2f} s; 10,000 / 1,000 = {ratio:.1f}× (≤ 11×)")
    return times[15_000] <= 8 and ratio <= 11


def bench_preview(folder: Path) -> bool:
    from pypdf import PdfReader

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument

    out = write_subsidy_roster(synthetic_lines(320), HEADER, folder / "twenty.pdf")
    pages = len(PdfReader(out).pages)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)

    def open_preview():
        document = QPdfDocument()
        document.load(str(out))
        size = document.pagePointSize(0)
        image = document.render(0, QSize(int(size.width() * 1.5), int(size.height() * 1.5)))
        assert document.pageCount() == pages and not image.isNull()

    seconds = median_time(open_preview)
    print(f"  preview of a {pages}-page form (load + first page): {seconds * 1000:.0f} ms (≤ 1 s)")
    return seconds <= 1


def bench_township_roster(folder: Path, villages: int = 18, residents: int = 1900) -> bool:
    from bench_exchange import bench_import, make_villages

    import carepoint.demo
    from carepoint.db import open_store
    from carepoint.reports.township.registers import write_township_subsidies
    from carepoint.subsidies import months
    from carepoint.subsidies.workflow import compute_month

    demo = carepoint.demo.generate_demo

    def demo_with_subsidies(store, **options):
        # two months of history are enough for a month's payments and keep the packages small
        summary = demo(store, **{**options, "months": 2})
        compute_month(store, months.parse("2026-11"))
        return summary

    carepoint.demo.generate_demo = demo_with_subsidies  # the villages make_villages copies
    try:
        township, files, _export = make_villages(folder, villages, residents)
    finally:
        carepoint.demo.generate_demo = demo
    bench_import(township, files)
    store = open_store(township, actor="bench")
    lines = store.db.execute_sql(
        "SELECT count(*) FROM tw_subsidy_line WHERE month = '2026-11' AND deleted_at IS NULL"
    ).fetchone()[0]
    out = folder / "township-subsidies.pdf"
    seconds = median_time(lambda: write_township_subsidies(store, NOVEMBER, out))
    store.close()
    print(f"  township subsidy roster, {lines:,} lines over {villages} villages: {seconds:.2f} s"
          " (target ≤ 10 s)")  # fmt: skip
    return seconds <= 10


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [bench_roster(folder), bench_subsidy_roster(folder), bench_preview(folder)]
        if "--skip-township" not in sys.argv:
            results.append(bench_township_roster(folder))
    sys.exit(0 if all(results) else 1)
