"""County fixtures: a county office, townships enrolled with it (tests/exchange's Office), and
the containers townships forward. Every step goes through `carepoint.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exchange.exchange_helpers import Office, cli, with_store

COUNTY = ("321183", "句容市")
BAITU = ("321183104", "白兔镇")
BIANCHENG = ("321183105", "边城镇")
QINGLONG = ("321183105201", "青龙村")


class County:
    def __init__(self, tmp_path, capsys, database=None, code=COUNTY[0], name=COUNTY[1]):
        self.root, self.capsys = tmp_path, capsys
        self.folder = tmp_path / f"county-{code}"
        self.usb = tmp_path / "county-usb"
        on = ("--database", database) if database else ()
        cli(capsys, "--data-dir", self.folder, "init", "--village-code", code,
            "--village-name", name, "--role", "county", *on)  # fmt: skip

    def run(self, *args, exit_code=0, lang="en"):
        return cli(self.capsys, "--data-dir", self.folder, *args, exit_code=exit_code, lang=lang)

    def township(self, code, name, *, confirmed=True, database=None) -> Office:
        """A township office enrolled with the county and joined to it; `confirmed`: the county
        clerk has typed the digits the township's clerk read out."""
        office = Office(self.root / code, self.capsys, code=code, name=name, database=database)
        enrollment = self.root / f"county-enroll-{code}.json"
        self.run("county", "enroll", code, "--name", name, "--out", enrollment)
        out, _err = office.run("--json", "township", "join-county", enrollment)
        office.digits = json.loads(out)["fingerprint"]
        if confirmed:
            self.run("county", "confirm", code, "--fingerprint", office.digits)
        return office

    def forward(self, office: Office) -> Path:
        out, _err = office.run("--json", "township", "forward", "--to", self.usb)
        return Path(json.loads(out)["file"])

    def query(self, sql, params=()):
        return with_store(self.folder, lambda s: s.db.execute_sql(sql, list(params)).fetchall())


@pytest.fixture
def county(tmp_path, capsys, engine):
    """The county office, once on SQLite and once on PostgreSQL (tests/pg_server)."""
    return County(tmp_path, capsys, database=engine)
