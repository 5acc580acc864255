"""A township office with two demo villages whose packages it imported (tests of the township's
forms, from the command line and from the print page). Built through `carepoint.cli.main`."""

from __future__ import annotations

from exchange.exchange_helpers import LIYUAN, PASSPHRASE, TAOYUAN, Office, with_store

VILLAGES = (TAOYUAN, LIYUAN)


def _fill(store, seed: int) -> None:
    from carepoint.demo import generate_demo
    from carepoint.subsidies import months
    from carepoint.subsidies.workflow import compute_month

    generate_demo(store, residents=40, months=2, seed=seed)
    compute_month(store, months.parse("2026-11"))


def township_office(tmp_path, capsys, monkeypatch, database=None) -> Office:
    """白兔镇's office, its keys made with the passphrase the environment gives; on PostgreSQL
    when a `database` is given (tests/pg_server.py)."""
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", PASSPHRASE)
    return Office(tmp_path, capsys, database=database)


def import_villages(office: Office) -> dict[str, object]:
    """桃园村 and 梨园村 with two months of service and November's subsidies, imported at the
    office; {village code: its data folder}."""
    folders = {}
    for seed, (code, name) in enumerate(VILLAGES, 7):
        folders[code] = office.village(code, name)
        with_store(folders[code], lambda store, seed=seed: _fill(store, seed))
    office.run("sync", "import", *(office.export(folder) for folder in folders.values()))
    return folders
