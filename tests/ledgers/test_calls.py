"""一键通: devices, calls by hand and from the provider's files, follow-ups, the printed ledger."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import count, run
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.ledgers import calls as core
from carepoint.ledgers.calls_import import import_calls
from carepoint.setup import initialise
from carepoint.visits import tasks

D, T = dt.date, dt.datetime
HEADER = ["序号", "呼叫时间", "终端号", "老人姓名", "呼叫类型", "是否接通", "处理情况", "回访情况"]
ROWS = [
    [
        1,
        "2026-11-03 08:15:22",
        "YJT-0001",
        "张三",
        "紧急呼叫",
        "已接通",
        "联系家属送医",
        "次日回访",
    ],
    [2, "2026/11/5 21:40", "YJT-0001", "张三", "紧急呼叫", "未接通", "", ""],
    [3, "2026-11-06 10:00", "YJT-0002", "李四", "咨询", "已接通", "代购药品", ""],
    [4, "2026-11-07 09:30", "YJT-0002", "李四", "误按", "已接通", "", ""],
]


def write_gb18030_csv(path, rows=ROWS) -> None:
    """As the provider's platform exports it: a title line, GB18030, Windows line ends."""
    lines = ["桃园村一键通呼叫记录（2026年11月）", ",".join(HEADER)]
    lines += [",".join(str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def write_xls(path, rows=ROWS) -> None:
    """A BIFF .xls with real date-time cells, as WPS saves the provider's export."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("呼叫记录")
    moment = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")
    for column, title in enumerate(HEADER):
        sheet.write(0, column, title)
    for r, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if column == 1:
                sheet.write(r, column, T.strptime(value.replace("/", "-")[:16].strip(),
                                                  "%Y-%m-%d %H:%M")
                            if "/" not in value else T(2026, 11, 5, 21, 40), moment)  # fmt: skip
            else:
                sheet.write(r, column, value)
    book.save(str(path))


@pytest.fixture
def devices(store, people):
    core.add_device(store, people["张三"].id, "YJT-0001", D(2026, 10, 1), "电信")
    core.add_device(store, people["李四"].id, "YJT-0002", D(2026, 10, 1), "电信")
    return people


def test_an_unanswered_emergency_opens_a_follow_up_due_the_same_day(store, devices):
    call = core.record_call(store, core.CallInput(T(2026, 11, 5, 21, 40), "YJT-0001",
                                                  "emergency", answered=False))  # fmt: skip
    assert call.needs_follow_up
    [task] = tasks.open_tasks(store, devices["张三"].id)
    assert (task.kind, task.due_date, task.reason) == (
        "follow_up",
        D(2026, 11, 5),
        "紧急呼叫 2026-11-05 21:40 未接通",
    )


def test_answered_and_other_calls_open_no_follow_up(store, devices):
    for minute, kind in ((0, "emergency"), (1, "enquiry"), (2, "test")):
        core.record_call(store, core.CallInput(T(2026, 11, 5, 9, minute), "YJT-0001", kind))
    core.record_call(store, core.CallInput(T(2026, 11, 5, 9, 5), "YJT-0001", "mistaken",
                                           answered=False))  # fmt: skip
    assert tasks.open_tasks(store, devices["张三"].id) == []


def test_one_number_is_with_one_person_at_a_time_and_calls_go_to_who_had_it_that_day(store, people):
    core.add_device(store, people["张三"].id, "YJT-0001", D(2026, 1, 1))
    with pytest.raises(UserInputError, match="张三"):
        core.add_device(store, people["李四"].id, "YJT-0001", D(2026, 6, 1))
    core.remove_device(store, "YJT-0001", D(2026, 5, 31))
    core.add_device(store, people["李四"].id, "YJT-0001", D(2026, 6, 1))

    may = core.record_call(store, core.CallInput(T(2026, 5, 20, 8, 0), "YJT-0001", "test"))
    june = core.record_call(store, core.CallInput(T(2026, 6, 20, 8, 0), "YJT-0001", "test"))
    assert (may.name, june.name) == ("张三", "李四")
    with pytest.raises(UserInputError, match="YJT-0009"):
        core.record_call(store, core.CallInput(T(2026, 6, 20, 8, 0), "YJT-0009", "test"))


@pytest.mark.parametrize("writer", [write_gb18030_csv, write_xls], ids=["gb18030-csv", "wps-xls"])
def test_the_providers_file_is_read_and_a_second_reading_adds_nothing(
    store, devices, tmp_path, writer
):
    path = tmp_path / ("calls.csv" if writer is write_gb18030_csv else "calls.xls")
    writer(path)

    first = import_calls(store, path)
    second = import_calls(store, path)

    assert (first.imported, first.skipped, first.follow_ups, first.errors) == (4, 0, 1, [])
    assert (second.imported, second.skipped) == (0, 4)
    found = core.calls_in(store, D(2026, 11, 1))
    assert [(core.minute_text(c.called_at), c.name, c.kind, c.answered) for c in found] == [
        ("2026-11-03 08:15", "张三", "emergency", True),
        ("2026-11-05 21:40", "张三", "emergency", False),
        ("2026-11-06 10:00", "李四", "enquiry", True),
        ("2026-11-07 09:30", "李四", "mistaken", True),
    ]
    assert found[0].response == "联系家属送医" and found[0].source == path.name
    assert len(tasks.open_tasks(store, devices["张三"].id)) == 1


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row(store, devices, tmp_path):
    path = tmp_path / "calls.csv"
    bad = [*ROWS, [5, "2026-11-08", "YJT-0001", "张三", "紧急", "是", "", ""],
           [6, "2026-11-09 10:00", "YJT-0009", "王某", "紧急", "是", "", ""],
           [7, "2026-11-09 11:00", "YJT-0001", "张三", "聊天", "是", "", ""]]  # fmt: skip
    write_gb18030_csv(path, bad)

    result = import_calls(store, path)

    assert [e["row"] for e in result.errors] == [7, 8, 9]
    assert "YJT-0009" in result.errors[1]["message"]
    assert "聊天" in result.errors[2]["message"]
    assert count(store, "call_record") == 0
    assert tasks.open_tasks(store, devices["张三"].id) == []


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    add(store, "李四", D(1948, 2, 3), 13, group_name="二组")
    store.close()
    return folder


def with_devices(village):
    run(village, "calls", "device-add", "--id-number", id_number(D(1940, 5, 6), 11), "--number",
        "YJT-0001", "--installed", "2026-10-01", "--provider", "电信")  # fmt: skip
    run(village, "calls", "device-add", "--id-number", id_number(D(1948, 2, 3), 13), "--number",
        "YJT-0002", "--installed", "2026-10-01")  # fmt: skip


def test_the_command_line_imports_the_providers_file_and_the_follow_up_is_due(village):
    with_devices(village)
    path = village.parent / "calls.csv"
    write_gb18030_csv(path)

    dry = json.loads(run(village, "--json", "calls", "import", str(path), "--dry-run").stdout)
    assert json.loads(run(village, "--json", "calls", "list", "--month", "2026-11").stdout) == []
    done = json.loads(run(village, "--json", "calls", "import", str(path)).stdout)
    counts = json.loads(run(village, "--json", "calls", "counts", "--month", "2026-11").stdout)
    due = json.loads(run(village, "--json", "visits", "due").stdout)

    assert (dry["imported"], dry["dry_run"]) == (4, True)
    assert (done["imported"], done["follow_ups"]) == (4, 1)
    assert counts["by_kind"] == {"emergency": 2, "enquiry": 1, "mistaken": 1, "test": 0}
    assert counts["unanswered_emergencies"] == 1
    assert [(r["name"], r["due_kind"], r["due_date"]) for r in due if r["name"] == "张三"] == [
        ("张三", "follow_up", "2026-11-05")
    ]


def test_a_bad_file_on_the_command_line_exits_2_with_the_rows_and_writes_nothing(village):
    with_devices(village)
    path = village.parent / "bad.csv"
    write_gb18030_csv(path, [[1, "2026-11-08", "YJT-0001", "张三", "紧急", "是", "", ""]])
    done = run(village, "--json", "calls", "import", str(path), check_exit=2)
    assert json.loads(done.stdout)["errors"][0]["row"] == 3
    assert "第 3 行" in done.stderr
    assert json.loads(run(village, "--json", "calls", "list", "--month", "2026-11").stdout) == []


def test_the_call_ledger_prints_devices_calls_and_counts(village):
    with_devices(village)
    run(village, "calls", "add", "--number", "YJT-0001", "--time", "2026-11-05 21:40",
        "--kind", "emergency", "--unanswered")  # fmt: skip
    run(village, "calls", "add", "--number", "YJT-0002", "--time", "2026-11-06 10:00",
        "--kind", "enquiry", "--response", "代购药品")  # fmt: skip
    out = village.parent / "calls.pdf"

    run(village, "report", "calls", "--month", "2026-11", "--out", str(out))

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "一键通呼叫台账" in text
    for expected in ("YJT-0001", "YJT-0002", "张三", "李四", "2026-11-05 21:40", "代购药品",
                     "电信", "咨询"):  # fmt: skip
        assert expected in text
