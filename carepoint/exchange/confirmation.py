"""Township: a village's key is pinned only after a clerk confirms its fingerprint against the
入网确认单 the village printed at enrollment. An enrollment file copied before the village's first
package vouches for a stranger's key as well as for the village's; the fingerprint on paper does
not, so the first package of a village is held (imported into nothing) until it is confirmed.

Held packages wait as files in data_dir/held: nothing of theirs is in the database, so holding a
stranger's package changes nothing, and confirming imports them like any package (one transaction).
A clerk may also type the digits before the first package comes: that package is then imported
at once, and any package signed with another key is refused.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import CarePointError, IntegrityError, UserInputError
from carepoint.exchange import container, crypto, decisions
from carepoint.exchange.enrollment import require_role
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.safety.files import make_private, write_atomic
from carepoint.session import Session

HELD = "held"
DIGITS = 40


def digits_of(signer_key: str) -> str:
    return crypto.fingerprint_digits(crypto.unb64(signer_key))


def normal_digits(text: str) -> str:
    """'12345 67890 …' as typed (spaces, dashes or none) → the 8 groups; anything else is bad
    input (exit 2)."""
    found = re.sub(r"[\s\-_,，、]", "", text or "")
    if not found.isdigit() or len(found) != DIGITS:
        raise UserInputError(
            _("A fingerprint has 40 digits (8 groups of 5), as on the 入网确认单; got {text!r}")
            .format(text=text)
        )  # fmt: skip
    return " ".join(found[i : i + 5] for i in range(0, DIGITS, 5))


GROUPS = DIGITS // 5


def pick_groups(count: int = 3) -> list[int]:
    """Groups (1-8) the clerk types from the paper slip; chosen at random each time, so a key
    ground to share a few fixed groups with the village's (the first and last, say) does not
    pass a clerk who checks only those."""
    return sorted(secrets.SystemRandom().sample(range(1, GROUPS + 1), count))


def slip_entry(digits: str, typed: str, groups: list[int]) -> bool | None:
    """Does what the clerk typed from the 入网确认单 match `digits` (the held key's)? Either all
    40 digits or the named `groups` in order, spaces and dashes allowed; None while the entry is
    not complete yet (or is not digits at all)."""
    found = re.sub(r"[\s\-_,，、]", "", typed or "")
    if not found.isdigit():
        return None
    full = digits.replace(" ", "")
    if len(found) == DIGITS:
        return found == full
    if len(found) == 5 * len(groups):
        return found == "".join(full[(g - 1) * 5 : g * 5] for g in groups)
    return None


@uses_store
def own_digits(store: Store) -> str:
    """Village: the fingerprint of its own signing key, as printed on its 入网确认单."""
    key = store.setting("exchange_sign_public")
    if not key:
        raise UserInputError(_("This care point has no exchange key yet"))
    return digits_of(key)


@dataclass(frozen=True)
class Held:
    path: Path
    village_code: str
    village_name: str
    sequence: int
    signer_key: str
    created_at: str

    @property
    def digits(self) -> str:
        return digits_of(self.signer_key)


@uses_store
def held_folder(store: Store) -> Path:
    return store.data_dir / HELD


@uses_store
def hold(store: Store, package: container.Package) -> Path:
    """Keep a verified first package until its key is confirmed (its bytes, as they came)."""
    folder = held_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder, folder=True)  # the packages are sealed, their manifests are not
    name = f"{package.village_code}-{package.sequence}-{package.payload_sha256[:16]}"
    path = folder / (name + container.SUFFIX)
    if not path.exists():
        write_atomic(path, package.signed + package.signature)
    return path


@uses_store
def held_packages(store: Store, village_code: str | None = None) -> list[Held]:
    """The packages waiting for a confirmation, oldest number first; a file that cannot be read
    any more is left out (it is refused when it is confirmed or sent again)."""
    found = []
    folder = held_folder(store)
    for path in sorted(folder.glob(f"*{container.SUFFIX}")) if folder.is_dir() else []:
        try:
            manifest = container.read_manifest(path)
            held = Held(path, str(manifest["village_code"]), str(manifest.get("village_name", "")),
                        int(manifest["sequence"]), str(manifest["signer_key"]),
                        str(manifest.get("created_at", "")))  # fmt: skip
            held.digits  # noqa: B018 - a damaged key is left out here, not in the dialog
        except (CarePointError, KeyError, TypeError, ValueError):
            continue
        if village_code is None or held.village_code == village_code:
            found.append(held)
    return sorted(found, key=lambda h: (h.village_code, h.sequence, h.path.name))


def _discard(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


@dataclass(frozen=True)
class Confirmation:
    village_code: str
    digits: str
    imported: list  # PackageSummary of the held packages imported with the confirmed key
    refused: list[Held]  # held packages signed with another key, thrown away


@uses_store
def confirm_village(
    store: Store,
    village_code: str,
    digits: str,
    passphrase: str | Callable[[], str],
    *,
    actor: Session | None,
) -> Confirmation:
    """Pin the key whose fingerprint is `digits` (read from the village's 入网确认单): its held
    packages are imported, held packages signed with another key are thrown away. Digits that
    match none of the held packages change nothing (exit 3): a typing slip must not lock the
    real village out. With nothing held, the digits are kept for the first package."""
    from carepoint.exchange.township_import import import_packages

    require_role(store, "township")
    require(actor, "enroll")
    digits = normal_digits(digits)
    row = store.db.execute_sql(
        "SELECT sign_key, confirmed_fingerprint FROM township_village WHERE code = ?",
        [village_code],
    ).fetchone()
    if row is None:
        raise UserInputError(
            _("village {code} is not enrolled with this township").format(code=village_code)
        )
    if row[0]:
        raise UserInputError(
            _("The key of village {code} is already confirmed; to change it, re-key the village")
            .format(code=village_code)
        )  # fmt: skip
    held = held_packages(store, village_code)
    matching = [h for h in held if h.digits == digits]
    others = [h for h in held if h.digits != digits]
    if held and not matching:
        raise IntegrityError(
            _(
                "These digits are not the fingerprint of any package held for village {code}; "
                "nothing was changed. Compare them again with the village's 入网确认单: if they "
                "are right, the held packages are not the village's and can be refused."
            ).format(code=village_code)
        )
    imported = []
    with store.db.writing():
        # another clerk at another desk may have confirmed it since the row was read above
        decisions.refuse_if_key_decided(store, "township_village", village_code, row)
        store.db.execute_sql(
            "UPDATE township_village SET confirmed_fingerprint = ? WHERE code = ?",
            [digits, village_code],
        )
        audit.record(store, "confirm_key", "township_village", village_code, {
            "confirmed_fingerprint": (row[1], digits),
            **({"refused": (None, ", ".join(h.path.name for h in others))} if others else {}),
        })  # fmt: skip
        if matching:
            result = import_packages(store, [h.path for h in matching], passphrase, actor=actor)
            imported = result.packages
    _discard(h.path for h in held)
    return Confirmation(village_code, digits, imported, others)


@uses_store
def refuse_held(store: Store, village_code: str, *, actor: Session | None) -> list[Held]:
    """Throw away every package held for a village (none of them is the village's)."""
    require_role(store, "township")
    require(actor, "enroll")
    seen = store.db.execute_sql(
        "SELECT sign_key, confirmed_fingerprint FROM township_village WHERE code = ?",
        [village_code],
    ).fetchone()
    held = held_packages(store, village_code)
    if held:
        with store.db.writing():
            # a clerk at another desk may have confirmed the key (and imported these) meanwhile
            decisions.refuse_if_key_decided(store, "township_village", village_code, seen)
            audit.record(store, "refuse_held", "township_village", village_code, {
                "refused": (None, ", ".join(h.path.name for h in held)),
            })  # fmt: skip
    _discard(h.path for h in held)
    return held
