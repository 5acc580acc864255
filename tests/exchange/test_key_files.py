"""The township's key files resist guessing: scrypt at OWASP's setting into AES-256-GCM, files
0600 in a 0700 folder (on PostgreSQL: in the office database, for every desk, and no file); a
key written with the old PBKDF2 protection still opens and is then rewritten in the strong form."""

from __future__ import annotations

import json

from exchange.exchange_helpers import PASSPHRASE, with_store

from carepoint.exchange import crypto, keys


def _on_postgres(office) -> bool:
    return (office.folder / "database.json").is_file()


def test_the_township_keys_are_scrypt_encrypted_and_private(office):
    folder = office.folder / "keys"
    for name in keys.TOWNSHIP:
        data = with_store(office.folder, lambda store, name=name: keys.read_key(store, name))
        envelope = json.loads(data)
        assert (envelope["kdf"], envelope["n"], envelope["r"], envelope["p"]) == (
            "scrypt", 2**17, 8, 1,
        )
        assert envelope["cipher"] == "AES-256-GCM"
        assert b"PRIVATE KEY" not in data
        if _on_postgres(office):
            assert not (folder / name).exists()  # the office's desks read it from the database
        else:
            assert (folder / name).stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_key_file_with_the_old_weak_protection_opens_and_is_rewritten(office):
    from cryptography.hazmat.primitives import serialization as s

    old = {}
    with_store(office.folder, lambda store: old.update(zip(
        keys.TOWNSHIP, keys.township_keys(store, PASSPHRASE), strict=True)))  # fmt: skip
    for name, key in old.items():
        weak = key.private_bytes(
            s.Encoding.PEM, s.PrivateFormat.PKCS8,
            s.BestAvailableEncryption(PASSPHRASE.encode("utf-8")),
        )  # fmt: skip
        with_store(office.folder, lambda store, name=name, weak=weak: keys.write_key(
            store, name, weak))  # fmt: skip

    opened = with_store(office.folder, lambda store: keys.township_keys(store, PASSPHRASE))

    assert [crypto.public_raw(k) for k in opened] == [crypto.public_raw(k) for k in old.values()]
    for name in keys.TOWNSHIP:
        kept = with_store(office.folder, lambda store, name=name: keys.read_key(store, name))
        assert crypto.is_strongly_encrypted(kept)


def test_a_wrong_passphrase_does_not_open_the_strong_file(office):
    import pytest

    from carepoint.errors import IntegrityError

    with pytest.raises(IntegrityError):
        with_store(office.folder, lambda store: keys.township_keys(store, "not the passphrase"))
