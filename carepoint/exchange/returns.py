"""Return packages, township → village: the township's reviews of village-months, its flags,
rule updates and the acknowledgement of the packages it received; signed with the township's
key and sealed to the village's key (sent in the village's packages).

At the village an approved month is locked (its meals closed, its subsidies approved), rule
updates become local rule versions, reviews and flags are kept for display, and the packages the
township received are marked acknowledged. The same return package twice changes nothing.
The village side is village_return.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from carepoint import audit, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange import container, crypto, flags, keys, packages
from carepoint.exchange.enrollment import require_role
from carepoint.permissions import require
from carepoint.session import Session


@dataclass(frozen=True)
class ReturnWritten:
    village_code: str
    path: Path
    sequence: int

    def to_json(self) -> dict:
        return {
            "village_code": self.village_code,
            "file": str(self.path),
            "sequence": self.sequence,
        }


@uses_store
def _contents(store: Store, code: str) -> dict:
    reviews = [
        {"month": m, "state": s, "comment": c, "reviewed_at": at, "approves": json.loads(a or "{}")}
        for m, s, c, at, a in store.db.execute_sql(
            "SELECT month, review, comment, reviewed_at, approval FROM township_month"
            " WHERE village_code = ? AND review <> '' ORDER BY month",
            [code],
        )
    ]
    rules = [
        {"uuid": u, "area": a, "effective_from": f, "content": json.loads(c), "note": n}
        for u, a, f, c, n in store.db.execute_sql(
            "SELECT uuid, area, effective_from, content, note FROM rule_version"
            " WHERE deleted_at IS NULL ORDER BY effective_from, id"
        )
    ]
    found = [{"key": f.key, **f.to_json()} for f in flags.open_flags(store, code)]
    acknowledged = [
        {"sequence": s, "payload_sha256": h, "imported_at": at}
        for s, h, at in store.db.execute_sql(
            "SELECT sequence, payload_sha256, recorded_at FROM exchange_package"
            " WHERE direction = 'received' AND kind = 'village' AND village_code = ?"
            " ORDER BY sequence",
            [code],
        )
    ]
    return {"reviews": reviews, "rules": rules, "flags": found, "acknowledged": acknowledged}


def _digest(contents: dict) -> str:
    return hashlib.sha256(json.dumps(contents, sort_keys=True).encode()).hexdigest()


@uses_store
def _last_digest(store: Store, code: str) -> str:
    row = store.db.execute_sql(
        "SELECT summary FROM exchange_package WHERE direction = 'sent' AND kind = 'return'"
        " AND village_code = ? ORDER BY sequence DESC LIMIT 1",
        [code],
    ).fetchone()
    return json.loads(row[0]).get("digest", "") if row else ""


@uses_store
def export_returns(
    store: Store, out_dir: Path, passphrase: str, *, actor: Session | None
) -> list[ReturnWritten]:
    """Township: one return package for every village whose results changed since the last."""
    require_role(store, "township")
    require(actor, "exchange")
    villages = store.db.execute_sql(
        "SELECT code, box_key, return_sequence FROM township_village WHERE box_key IS NOT NULL"
        " ORDER BY code"
    ).fetchall()
    pending = []
    for code, box_key, sequence in villages:
        contents = _contents(store, code)
        digest = _digest(contents)
        if digest != _last_digest(store, code):
            pending.append((code, box_key, sequence + 1, contents, digest))
    if not pending:
        return []
    sign, _box = keys.township_keys(store, passphrase)
    written = []
    today = clock.today()
    for code, box_key, sequence, contents, digest in pending:
        manifest = {
            "kind": "return",
            "village_code": code,
            "township_code": store.setting("village_code"),
            "sequence": sequence,
            "created_at": packages.now_text(),
            "counts": {key: len(value) for key, value in contents.items()},
            "signer_key": store.setting("township_sign_public"),
        }
        blob = container.build(manifest, contents, crypto.unb64(box_key), sign)
        name = f"{code}-{today:%Y%m%d}-return-{sequence}{container.SUFFIX}"
        path = container.write(out_dir, name, blob)
        written_back = container.read(path)
        container.check_signed(written_back, crypto.public_raw(sign))
        with store.db.writing():
            packages.record(store, "sent", written_back.manifest, name, {"digest": digest})
            store.db.execute_sql(
                "UPDATE township_village SET return_sequence = ? WHERE code = ?", [sequence, code]
            )
            store.db.execute_sql(
                "UPDATE township_month SET sent_sequence = ? WHERE village_code = ?"
                " AND review <> '' AND sent_sequence IS NULL",
                [sequence, code],
            )
            audit.record(store, "export", "exchange_package", f"{code}-return-{sequence}",
                         {"file": (None, name)})  # fmt: skip
        written.append(ReturnWritten(code, path, sequence))
    return written
