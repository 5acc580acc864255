"""A township approval of a month the village never computed (the township approved an empty
month, or the village restored a backup from before computing it) is treated like a changed
month: the village's meals of that month stay open and the return package does not call it
locked."""

from __future__ import annotations

import datetime as dt
import json

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, office, with_store  # noqa: F401

from carepoint.meals.closing import month_status
from carepoint.subsidies import months
from carepoint.subsidies.ledger import month_record


def test_an_approval_of_a_month_never_computed_locks_nothing(office, capsys):  # noqa: F811
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张大爷", dt.date(1936, 1, 9), sequence=1))
    office.run("sync", "import", office.export(village))
    office.run("township", "review", "--village-code", TAOYUAN[0], "--month", "2026-10",
               "--approve")  # fmt: skip
    out, _err = office.run("--json", "sync", "export", "--out", office.usb)
    returned = json.loads(out)[0]["file"]
    out, _err = cli(capsys, "--json", "--data-dir", village, "sync", "import", returned)
    result = json.loads(out)
    assert result["locked"] == [] and "2026-10" in result["not_locked"]
    assert not with_store(village, lambda s: month_status(s, dt.date(2026, 10, 1)).closed)
    assert with_store(village, lambda s: month_record(s, months.parse("2026-10"))) is None
