"""A township approval names what it approves; the village applies it only to the month the
township saw, whose blocking checks pass; otherwise the cadre is told to send it again."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, office, passphrase, with_store  # noqa: F401

from carepoint.exchange.village_return import township_notes
from carepoint.meals.closing import month_status
from carepoint.residents import set_status
from carepoint.subsidies import months
from carepoint.subsidies.ledger import month_record
from carepoint.subsidies.workflow import compute_month

CHANGED = "乡镇已审批，但本村数据已变化"


def _compute(store, month: str) -> None:
    compute_month(store, months.parse(month), meal_subsidies=None)


def _village_with_october(office):  # noqa: F811
    village = office.village(*TAOYUAN)

    def setup(store):
        add(store, "张大爷", dt.date(1936, 1, 9), sequence=1, bank_account="6228480402564890018")
        add(store, "李奶奶", dt.date(1940, 5, 2), sequence=2, bank_account="6228480402564890026")
        _compute(store, "2026-10")

    with_store(village, setup)
    return village


def _approve_and_return(office, village, month="2026-10"):  # noqa: F811
    office.run("sync", "import", office.export(village))
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", month, "--approve")
    out, _err = office.run("--json", "sync", "export", "--out", office.usb)
    return json.loads(out)[0]["file"]


def _state(village, month="2026-10"):
    return with_store(village, lambda s: month_record(s, months.parse(month)).state)


def test_an_unchanged_month_is_approved_with_the_figures_the_township_saw(office, capsys):  # noqa: F811
    village = _village_with_october(office)
    returned = _approve_and_return(office, village)
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    assert json.loads(out)["locked"] == ["2026-10"]
    assert _state(village) == "approved"
    # the approval in the return package names the lines: count, total and digest
    approvals = with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT approval FROM township_month WHERE month = '2026-10'").fetchone()[0])  # fmt: skip
    seen = json.loads(approvals)
    assert (seen["line_count"], seen["total_fen"]) == (2, 10000 + 5000)
    assert len(seen["digest"]) == 64


def test_a_month_changed_after_sending_is_not_approved_and_says_so(office, capsys):  # noqa: F811
    village = _village_with_october(office)
    returned = _approve_and_return(office, village)

    def death(store):  # recorded after the package left: October now pays one person
        resident = store.db.execute_sql("SELECT id FROM resident WHERE name = '张大爷'").fetchone()
        set_status(
            store, resident[0], "deceased", dt.date(2026, 9, 5), "", today=dt.date(2026, 11, 23)
        )
        _compute(store, "2026-10")

    with_store(village, death)
    out, _err = cli(capsys, "--data-dir", village, "sync", "import", returned, lang="zh_CN")
    assert CHANGED in out and "重新报送" in out
    assert _state(village) == "computed"
    # nor are its meals closed: the month stays open to be corrected and sent again
    assert not with_store(village, lambda s: month_status(s, dt.date(2026, 10, 1)).closed)
    # and the township's note keeps the reason for the cadre until the month is sent again
    [note] = [n for n in with_store(village, township_notes) if n.kind == "review"]
    assert CHANGED in note.detail["not_applied"]


def test_a_month_whose_checks_block_approval_is_not_approved(office, capsys):  # noqa: F811
    village = _village_with_october(office)
    returned = _approve_and_return(office, village)

    def death(store):  # recorded without computing again: October still pays the dead man
        resident = store.db.execute_sql("SELECT id FROM resident WHERE name = '张大爷'").fetchone()
        set_status(
            store, resident[0], "deceased", dt.date(2026, 9, 5), "", today=dt.date(2026, 11, 23)
        )

    with_store(village, death)
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    result = json.loads(out)
    assert result["locked"] == []
    assert "2026-10" in result["not_locked"]
    assert _state(village) == "computed"


def test_a_month_computed_but_never_sent_is_not_locked(office, capsys):  # noqa: F811
    village = _village_with_october(office)
    office.run("sync", "import", office.export(village))
    with_store(village, lambda s: _compute(s, "2026-11"))  # computed after the package left
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-11",
               "--approve")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", office.usb)
    returned = json.loads(out)[0]["file"]
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    assert json.loads(out)["locked"] == []
    assert _state(village, "2026-11") == "computed"
