"""Village → township → village through the command line."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, cli, digest, with_store

from carepoint.exchange.village_return import township_notes
from carepoint.meals.closing import month_status
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month


def _october(store) -> None:
    """The village computes October before sending it: the township approves what it saw."""
    compute_month(store, months.parse("2026-10"), meal_subsidies=None)


def test_a_village_package_reaches_the_township_and_the_return_locks_the_approved_month(
    office, capsys
):
    # Given a village with two residents, enrolled with the township
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: (add(s, "张三", sequence=1), add(s, "李四", sequence=3),
                                   _october(s)))  # fmt: skip
    package = office.export(village)
    assert package.name == f"{TAOYUAN[0]}-20261123-1.cpkg"

    # When the township imports it, approves October and sends the return package back
    out, _err = office.run("--json", "sync", "import", package)
    summary = json.loads(out)
    assert summary["packages"][0]["status"] == "imported"
    assert summary["packages"][0]["tables"]["resident"]["new"] == 2
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--approve", "--comment", "材料齐全")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", office.usb)
    returned = json.loads(out)
    assert [r["village_code"] for r in returned] == [TAOYUAN[0]]
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import",
                    returned[0]["file"])  # fmt: skip

    # Then the village's October is locked, the comment is kept and its package acknowledged
    result = json.loads(out)
    assert result["locked"] == ["2026-10"]
    assert result["acknowledged"] == [1]
    notes = with_store(village, township_notes)
    assert [(n.kind, n.month, n.state, n.comment) for n in notes] == [
        ("review", "2026-10", "approved", "材料齐全")
    ]
    locked = with_store(village, lambda s: month_status(s, dt.date(2026, 10, 1)).closed)
    assert locked
    status, _err = office.run("--json", "township", "status", "--month", "2026-10")
    assert json.loads(status)[0]["residents"] == 2
    assert json.loads(status)[0]["month"]["review"] == "approved"


def test_the_township_sees_the_villages_side_by_side(office):
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    with_store(first, lambda s: add(s, "张三", sequence=1))
    with_store(second, lambda s: (add(s, "王五", sequence=5), add(s, "赵六", sequence=7)))
    office.run("sync", "import", office.export(first), office.export(second))
    out, _err = office.run("--json", "township", "status")
    rows = {row["code"]: row["residents"] for row in json.loads(out)}
    assert rows == {TAOYUAN[0]: 1, LIYUAN[0]: 2}


def test_importing_the_same_package_twice_changes_nothing(office):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    package = office.export(village)
    office.run("sync", "import", package)
    before = digest(office.folder)
    out, _err = office.run("--json", "sync", "import", package)
    assert json.loads(out)["packages"][0]["status"] == "already imported"
    assert digest(office.folder) == before


def test_a_dry_run_reports_what_would_change_and_writes_nothing(office):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三"))
    package = office.export(village)
    before = digest(office.folder)
    out, _err = office.run("--json", "sync", "import", "--dry-run", package)
    result = json.loads(out)
    assert result["dry_run"] is True
    assert result["packages"][0]["status"] == "would import"
    assert result["packages"][0]["new"] > 0
    assert digest(office.folder) == before


def test_a_later_package_carries_changes_and_the_village_keeps_its_data(office):
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))

    def died(store):
        from carepoint.residents import set_status

        set_status(store, person.id, "deceased", dt.date(2026, 11, 2), "病故")

    with_store(village, died)
    out, _err = office.run("--json", "sync", "import", office.export(village))
    tables = json.loads(out)["packages"][0]["tables"]
    assert tables["resident"]["changed"] == 1
    assert tables["status_change"]["new"] == 1
    assert with_store(village, lambda s: s.db.execute_sql("SELECT count(*) FROM resident")
                      .fetchone()[0]) == 1  # fmt: skip


def _approved_return(office, village):
    """The township's return package approving the village's October."""
    office.run("sync", "import", office.export(village))
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--approve")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", office.usb)
    return json.loads(out)[0]["file"]


def test_a_dry_run_of_a_return_package_tells_what_it_would_lock_and_writes_nothing(office, capsys):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: (add(s, "张三"), _october(s)))
    returned = _approved_return(office, village)
    before = digest(village)

    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", "--dry-run",
                    returned)  # fmt: skip

    result = json.loads(out)
    assert (result["status"], result["locked"]) == ("would import", ["2026-10"])
    assert digest(village) == before


def test_a_return_package_that_fails_part_way_leaves_the_village_as_it_was(
    office, capsys, monkeypatch
):
    from carepoint.errors import IntegrityError
    from carepoint.exchange import village_return

    village = office.village(*TAOYUAN)
    with_store(village, lambda s: (add(s, "张三"), _october(s)))
    returned = _approved_return(office, village)
    before = digest(village)

    def fail(*_args):
        raise IntegrityError("the drive failed while the rule updates were read")

    with monkeypatch.context() as patched:  # after the month was locked and the notes kept
        patched.setattr(village_return, "_add_rules", fail)
        cli(capsys, "--data-dir", village, "sync", "import", returned, exit_code=3)

    assert digest(village) == before
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    assert json.loads(out)["locked"] == ["2026-10"]
