"""A CSV with one enormous line (millions of commas, as a broken export or a hostile file has it)
is refused with its row number before it is parsed into millions of cells."""

from __future__ import annotations

import datetime as dt
import tracemalloc

from builders import id_number

from carepoint.cli import main
from carepoint.setup import initialise


def test_a_line_of_ten_million_commas_is_refused_with_its_row_and_little_memory(
    tmp_path, capsys
):
    folder = tmp_path / "village"
    initialise(folder, code="321183104201", name="桃园村", actor="tester").close()
    path = tmp_path / "花名册.csv"
    good = f"周大爷,{id_number(dt.date(1935, 2, 2), 3)}"
    path.write_bytes(("姓名,身份证号码\r\n" + good + "\r\n" + "," * 10_000_000 + "\r\n")
                     .encode("gb18030"))  # fmt: skip
    capsys.readouterr()
    tracemalloc.start()
    try:
        code = main(["--lang", "en", "--data-dir", str(folder), "residents", "import", str(path),
                     "--dry-run"])  # fmt: skip
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert "Row 3 of 花名册.csv" in err and "separators" in err
    # the file's bytes and its text are held once each (about 10 MB apiece); ten million cells
    # would take 80 MB of references alone
    assert peak < 60 << 20, peak
