"""Township: forward the village packages imported since the last forward to the county, in one
container signed by the township and sealed to the county. The container's signed manifest lists
every village package it carries and the village key the township pinned for each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint import __version__, audit, clock, migrations
from carepoint.binding import uses_store
from carepoint.county.enrollment import joined, require_township
from carepoint.county.packing import KIND, package_from_bytes, shared_secret
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import container, crypto, keys, packages
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session


@dataclass(frozen=True)
class Forwarded:
    path: Path | None  # None: nothing to forward
    sequence: int
    villages: list[dict]


@uses_store
def _pending(store: Store) -> list[tuple]:
    return store.db.execute_sql(
        "SELECT o.id, o.village_code, o.sequence, o.package, v.name, v.sign_key"
        " FROM county_outbox o JOIN township_village v ON v.code = o.village_code"
        " WHERE o.forwarded_in IS NULL ORDER BY o.village_code, o.sequence, o.id"
    ).fetchall()


@uses_store
def forward(
    store: Store,
    out_dir: Path,
    passphrase: str | Callable[[], str],
    *,
    today: dt.date | None = None,
    actor: Session | None,
) -> Forwarded:
    require_township(store)
    require(actor, "exchange")
    if not joined(store):
        raise UserInputError(
            _("This township has not joined a county yet: use `township join-county FILE`")
        )
    today = today or clock.today()
    code = store.setting("village_code")
    sequence = packages.last_sequence(store, "sent", KIND, code) + 1
    rows = _pending(store)
    if not rows:
        return Forwarded(None, sequence - 1, [])
    sign, box = keys.township_keys(store, passphrase() if callable(passphrase) else passphrase)
    carries, items, done, superseded = [], [], [], []
    for row_id, village, number, blob, name, pinned in rows:
        package = package_from_bytes(bytes(blob), f"{village}-{number}{container.SUFFIX}")
        if package.manifest["signer_key"] != pinned or package.manifest.get(
            "recipient_key"
        ) != crypto.fingerprint(crypto.public_raw(box)):
            # signed with a key the village no longer has, or sealed to the township's keys
            # before it made new ones: the village's package under its new key replaces it
            superseded.append(row_id)
            continue
        carries.append({"village_code": village, "village_name": name, "sequence": number,
                        "payload_sha256": package.payload_sha256,
                        "signer_key": pinned})  # fmt: skip
        items.append({"package": crypto.b64(bytes(blob)),
                      "shared": crypto.b64(shared_secret(box, package))})  # fmt: skip
        done.append(row_id)
    county_box = crypto.unb64(store.setting("county_box_key"))
    sign_public = crypto.public_raw(sign)
    manifest = {
        "kind": KIND,
        "app_version": __version__,
        "schema_version": migrations.latest_version(),
        "village_code": code,
        "township_name": store.setting("village_name"),
        "county_code": store.setting("county_code"),
        "sequence": sequence,
        "created_at": packages.now_text(),
        "counts": {"villages": len(carries)},
        "carries": carries,
        "signer_key": crypto.b64(sign_public),
        "box_key": store.setting("township_box_public"),
        "enrollment_proof": crypto.enrollment_proof(
            store.setting("county_secret"), county_box, sign_public
        ),
    }
    blob = container.build(manifest, {"packages": items}, county_box, sign)
    name = f"{code}-county-{today:%Y%m%d}-{sequence}{container.SUFFIX}"
    path = container.write(out_dir, name, blob)
    written = container.read(path)
    if written.signed + written.signature != blob:
        raise IntegrityError(_("The package written to {file} reads back differently; it may be"
                               " a faulty drive").format(file=path))  # fmt: skip
    with store.db.writing():
        for row_id in done:
            store.db.execute_sql(
                "UPDATE county_outbox SET forwarded_in = ?, package = NULL WHERE id = ?",
                [sequence, row_id],
            )
        for row_id in superseded:
            store.db.execute_sql(
                "UPDATE county_outbox SET forwarded_in = 0, package = NULL WHERE id = ?", [row_id]
            )
        packages.record(store, "sent", written.manifest, path.name)
        audit.record(store, "export", "exchange_package", f"{code}-county-{sequence}",
                     {"file": (None, path.name)})  # fmt: skip
    return Forwarded(path, sequence, carries)
