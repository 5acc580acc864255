"""Two clerks import the same package at the same moment: one imports it, the other is told it is
already in, and nothing is written twice (issue 21), on both engines."""

from __future__ import annotations

import threading

from exchange.exchange_helpers import (  # noqa: F401 - office: the fixture, on both engines
    PASSPHRASE,
    TAOYUAN,
    office,
    passphrase,
    with_store,
)

from carepoint.db import open_store
from carepoint.exchange import township_import
from carepoint.permissions import local_administrator


def test_the_same_package_imported_at_once_by_two_clerks_goes_in_once(office, monkeypatch):  # noqa: F811
    village = office.village(*TAOYUAN)
    package = office.export(village)
    both_checked = threading.Barrier(2, timeout=60)
    township_keys = township_import.keys.township_keys

    def after_the_checks(store, secret):
        # both clerks have checked the package (new to each) before either writes anything
        both_checked.wait()
        return township_keys(store, secret)

    monkeypatch.setattr(township_import.keys, "township_keys", after_the_checks)
    results, errors = {}, []

    def clerk(name):
        store = open_store(office.folder, actor=name)
        try:
            results[name] = township_import.import_packages(
                store, [package], PASSPHRASE, actor=local_administrator(name)
            )
        except Exception as error:  # a clerk's failure is the finding, reported below
            errors.append(error)
        finally:
            store.close()

    threads = [threading.Thread(target=clerk, args=(name,)) for name in ("王", "李")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [], (errors, {k: v.to_json() for k, v in results.items()})
    states = sorted(result.packages[0].status for result in results.values())
    assert states == ["already imported", "imported"]
    count = with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT count(*) FROM exchange_package WHERE direction = 'received'").fetchone()[0])
    assert count == 1
