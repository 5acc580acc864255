"""The cryptography of packages, all from `cryptography`: Ed25519 signatures, and payloads sealed
to a recipient's X25519 key with an ephemeral key, HKDF-SHA256 and AES-256-GCM (as ODK encrypts
each submission to the server's public key). Keys travel as base64 of their raw 32 bytes."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

from carepoint.errors import IntegrityError
from carepoint.i18n import _

_INFO = b"carepoint package v1"
NONCE = 12
RAW = 32


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise IntegrityError(_("A key in the package or file is damaged")) from None


def fingerprint(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:32]


def new_secret() -> str:
    return os.urandom(32).hex()


def fingerprint_digits(public_raw: bytes) -> str:
    """The key's fingerprint as people compare it on paper: 8 groups of 5 digits, each from 4
    bytes of its SHA-256 (about 133 bits in all; the bias of the modulo is below 1 in 40,000)."""
    digest = hashlib.sha256(b"carepoint key fingerprint\0" + public_raw).digest()
    groups = (int.from_bytes(digest[i : i + 4], "big") % 100_000 for i in range(0, 32, 4))
    return " ".join(f"{group:05d}" for group in groups)


_PROOF = b"carepoint enrollment proof v2\0"


def enrollment_proof(secret: str, township_box_public: bytes, sign_public_raw: bytes) -> str:
    """What vouches for a village's signing key on its first package: the enrollment secret,
    sealed to the township (which keeps only its digest) and bound to that signing key."""
    return b64(seal(township_box_public, bytes.fromhex(secret), _PROOF + sign_public_raw))


def proof_matches(digest: str, box_private, sign_public_raw: bytes, proof: str) -> bool:
    from carepoint.exchange.schema import secret_digest

    try:
        secret = open_sealed(box_private, unb64(proof), _PROOF + sign_public_raw)
    except IntegrityError:
        return False
    return hmac.compare_digest(secret_digest(secret.hex()), digest)


def new_key_pairs():
    """(signing private key, box private key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return Ed25519PrivateKey.generate(), X25519PrivateKey.generate()


def public_raw(private_key) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


# Key files under a passphrase: scrypt at OWASP's recommended setting (N=2**17, r=8, p=1: 128 MiB
# of memory per guess) into AES-256-GCM; the PKCS#8 PEM with PBKDF2 at 2,048 rounds that
# `BestAvailableEncryption` wrote cost a guesser almost nothing. Old files still open, and are
# rewritten in this form by keys.py the first time they do.
KEY_FORMAT = "carepoint-key-1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_SCRYPT_MAXIMUM = 2**20  # a key file may not make us spend more than this (1 GiB of memory)


@functools.lru_cache(maxsize=4)
def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # Cached: the township's two key files share one salt, so one unlock costs one derivation.
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def new_salt() -> bytes:
    return os.urandom(16)


def private_pem(private_key, passphrase: str | None, salt: bytes | None = None) -> bytes:
    """The key file's bytes: a PEM without a passphrase, else the scrypt + AES-GCM envelope
    (files written together may share a `salt`; each has its own nonce)."""
    import json

    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        return private_key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
    der = private_key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
    head = {"format": KEY_FORMAT, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": b64(salt or new_salt()), "nonce": b64(os.urandom(NONCE)),
            "cipher": "AES-256-GCM"}  # fmt: skip
    aad = json.dumps(head, sort_keys=True).encode("ascii")
    key = _scrypt_key(passphrase, unb64(head["salt"]), SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(unb64(head["nonce"]), der, aad)
    return json.dumps({**head, "key": b64(sealed)}, sort_keys=True, indent=1).encode("ascii")


def is_strongly_encrypted(data: bytes) -> bool:
    return data.lstrip().startswith(b"{")


def _wrong_passphrase() -> IntegrityError:
    return IntegrityError(_("The passphrase does not open the township's key; nothing was changed"))


def _open_envelope(data: bytes, passphrase: str | None):
    import json

    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    try:
        found = json.loads(data.decode("ascii"))
        head = {k: found[k] for k in ("format", "kdf", "n", "r", "p", "salt", "nonce", "cipher")}
        n, r, p = (int(head[k]) for k in ("n", "r", "p"))
        if head["format"] != KEY_FORMAT or head["kdf"] != "scrypt" or not (
            2 <= n <= _SCRYPT_MAXIMUM and 1 <= r <= 32 and 1 <= p <= 16
        ):
            raise ValueError(head["format"])
        sealed = unb64(found["key"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, IntegrityError):
        raise IntegrityError(_("A key file is damaged; restore the keys from a backup")) from None
    if not passphrase:
        raise _wrong_passphrase()
    aad = json.dumps(head, sort_keys=True).encode("ascii")
    try:
        der = AESGCM(_scrypt_key(passphrase, unb64(head["salt"]), n, r, p)).decrypt(
            unb64(head["nonce"]), sealed, aad
        )
    except (InvalidTag, ValueError):
        raise _wrong_passphrase() from None
    return load_der_private_key(der, None)


def load_private_pem(data: bytes, passphrase: str | None):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if is_strongly_encrypted(data):
        return _open_envelope(data, passphrase)
    try:
        return load_pem_private_key(data, passphrase.encode("utf-8") if passphrase else None)
    except (ValueError, TypeError):
        raise _wrong_passphrase() from None


def sign(private_key, data: bytes) -> bytes:
    return private_key.sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _box_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, ephemeral + recipient, _INFO).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """ephemeral public key ‖ nonce ‖ AES-GCM ciphertext, readable only by the recipient."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = public_raw(ephemeral)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(NONCE)
    key = _box_key(shared, ephemeral_raw, recipient_public)
    return ephemeral_raw + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def open_sealed(private_key, sealed: bytes, associated: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral_raw, nonce, body = sealed[:RAW], sealed[RAW : RAW + NONCE], sealed[RAW + NONCE :]
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        key = _box_key(shared, ephemeral_raw, public_raw(private_key))
        return AESGCM(key).decrypt(nonce, body, associated)
    except (InvalidTag, ValueError):
        raise IntegrityError(
            _("The package cannot be opened with this office's key; nothing was changed")
        ) from None
