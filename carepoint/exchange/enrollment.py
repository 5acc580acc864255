"""Enrollment: the township hands each village a file with its public keys, the village's code
and name and a secret that vouches for the village's own key on its first package.

The file carries no private key; it is meant to be carried by hand (USB) once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import crypto, keys
from carepoint.exchange.schema import secret_digest
from carepoint.i18n import _
from carepoint.models import utcnow
from carepoint.permissions import require
from carepoint.safety.files import storage_error, write_atomic
from carepoint.session import Session

FORMAT = "carepoint-enrollment"


@dataclass(frozen=True)
class Enrollment:
    township_code: str
    township_name: str
    village_code: str
    village_name: str
    sign_key: str
    box_key: str
    secret: str

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": 1, **vars(self)}


@uses_store
def require_role(store: Store, role: str) -> None:
    if store.setting("role", "village") != role:
        if role == "township":
            message = _("Only a township office can do this; this data folder is a village's")
        else:
            message = _("Only a village care point can do this; this data folder is a township's")
        raise UserInputError(message)


@uses_store
def enroll_village(
    store: Store,
    village_code: str,
    village_name: str,
    out: Path,
    passphrase: str | None = None,
    *,
    actor: Session | None,
) -> Enrollment:
    """Township: write a village's enrollment file (making the township's keys the first time,
    which needs the passphrase). The township keeps only the secret's digest, so enrolling a
    village again, before its key is confirmed, writes a file with a new secret (the old file no
    longer vouches for anything); a village whose key is pinned is re-keyed instead."""
    from carepoint.setup import check_code

    require_role(store, "township")
    require(actor, "enroll")
    code = check_code(village_code, "village")
    name = village_name.strip()
    if not name:
        raise UserInputError(_("The village name is missing"))
    return issue_enrollment(
        store, "township_village", code, name, out, passphrase,
        keys_message=_("The township's keys are made now and need a passphrase"),
        pinned_message=_("Village {code} already sends its packages with a confirmed key; to "
                         "give it a new enrollment file, re-key it"),
        make=lambda secret: Enrollment(
            township_code=store.setting("village_code"),
            township_name=store.setting("village_name"),
            village_code=code,
            village_name=name,
            sign_key=store.setting("township_sign_public"),
            box_key=store.setting("township_box_public"),
            secret=secret,
        ),
    )  # fmt: skip


@uses_store
def issue_enrollment(store: Store, table: str, code: str, name: str, out: Path,
                     passphrase: str | None, *, keys_message: str, pinned_message: str, make):
    """The office's side of enrolling the level below (a township its villages, a county its
    townships): the office's keys made the first time, a one-time secret of which `table` keeps
    only the digest, audited, and the file `make(secret)` written. A member whose key is pinned
    is refused with `pinned_message` (it is re-keyed instead)."""
    out = Path(out)
    if out.is_dir():
        raise UserInputError(_("{file} is a folder; give a file name").format(file=out))
    with store.db.writing():
        if not keys.township_has_keys(store):
            if not passphrase:
                raise UserInputError(keys_message)
            keys.create_township_keys(store, passphrase)
        row = store.db.execute_sql(
            f"SELECT sign_key, name FROM {table} WHERE code = ?", [code]
        ).fetchone()
        if row is not None and row[0]:
            raise UserInputError(pinned_message.format(code=code))
        secret = crypto.new_secret()
        if row is None:
            store.db.execute_sql(
                f"INSERT INTO {table} (code, name, enrolled_at, secret) VALUES (?, ?, ?, ?)",
                [code, name, utcnow().isoformat(sep=" "), secret_digest(secret)],
            )
        else:
            # A new file means new keys below: a fingerprint confirmed for the old ones would
            # refuse what they send.
            store.db.execute_sql(
                f"UPDATE {table} SET name = ?, secret = ?, confirmed_fingerprint = NULL"
                " WHERE code = ?",
                [name, secret_digest(secret), code],
            )
        audit.record(store, "enroll", table, code, {"name": (row[1] if row else None, name)})
        enrollment = make(secret)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise storage_error(out, error) from None
        text = json.dumps(enrollment.to_json(), ensure_ascii=False, indent=2)
        write_atomic(out, text.encode("utf-8"))
    return enrollment


@uses_store
def rekey_village(
    store: Store, village_code: str, out: Path, *, actor: Session | None
) -> Enrollment:
    """Township: forget a village's pinned key (its PC was lost, or its key may be known to
    someone else) and write a new enrollment file with a new one-time secret. The village's first
    package after it joins again with that file is accepted, numbered from wherever the village
    restarts; the old key and the old last number stay in the audit log."""
    require_role(store, "township")
    require(actor, "enroll")
    row = store.db.execute_sql(
        "SELECT name, sign_key, last_sequence FROM township_village WHERE code = ?",
        [village_code],
    ).fetchone()
    if row is None:
        raise UserInputError(
            _("village {code} is not enrolled with this township").format(code=village_code)
        )
    name, old_key, last = row
    with store.db.writing():
        store.db.execute_sql(
            "UPDATE township_village SET sign_key = NULL, box_key = NULL, node_id = NULL,"
            " last_sequence = 0, confirmed_fingerprint = NULL WHERE code = ?",
            [village_code],
        )
        # The old packages stay on record under their own kind, so the new numbering is free.
        store.db.execute_sql(
            "UPDATE exchange_package SET kind = 'village-before-rekey' WHERE direction ="
            " 'received' AND kind = 'village' AND village_code = ?",
            [village_code],
        )
        audit.record(store, "rekey", "township_village", village_code, {
            "sign_key": (old_key, None), "last_sequence": (str(last), "0"),
        })  # fmt: skip
        return enroll_village(store, village_code, name, out, actor=actor)


@uses_store
def rekey_township(
    store: Store, passphrase: str, out_dir: Path, *, actor: Session | None
) -> list[Path]:
    """Township: new keys of its own after losing them, and a new enrollment file for every
    village in `out_dir` (each village joins again with its file; the audit keeps the change)."""
    require_role(store, "township")
    require(actor, "enroll")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise storage_error(out_dir, error) from None
    codes = [row[0] for row in store.db.execute_sql(
        "SELECT code FROM township_village ORDER BY code").fetchall()]  # fmt: skip
    old = store.setting("township_sign_public")
    with store.db.writing():
        keys.replace_township_keys(store, passphrase)
        audit.record(store, "rekey", "township", store.setting("village_code"), {
            "sign_key": (old, store.setting("township_sign_public")),
        })  # fmt: skip
        written = []
        for code in codes:
            path = out_dir / f"{code}-enrollment.json"
            rekey_village(store, code, path, actor=actor)
            written.append(path)
    return written


def read_enrollment(path: Path) -> Enrollment:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError
        enrollment = Enrollment(**{k: str(data[k]) for k in Enrollment.__dataclass_fields__})
        for key in (enrollment.sign_key, enrollment.box_key):
            if len(crypto.unb64(key)) != crypto.RAW:
                raise ValueError
        bytes.fromhex(enrollment.secret)
    except FileNotFoundError:
        raise UserInputError(_("{file} does not exist").format(file=path)) from None
    except (OSError, ValueError, KeyError, AttributeError, TypeError, IntegrityError):
        raise UserInputError(
            _("{file} is not a CarePoint enrollment file").format(file=path)
        ) from None
    return enrollment


@uses_store
def join_township(store: Store, enrollment: Enrollment, *, actor: Session | None) -> None:
    """Village: join the township of the enrollment file (its village code must be ours)."""
    require_role(store, "village")
    require(actor, "enroll")
    ours = store.setting("village_code")
    if enrollment.village_code != ours:
        raise UserInputError(
            _(
                "This enrollment file is for village {theirs} ({name}), but this care point is "
                "{ours}; nothing was changed"
            ).format(theirs=enrollment.village_code, name=enrollment.village_name, ours=ours)
        )
    previous = store.setting("exchange_township_sign_key")
    same_township = store.setting("exchange_township_code") == enrollment.township_code
    # The same township with new keys (it lost its own) is joined again; another one is not.
    if (previous and previous != enrollment.sign_key and store.setting("exchange_last_sent")
            and not same_township):
        raise UserInputError(
            _("This care point already sends its packages to another township; nothing was changed")
        )
    # A new secret from the same township is a re-key: this village gets new keys.
    rekeyed = bool(store.setting("exchange_secret")) and (
        store.setting("exchange_secret") != enrollment.secret
    )
    with store.db.writing():
        keys.ensure_village_keys(store, fresh=rekeyed)
        store.set_setting("exchange_township_code", enrollment.township_code)
        store.set_setting("exchange_township_name", enrollment.township_name)
        store.set_setting("exchange_township_sign_key", enrollment.sign_key)
        store.set_setting("exchange_township_box_key", enrollment.box_key)
        store.set_setting("exchange_secret", enrollment.secret)
        if not store.setting("township"):
            store.set_setting("township", enrollment.township_name)
        audit.record(
            store,
            "enroll",
            "township",
            enrollment.township_code,
            {"township": (None, enrollment.township_name)},
        )


@uses_store
def enroll_from_file(store: Store, path: Path, *, actor: Session | None) -> Enrollment:
    """Village: join a township afterwards (settings, first-run wizard)."""
    enrollment = read_enrollment(path)
    join_township(store, enrollment, actor=actor)
    return enrollment


@uses_store
def is_enrolled(store: Store) -> bool:
    return bool(store.setting("exchange_township_box_key"))
