"""The keys in data_dir/keys. A village has a signing key and a key that opens the township's
return packages, both made at setup. The township's two keys are made once and kept encrypted
with a passphrase; their public halves are also in the settings, since enrolling needs no secret.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import crypto
from carepoint.i18n import _
from carepoint.office import office_keys
from carepoint.safety.files import make_private
from carepoint.session import Session

PASSPHRASE_ENV = "CAREPOINT_PASSPHRASE"
VILLAGE = ("village-sign.pem", "village-box.pem")
TOWNSHIP = ("township-sign.pem", "township-box.pem")
# The village's two keys under its recovery passphrase (printed on the 密钥恢复单): what a
# backup carries, so that a restore on a new PC can bring the keys back.
RECOVERY = "village-recovery.key"


@uses_store
def write_key(store: Store, name: str, pem: bytes) -> None:
    if name in TOWNSHIP and office_keys.kept_in_database(store.db):
        office_keys.write(store.db, name, pem)  # every desk of the office reads them there
        return
    path = store.data_dir / "keys" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    make_private(path.parent, folder=True)  # the keys are the user's alone
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    make_private(path)


@uses_store
def read_key(store: Store, name: str) -> bytes:
    path = store.data_dir / "keys" / name
    if name in TOWNSHIP and office_keys.kept_in_database(store.db):
        found = office_keys.read(store.db, name)
        if found is not None:
            return found
        if path.is_file():  # an office set up before its keys were kept in its database
            with store.db.writing():
                office_keys.write(store.db, name, path.read_bytes())
            return path.read_bytes()
    if not path.is_file():
        raise UserInputError(
            _("The key file {file} is missing; restore the keys folder from a backup").format(
                file=path
            )
        )
    return path.read_bytes()


@uses_store
def ensure_village_keys(store: Store, *, fresh: bool = False) -> None:
    """Make the village's keys unless it has them (called at setup and at enrollment); `fresh`
    replaces them (a township re-keyed this village: the old key is no longer accepted)."""
    have = all((store.data_dir / "keys" / name).is_file() for name in VILLAGE)
    if store.setting("exchange_sign_public") and have and not fresh:
        return
    # A recovery file holds the old keys: it is made again with the recovery passphrase.
    (store.data_dir / "keys" / RECOVERY).unlink(missing_ok=True)
    sign, box = crypto.new_key_pairs()
    write_key(store, VILLAGE[0], crypto.private_pem(sign, None))
    write_key(store, VILLAGE[1], crypto.private_pem(box, None))
    store.set_setting("exchange_sign_public", crypto.b64(crypto.public_raw(sign)))
    store.set_setting("exchange_box_public", crypto.b64(crypto.public_raw(box)))


@uses_store
def sign_key_locked(store: Store) -> bool:
    """The village's signing key is kept under its recovery passphrase (once one is set)."""
    path = store.data_dir / "keys" / VILLAGE[0]
    return path.is_file() and crypto.is_strongly_encrypted(path.read_bytes())


@uses_store
def village_sign_key(store: Store, passphrase: str | Callable[[], str] | None = None):
    """The village's signing key; once a recovery passphrase is set it opens only with it (asked
    through `passphrase` when it is a function: only then is it needed). Wrong: exit 3."""
    data = read_key(store, VILLAGE[0])
    if not crypto.is_strongly_encrypted(data):
        return crypto.load_private_pem(data, None)
    if callable(passphrase):
        passphrase = passphrase()
    if not passphrase:
        raise UserInputError(
            _("The village's signing key is locked: type the recovery passphrase (密钥恢复单)")
        )
    try:
        return crypto.load_private_pem(data, passphrase)
    except IntegrityError:
        raise IntegrityError(
            _("The recovery passphrase does not open the village's key; nothing was changed")
        ) from None


@uses_store
def village_box_key(store: Store):
    """The key that opens the township's return packages (kept 0600, not under a passphrase: it
    opens only what the township sends this village, which the village holds anyway)."""
    return crypto.load_private_pem(read_key(store, VILLAGE[1]), None)


@uses_store
def township_has_keys(store: Store) -> bool:
    return bool(store.setting("township_sign_public"))


@uses_store
def create_township_keys(store: Store, passphrase: str) -> None:
    if township_has_keys(store):
        raise UserInputError(_("This township office already has its keys; nothing was changed"))
    replace_township_keys(store, passphrase)


@uses_store
def replace_township_keys(store: Store, passphrase: str) -> None:
    """New keys for a township that lost its own (or its passphrase): every village must join
    again with a new enrollment file, since nothing sealed to the old key can be opened."""
    if len(passphrase) < 8:
        raise UserInputError(_("The passphrase must have at least 8 characters"))
    sign, box = crypto.new_key_pairs()
    salt = crypto.new_salt()
    write_key(store, TOWNSHIP[0], crypto.private_pem(sign, passphrase, salt))
    write_key(store, TOWNSHIP[1], crypto.private_pem(box, passphrase, salt))
    store.set_setting("township_sign_public", crypto.b64(crypto.public_raw(sign)))
    store.set_setting("township_box_public", crypto.b64(crypto.public_raw(box)))


@uses_store
def township_public(store: Store) -> tuple[bytes, bytes]:
    if not township_has_keys(store):
        raise UserInputError(_("This township office has no keys yet; enroll a village first"))
    return (
        crypto.unb64(store.setting("township_sign_public")),
        crypto.unb64(store.setting("township_box_public")),
    )


@uses_store
def township_keys(store: Store, passphrase: str):
    """(signing key, box key) of the township, opened with the passphrase (exit 3 if wrong)."""
    township_public(store)
    opened, salt = [], crypto.new_salt()
    for name in TOWNSHIP:
        data = read_key(store, name)
        key = crypto.load_private_pem(data, passphrase)
        if not crypto.is_strongly_encrypted(data):
            # A file written with the old weak protection is rewritten with scrypt now that
            # the passphrase is known to open it.
            write_key(store, name, crypto.private_pem(key, passphrase, salt))
        opened.append(key)
    return tuple(opened)


def passphrase_from_user(*, confirm: bool = False, recovery: bool = False) -> str:
    """The township passphrase (or with `recovery`, the village's recovery passphrase) from
    CAREPOINT_PASSPHRASE, or asked on the terminal."""
    found = os.environ.get(PASSPHRASE_ENV)
    if found:
        return found
    if not sys.stdin.isatty():
        if recovery:
            message = _("The village's recovery passphrase is needed: type it on a terminal or "
                        "set {env}")  # fmt: skip
        else:
            message = _("The township's passphrase is needed: type it on a terminal or set {env}")
        raise UserInputError(message.format(env=PASSPHRASE_ENV))
    first = getpass.getpass(
        _("Recovery passphrase: ") if recovery else _("Township passphrase: ")
    )
    if confirm and getpass.getpass(_("The passphrase again: ")) != first:
        raise UserInputError(_("The two passphrases differ; nothing was changed"))
    return first


def current_recovery_from_user() -> str:
    """The recovery passphrase set before (to change it): CAREPOINT_OLD_PASSPHRASE or asked."""
    found = os.environ.get("CAREPOINT_OLD_PASSPHRASE")
    if found:
        return found
    if not sys.stdin.isatty():
        raise UserInputError(
            _("The recovery passphrase set before is needed: type it on a terminal or set "
              "CAREPOINT_OLD_PASSPHRASE")
        )  # fmt: skip
    return getpass.getpass(_("Recovery passphrase set before: "))


@uses_store
def set_recovery_passphrase(
    store: Store, passphrase: str, *, current: str | None = None, actor: Session | None
) -> None:
    """Keep the village's keys, encrypted under `passphrase`, in a file backups carry, and its
    signing key under the same passphrase on this PC (a copy of the folder cannot sign). A
    passphrase set before must be given as `current` to change it."""
    from carepoint.permissions import require

    require(actor, "enroll")
    if len(passphrase) < 8:
        raise UserInputError(_("The passphrase must have at least 8 characters"))
    opened = (village_sign_key(store, current), village_box_key(store))
    salt = crypto.new_salt()
    envelopes = {
        name: crypto.private_pem(key, passphrase, salt).decode("ascii")
        for name, key in zip(VILLAGE, opened, strict=True)
    }
    write_key(store, RECOVERY, json.dumps(envelopes, indent=1).encode("ascii"))
    # The same envelope as in the recovery file: a restore puts these very bytes back.
    write_key(store, VILLAGE[0], envelopes[VILLAGE[0]].encode("ascii"))


@uses_store
def has_recovery(store: Store) -> bool:
    return (store.data_dir / "keys" / RECOVERY).is_file()


def carried_keys(data_dir: Path) -> dict[str, str]:
    """The key files a backup may carry: only ones encrypted under a passphrase."""
    folder = Path(data_dir) / "keys"
    found = {}
    for name in (*TOWNSHIP, RECOVERY):
        path = folder / name
        if path.is_file():
            data = path.read_bytes()
            if name == RECOVERY or crypto.is_strongly_encrypted(data):
                found[name] = data.decode("ascii")
    return found


def keys_to_restore(
    data_dir: Path, carried: dict[str, str], passphrase: Callable[[], str] | None
) -> dict[str, bytes]:
    """{file: bytes} to write into keys/ after a restore: the carried files this PC lacks, and
    the village's own keys opened from the recovery file with its passphrase (asked only when
    they are missing here). Checked before any data is replaced: a wrong passphrase is exit 3."""
    folder = Path(data_dir) / "keys"
    wanted = {n: t.encode("ascii") for n, t in carried.items() if not (folder / n).exists()}
    if RECOVERY in carried and not all((folder / n).is_file() for n in VILLAGE):
        if passphrase is None:
            raise UserInputError(
                _("This backup's keys need the village's recovery passphrase (on its 密钥恢复单).")
            )
        secret = passphrase()
        try:
            envelopes = json.loads(carried[RECOVERY])
            for name in VILLAGE:
                key = crypto.load_private_pem(envelopes[name].encode("ascii"), secret)
                # The signing key stays under the recovery passphrase, as it was on the old PC.
                wanted[name] = (envelopes[name].encode("ascii") if name == VILLAGE[0]
                                else crypto.private_pem(key, None))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            raise IntegrityError(
                _("A key file is damaged; restore the keys from a backup")
            ) from None
    return wanted


def write_restored_keys(data_dir: Path, files: dict[str, bytes]) -> None:
    folder = Path(data_dir) / "keys"
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder, folder=True)
    for name, data in files.items():
        descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        make_private(folder / name)
