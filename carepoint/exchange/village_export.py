"""A village's package for the township: the full state of its synced records and the visit
figures of its recent months, sealed to the township's key and signed with the village's key.

Local data is never touched: a package is a copy, and sending it again is harmless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint import __version__, audit, clock, migrations
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import container, crypto, keys, packages, tables
from carepoint.exchange.enrollment import is_enrolled, require_role
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session

REPORTED_MONTHS = 12


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    counts: dict[str, int]
    size: int


@uses_store
def _reported_months(store: Store, today: dt.date) -> list[dict]:
    from carepoint.visits.summary import visit_rate

    found = []
    year, month = today.year, today.month
    for _step in range(REPORTED_MONTHS):
        rate = visit_rate(store, year, month, today)
        found.append(
            {"month": rate.month_text, "visits_due": rate.due, "visited": rate.visited,
             "visits": rate.visits}
        )  # fmt: skip
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


@uses_store
def export_package(
    store: Store,
    out_dir: Path,
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    actor: Session | None,
    passphrase: str | Callable[[], str] | None = None,
) -> ExportResult:
    """Write the next package into `out_dir`, check it by reading it back, and log it as sent.
    `passphrase`: the recovery passphrase that opens the signing key once one is set (a function
    is asked only then)."""
    require_role(store, "village")
    require(actor, "exchange")
    if not is_enrolled(store):
        raise UserInputError(
            _("This care point has not joined a township yet: import its enrollment file first")
        )
    today = today or clock.today()
    code = store.setting("village_code")
    sequence = packages.next_village_sequence(store, code)
    if progress:
        progress(_("Reading the records"))
    data = tables.read_tables(store)
    counts = {table: len(part["rows"]) for table, part in data.items()}
    sign = keys.village_sign_key(store, passphrase)
    sign_public = crypto.public_raw(sign)
    township_box = crypto.unb64(store.setting("exchange_township_box_key"))
    manifest = {
        "kind": "village",
        "app_version": __version__,
        "schema_version": migrations.latest_version(),
        "node_id": store.setting("node_id"),
        "village_code": code,
        "village_name": store.setting("village_name"),
        "sequence": sequence,
        "created_at": packages.now_text(),
        "counts": counts,
        "signer_key": crypto.b64(sign_public),
        "enrollment_proof": crypto.enrollment_proof(
            store.setting("exchange_secret"), township_box, sign_public
        ),
        "box_key": store.setting("exchange_box_public"),
    }
    payload = {"tables": data, "months": _reported_months(store, today)}
    if progress:
        progress(_("Encrypting and signing"))
    blob = container.build(manifest, payload, township_box, sign)
    path = container.write(out_dir, f"{code}-{today:%Y%m%d}-{sequence}{container.SUFFIX}", blob)
    written = container.read(path)
    if written.signed + written.signature != blob:
        raise IntegrityError(_("The package written to {file} reads back differently; it may be"
                               " a faulty drive").format(file=path))  # fmt: skip
    container.check_signed(written, sign_public)
    with store.db.writing():
        packages.record(store, "sent", written.manifest, path.name)
        store.set_setting("exchange_last_sent", str(sequence))
        audit.record(
            store, "export", "exchange_package", f"{code}-{sequence}", {"file": (None, path.name)}
        )
    return ExportResult(path, sequence, counts, len(blob))
