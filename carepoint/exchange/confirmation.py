"""Township: a village's key is pinned only after a clerk confirms its fingerprint against the
入网确认单 the village printed at enrollment. An enrollment file copied before the village's first
package vouches for a stranger's key as well as for the village's; the fingerprint on paper does
not, so the first package of a village is held (imported into nothing) until it is confirmed.

Held packages wait in the office's database (`held_package`, so every desk of an office on
PostgreSQL sees and may confirm them), apart from the data: holding a stranger's package changes
nothing of the villages', and confirming imports them like any package (one transaction). A held
package is never deleted: it is marked imported or refused, and kept as the evidence it is.
A clerk may also type the digits before the first package comes: that package is then imported
at once, and any package signed with another key is refused.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint import audit, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import CarePointError, IntegrityError, UserInputError
from carepoint.exchange import container, crypto, decisions
from carepoint.exchange.enrollment import require_role
from carepoint.i18n import _
from carepoint.permissions import require
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
    id: int
    name: str  # the file's name as it came
    village_code: str  # the sender: a village (at a township) or a township (at a county)
    village_name: str
    sequence: int
    signer_key: str
    created_at: str
    data: bytes

    @property
    def digits(self) -> str:
        return digits_of(self.signer_key)

    def package(self) -> container.Package:
        return container.parse(Path(self.name), self.data)


@uses_store
def hold(store: Store, package: container.Package) -> None:
    """Keep a verified first package until its key is confirmed (its bytes, as they came)."""
    store.db.execute_sql(
        "INSERT INTO held_package (code, sequence, payload_sha256, name, data, held_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code, sequence, payload_sha256) DO UPDATE SET"
        # refused before and sent again: it waits for the clerk again (the refusal is audited)
        " settled_at = NULL, outcome = NULL WHERE held_package.outcome = 'refused'",
        [package.village_code, package.sequence, package.payload_sha256, package.path.name,
         package.signed + package.signature, clock.utcnow().isoformat(sep=" ")],
    )  # fmt: skip


@uses_store
def _adopt_folder(store: Store) -> None:
    """Packages held as files by an earlier version (data_dir/held) move into the database."""
    folder = store.data_dir / HELD
    files = sorted(folder.glob(f"*{container.SUFFIX}")) if folder.is_dir() else []
    if not files:
        return
    adopted = []
    with store.db.writing():
        for path in files:
            try:
                hold(store, container.read(path))
            except CarePointError:
                continue  # unreadable: left where it is, as before
            adopted.append(path)
    for path in adopted:
        path.unlink(missing_ok=True)


@uses_store
def held_count(store: Store) -> int:
    """How many packages wait for a confirmation (for a page's button: nothing is unpacked)."""
    return store.db.execute_sql(
        "SELECT count(*) FROM held_package WHERE settled_at IS NULL"
    ).fetchone()[0]


@uses_store
def held_packages(store: Store, village_code: str | None = None) -> list[Held]:
    """The packages waiting for a confirmation, oldest number first; one whose key cannot be
    read is left out (it is refused when it is confirmed or sent again)."""
    if not store.read_only:
        _adopt_folder(store)
    where, args = ("AND code = ?", [village_code]) if village_code is not None else ("", [])
    rows = store.db.execute_sql(
        f"SELECT id, name, data FROM held_package WHERE settled_at IS NULL {where}"
        " ORDER BY code, sequence, name",
        args,
    ).fetchall()
    found = []
    for row_id, name, data in rows:
        try:
            manifest = container.parse(Path(name), bytes(data)).manifest
            held = Held(row_id, name, str(manifest["village_code"]),
                        str(manifest.get("village_name", "")), int(manifest["sequence"]),
                        str(manifest["signer_key"]), str(manifest.get("created_at", "")),
                        bytes(data))  # fmt: skip
            held.digits  # noqa: B018 - a damaged key is left out here, not in the dialog
        except (CarePointError, KeyError, TypeError, ValueError):
            continue
        found.append(held)
    return found


@uses_store
def settle(store: Store, held: list[Held], outcome: str) -> None:
    """Mark held packages imported or refused (kept, never deleted), in the caller's unit."""
    if held:
        marks = ", ".join("?" * len(held))
        store.db.execute_sql(
            f"UPDATE held_package SET settled_at = ?, outcome = ? WHERE id IN ({marks})",
            [clock.utcnow().isoformat(sep=" "), outcome, *(h.id for h in held)],
        )


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
        decisions.refuse_confirmed_key(
            store, "township_village", village_code,
            _("The key of village {code} was confirmed by {who} at {when}; nothing was changed."
              " To change it, re-key the village"),
            _("The key of village {code} is already confirmed; to change it, re-key the village"),
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
            **({"refused": (None, ", ".join(h.name for h in others))} if others else {}),
        })  # fmt: skip
        if matching:
            result = import_packages(
                store, [h.package() for h in matching], passphrase, actor=actor
            )
            imported = result.packages
        settle(store, matching, "imported")
        settle(store, others, "refused")
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
                "refused": (None, ", ".join(h.name for h in held)),
            })  # fmt: skip
            settle(store, held, "refused")
    return held
