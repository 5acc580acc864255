"""The roster against its natural baselines, in one run, alternating: a raw ReportLab canvas that
draws the same rows with the same font (the engine's limit), and LibreOffice converting the same
rows from an xlsx to PDF (what a cadre would otherwise do).

Every measurement is a fresh process (time and its own peak RSS, VmHWM): the form is written by
`FormWriter` from the rows `report roster` draws (read once from a demo village and kept as
JSON, so no variant pays for the database); the raw canvas draws each cell's text and border in
one line, page by page, with the same page size, font and compression settings.

Printed per size: seconds and MB (median, min–max), the form's ratio to the raw canvas per round
(median, min–max), to LibreOffice, and the time per row against the smallest size (linearity).

    .venv/bin/python benchmarks/bench_forms.py [--sizes 1500,10000,30000] [--rounds 3]
        [--work /tmp/bench-forms] [--no-libreoffice]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MONTH = dt.date(2026, 11, 1)

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, rows_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
if mode.endswith("-noaccel"):
    sys.modules["_rl_accel"] = None  # ReportLab's own switch for its pure-Python fallbacks
data = json.loads(open(rows_file, encoding="utf-8").read())
from carepoint.reports.template import Column, FormHeader, FormWriter, register_font
header = FormHeader(data["title"], data["facts"])
columns = [Column(*c) for c in data["columns"]]
rows = data["rows"]
started, cpu = time.perf_counter(), time.process_time()
if mode.startswith("form"):
    with FormWriter(Path(out), header, columns, wide=True) as w:
        w.rows(rows)
        w.total_row(data["total"])
        w.finish()
else:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    font = register_font()
    size = landscape(A4)
    margin, height, leading = 12 * mm, 16.5, 11.5
    scale = (size[0] - 2 * margin) / (sum(c.width_mm for c in columns) * mm)
    widths = [c.width_mm * mm * scale for c in columns]
    canvas = Canvas(out, pagesize=size, pageCompression=1, initialFontName=font)
    canvas.setTitle(header.title)

    def top():
        canvas.setFont(font, 15)
        canvas.drawCentredString(size[0] / 2, size[1] - margin - 12, header.title)
        canvas.setFont(font, 9)
        canvas.drawString(margin, size[1] - margin - 28, "    ".join(header.facts))
        return size[1] - margin - 36

    def row(cells, y):
        x = margin
        for width, text in zip(widths, cells):
            canvas.rect(x, y - height, width, height)
            canvas.drawString(x + 2.5, y - 11, str(text))
            x += width
        return y - height

    page, y = 1, top()
    y = row([c.title for c in columns], y)
    for cells in [*rows, data["total"]]:
        if y - height < margin + 10:
            canvas.setFont(font, 8)
            canvas.drawCentredString(size[0] / 2, margin / 2, f"第 {page} 页")
            canvas.showPage()
            page, y = page + 1, top()
            y = row([c.title for c in columns], y)
        y = row(cells, y)
    canvas.showPage()
    canvas.save()
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
status = open("/proc/self/status").read()
rss = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss}))
"""


def make_rows(work: Path, residents: int) -> Path:
    """The roster's rows of a demo village of `residents`, as JSON (made once, then reused)."""
    rows_file = work / f"roster-{residents}.json"
    if rows_file.is_file():
        return rows_file
    from carepoint.db import open_store
    from carepoint.demo import generate_village
    from carepoint.reports import roster
    from carepoint.reports.common import form_header, in_register_on, month_end
    from carepoint.residents import rows_by_ids

    folder = Path(tempfile.mkdtemp(prefix="bench-forms-", dir=work))
    store = open_store(folder, create=True, actor="bench")
    generate_village(store, residents=residents, months=0, seed=1)
    with store.bound():
        last_day = month_end(MONTH)
        found = rows_by_ids(store, in_register_on(store, last_day), last_day)
        lines = roster._lines(found, False)
        header = form_header(store, "老年人花名册", MONTH)
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    data = {
        "title": header.title,
        "facts": list(header.facts),
        "columns": [[c.title, c.width_mm, c.align] for c in roster.columns()],
        "rows": [[str(cell) for cell in line] for line in lines],
        "total": ["合计", "", "", f"{len(lines)} 人", *[""] * 8],
    }
    rows_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return rows_file


def measure(mode: str, rows_file: Path, out: Path) -> dict:
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(rows_file), str(out)],
        capture_output=True, text=True, env=env, timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr}")
    found = json.loads(result.stdout.splitlines()[-1])
    found["bytes"] = out.stat().st_size
    return found


def libreoffice(rows_file: Path, work: Path) -> dict | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    xlsx = rows_file.with_suffix(".xlsx")
    if not xlsx.is_file():
        from carepoint.spreadsheet.writer import write_table

        data = json.loads(rows_file.read_text(encoding="utf-8"))
        write_table(xlsx, [c[0] for c in data["columns"]], [*data["rows"], data["total"]])
    out = work / "lo"
    out.mkdir(exist_ok=True)
    profile = (work / "lo-profile").resolve().as_uri()
    started = time.perf_counter()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(xlsx)],
        capture_output=True, check=True, timeout=1800,
    )
    pdf = out / f"{xlsx.stem}.pdf"
    return {"seconds": time.perf_counter() - started, "bytes": pdf.stat().st_size}


def spread(values: list[float], unit: str = "", digits: int = 2) -> str:
    middle = statistics.median(values)
    return f"{middle:.{digits}f}{unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def main() -> int:
    parser = argparse.ArgumentParser(description="roster against raw canvas and LibreOffice")
    parser.add_argument("--sizes", default="1500,10000,30000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-forms")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--no-accel-too", action="store_true",
                        help="also the form with ReportLab's C accelerator switched off")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    per_row: dict[int, float] = {}
    from reportlab.lib import rl_accel

    accel = "_rl_accel" in sys.modules and sys.modules["_rl_accel"] is not None
    print(f"ReportLab accelerator loaded: {accel} ({rl_accel.__name__})")
    for size in sizes:
        rows_file = make_rows(args.work, size)
        modes = ["raw", "form", *(["form-noaccel"] if args.no_accel_too else [])]
        found: dict[str, list[dict]] = {mode: [] for mode in modes}
        lo: list[dict] = []
        for _round in range(args.rounds):
            for mode in modes:
                found[mode].append(measure(mode, rows_file, args.work / f"{mode}-{size}.pdf"))
            if not args.no_libreoffice and size <= 10000:
                got = libreoffice(rows_file, args.work)
                if got:
                    lo.append(got)
        print(f"{size:,} rows")
        for mode in modes:
            runs = found[mode]
            print(f"  {mode:13} {spread([r['seconds'] for r in runs], ' s')}  "
                  f"CPU {spread([r['cpu'] for r in runs], ' s')}  "
                  f"peak {spread([r['rss_mb'] for r in runs], ' MB', 0)}  "
                  f"{runs[-1]['bytes'] / 1e6:.2f} MB file")
        for mode in modes[1:]:
            pairs = zip(found[mode], found["raw"], strict=True)
            ratios = [(f["seconds"], f["rss_mb"], r["seconds"], r["rss_mb"], f["cpu"] / r["cpu"])
                      for f, r in pairs]
            print(f"  {mode} / raw: time {spread([a / c for a, _b, c, _d, _e in ratios], '×')}, "
                  f"CPU {spread([e for *_x, e in ratios], '×')}, "
                  f"memory {spread([b / d for _a, b, _c, d, _e in ratios], '×')}")
        if lo:
            ratios = [f["seconds"] / o["seconds"] for f, o in zip(found["form"], lo, strict=False)]
            print(f"  LibreOffice   {spread([o['seconds'] for o in lo], ' s')}  "
                  f"{lo[-1]['bytes'] / 1e6:.2f} MB file;  form / LibreOffice "
                  f"{spread(ratios, '×')}")
        per_row[size] = statistics.median(r["cpu"] for r in found["form"]) / size
    smallest = sizes[0]
    for size in sizes[1:]:
        print(f"CPU time per row, {size:,} against {smallest:,}: "
              f"{per_row[size] / per_row[smallest]:.2f}× (1.00 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
