"""Township: the village packages it imported, kept as received for the county it joined.

A package is kept in the same transaction that merges it (a dry run or a refused batch keeps
nothing), as its bytes: still signed by the village, so the county checks the village's own
signature, not only the township's word. A township that has not joined a county keeps nothing;
every village package carries the village's whole state, so its next one brings everything.
"""

from __future__ import annotations

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange import packages
from carepoint.exchange.container import Package

JOINED = "county_box_key"  # set when the township joins a county (carepoint.county.enrollment)


@uses_store
def keep(store: Store, package: Package) -> None:
    if not store.setting(JOINED):
        return
    store.db.execute_sql(
        "INSERT INTO county_outbox (village_code, sequence, payload_sha256, package,"
        " received_at) VALUES (?, ?, ?, ?, ?)",
        [package.village_code, package.sequence, package.payload_sha256,
         package.signed + package.signature, packages.now_text()],
    )  # fmt: skip
