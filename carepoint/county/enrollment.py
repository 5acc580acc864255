"""A county enrolls its townships as a township enrolls its villages: a file with the county's
public keys and a one-time secret (of which the county keeps only the digest) that vouches for
the township's signing key on its first container; that container is still held until a county
clerk confirms the township's key fingerprint (confirm.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import crypto, keys
from carepoint.exchange.confirmation import digits_of
from carepoint.exchange.enrollment import issue_enrollment
from carepoint.exchange.outbox import JOINED
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session

FORMAT = "carepoint-county-enrollment"


@dataclass(frozen=True)
class CountyEnrollment:
    county_code: str
    county_name: str
    township_code: str
    township_name: str
    sign_key: str
    box_key: str
    secret: str

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": 1, **vars(self)}


@uses_store
def require_county(store: Store) -> None:
    if store.setting("role", "village") != "county":
        raise UserInputError(_("Only a county office can do this; this data folder is not one"))


@uses_store
def require_township(store: Store) -> None:
    if store.setting("role", "village") != "township":
        raise UserInputError(_("Only a township office can do this; this data folder is not one"))


@uses_store
def enroll_township(
    store: Store,
    township_code: str,
    township_name: str,
    out: Path,
    passphrase: str | None = None,
    *,
    actor: Session | None,
) -> CountyEnrollment:
    """County: write a township's enrollment file (making the county's keys the first time).
    Enrolling again before the township's key is pinned writes a new secret; after, refused."""
    from carepoint.setup import check_code

    require_county(store)
    require(actor, "enroll")
    code = check_code(township_code, "township")
    name = township_name.strip()
    if not name:
        raise UserInputError(_("The township name is missing"))
    return issue_enrollment(
        store, "county_township", code, name, out, passphrase,
        keys_message=_("The county's keys are made now and need a passphrase"),
        pinned_message=_("Township {code} already sends its containers with a confirmed key; "
                         "nothing was changed"),
        make=lambda secret: CountyEnrollment(
            county_code=store.setting("village_code"),
            county_name=store.setting("village_name"),
            township_code=code,
            township_name=name,
            sign_key=store.setting("township_sign_public"),
            box_key=store.setting("township_box_public"),
            secret=secret,
        ),
    )  # fmt: skip


def read_enrollment(path: Path) -> CountyEnrollment:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError
        found = CountyEnrollment(**{k: str(data[k]) for k in CountyEnrollment.__dataclass_fields__})
        for key in (found.sign_key, found.box_key):
            if len(crypto.unb64(key)) != crypto.RAW:
                raise ValueError
        bytes.fromhex(found.secret)
    except FileNotFoundError:
        raise UserInputError(_("{file} does not exist").format(file=path)) from None
    except (OSError, ValueError, KeyError, AttributeError, TypeError, IntegrityError):
        raise UserInputError(
            _("{file} is not a CarePoint county enrollment file").format(file=path)
        ) from None
    return found


@uses_store
def join_county(
    store: Store, path: Path, passphrase: str | None = None, *, actor: Session | None
) -> tuple[CountyEnrollment, str]:
    """Township: join the county of the enrollment file (its township code must be ours).
    Returns the file and the fingerprint digits of the township's key, for the county's clerk."""
    require_township(store)
    require(actor, "enroll")
    enrollment = read_enrollment(path)
    ours = store.setting("village_code")
    if enrollment.township_code != ours:
        raise UserInputError(
            _("This enrollment file is for township {theirs} ({name}), but this office is "
              "{ours}; nothing was changed").format(
                theirs=enrollment.township_code, name=enrollment.township_name, ours=ours)
        )  # fmt: skip
    with store.db.writing():
        if not keys.township_has_keys(store):
            if not passphrase:
                raise UserInputError(_("The township's keys are made now and need a passphrase"))
            keys.create_township_keys(store, passphrase)
        previous = store.setting("county_code")
        store.set_setting("county_code", enrollment.county_code)
        store.set_setting("county_name", enrollment.county_name)
        store.set_setting("county_sign_key", enrollment.sign_key)
        store.set_setting(JOINED, enrollment.box_key)
        store.set_setting("county_secret", enrollment.secret)
        if not store.setting("county"):
            store.set_setting("county", enrollment.county_name)
        audit.record(store, "enroll", "county", enrollment.county_code,
                     {"county": (previous, enrollment.county_code)})  # fmt: skip
    return enrollment, digits_of(store.setting("township_sign_public"))


@uses_store
def joined(store: Store) -> bool:
    return bool(store.setting(JOINED))


@uses_store
def rekey_township(
    store: Store, township_code: str, out: Path, *, actor: Session | None
) -> CountyEnrollment:
    """County: forget a township's pinned key (it made new keys after losing its own, or they may
    be known to someone else) and write a new enrollment file; its next container, once the new
    key's fingerprint is confirmed, is accepted whatever its number. The audit keeps the old."""
    require_county(store)
    require(actor, "enroll")
    row = store.db.execute_sql(
        "SELECT name, sign_key, last_sequence FROM county_township WHERE code = ?",
        [township_code],
    ).fetchone()
    if row is None:
        raise UserInputError(
            _("township {code} is not enrolled with this county").format(code=township_code)
        )
    name, old_key, last = row
    with store.db.writing():
        store.db.execute_sql(
            "UPDATE county_township SET sign_key = NULL, box_key = NULL, last_sequence = 0,"
            " confirmed_fingerprint = NULL WHERE code = ?",
            [township_code],
        )
        store.db.execute_sql(
            "UPDATE exchange_package SET kind = 'township-before-rekey' WHERE direction ="
            " 'received' AND kind = 'township' AND village_code = ?",
            [township_code],
        )
        audit.record(store, "rekey", "county_township", township_code,
                     {"sign_key": (old_key, None), "last_sequence": (str(last), "0")})  # fmt: skip
        return enroll_township(store, township_code, name, out, actor=actor)
