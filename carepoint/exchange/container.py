"""The package file: magic ‖ manifest length ‖ manifest (JSON) ‖ sealed payload ‖ signature.

The Ed25519 signature covers every byte before it, so a changed or cut byte is refused before
anything is decrypted or read; the manifest names the payload's SHA-256 as well, so a copy can be
checked without the keys. The payload is zlib-compressed JSON sealed to the recipient (crypto.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import crypto
from carepoint.i18n import _
from carepoint.safety.files import write_atomic

MAGIC = b"CPKG\x01"
FORMAT_VERSION = 1
SUFFIX = ".cpkg"
SIGNATURE = 64
_LENGTH = struct.Struct(">I")
_MAX_MANIFEST = 1 << 20
# Bounds on what a file may make us read and unpack, checked before the payload is read: the
# biggest real village (300,000 residents, years of services) packs into well under this.
MAX_PAYLOAD = 512 << 20
MAX_PLAIN = 1 << 30


@dataclass(frozen=True)
class Package:
    path: Path
    manifest: dict
    sealed: bytes
    signed: bytes
    signature: bytes

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def village_code(self) -> str:
        return self.manifest["village_code"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]

    @property
    def payload_sha256(self) -> str:
        return self.manifest["payload_sha256"]

    def refusal(self, reason: str) -> IntegrityError:
        return IntegrityError(
            _("{file} was refused: {reason}; nothing was changed").format(
                file=self.path.name, reason=reason
            )
        )

    def signed_by(self, public_raw: bytes) -> bool:
        return crypto.verify(public_raw, self.signature, self.signed) and (
            hashlib.sha256(self.sealed).hexdigest() == self.payload_sha256
        )


def associated_data(kind: str, village_code: str, sequence: int) -> bytes:
    return f"{kind}:{village_code}:{sequence}".encode()


def build(manifest: dict, payload: dict, recipient_box: bytes, signer) -> bytes:
    """The bytes of a package: the payload sealed to `recipient_box` and signed by `signer`."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    plain = zlib.compress(text, 6)
    aad = associated_data(manifest["kind"], manifest["village_code"], manifest["sequence"])
    sealed = crypto.seal(recipient_box, plain, aad)
    manifest = {
        **manifest,
        "format_version": FORMAT_VERSION,
        "payload_sha256": hashlib.sha256(sealed).hexdigest(),
        "payload_size": len(sealed),
        "plain_size": len(text),
        "recipient_key": crypto.fingerprint(recipient_box),
    }
    head = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    signed = MAGIC + _LENGTH.pack(len(head)) + head + sealed
    return signed + crypto.sign(signer, signed)


def _damaged(path: Path) -> IntegrityError:
    return IntegrityError(
        _(
            "{file} is not a complete CarePoint package (damaged or cut short); nothing was changed"
        ).format(file=path.name)
    )


@contextmanager
def applying(package: Package):
    """Around merging an opened payload: content that is signed but not in the shape this
    version expects (a field missing, a number as text) is refused like a damaged package, and
    the transaction around it rolls back."""
    try:
        yield
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        IndexError,
        OverflowError,  # a number beyond what SQLite stores (2**63)
        RecursionError,
        sqlite3.Error,
    ):
        raise IntegrityError(
            _(
                "{file} holds data this version of CarePoint cannot read; nothing was changed"
            ).format(file=package.path.name)
        ) from None


@contextmanager
def _reading(path: Path):
    try:
        yield
    except FileNotFoundError:
        raise UserInputError(_("{file} does not exist").format(file=path)) from None
    except IsADirectoryError:
        raise UserInputError(_("{file} is a folder, not a package").format(file=path)) from None
    except OSError as error:  # a drive pulled out while it is read, a file it may not open
        raise UserInputError(
            _("The file {file} could not be read: {reason}").format(
                file=path, reason=error.strerror or error
            )
        ) from None


_TEXT_FIELDS = ("kind", "village_code", "payload_sha256", "signer_key")


def _manifest(path: Path, data: bytes) -> tuple[dict, int]:
    """The manifest at the start of `data`, and where the sealed payload begins."""
    head_end = len(MAGIC) + _LENGTH.size
    if len(data) < head_end or not data.startswith(MAGIC):
        raise _damaged(path)
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    if length > _MAX_MANIFEST or head_end + length > len(data):
        raise _damaged(path)
    try:
        manifest = json.loads(data[head_end : head_end + length].decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _damaged(path) from None
    # Checked for type too: files are sorted and compared by these before any signature is.
    if not (
        isinstance(manifest, dict)
        and all(isinstance(manifest.get(key), str) for key in _TEXT_FIELDS)
        and type(manifest.get("sequence")) is int
        and 0 <= manifest["sequence"] < 1 << 62
    ):
        raise _damaged(path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IntegrityError(
            _("{file} was written in a package format this CarePoint cannot read").format(
                file=path.name
            )
        )
    return manifest, head_end + length


def read_manifest(path: Path) -> dict:
    """Only the manifest, without reading the payload (to sort the files on a drive)."""
    path = Path(path)
    with _reading(path), path.open("rb") as handle:
        data = handle.read(len(MAGIC) + _LENGTH.size)
        if data.startswith(MAGIC) and len(data) == len(MAGIC) + _LENGTH.size:
            data += handle.read(min(_LENGTH.unpack_from(data, len(MAGIC))[0], _MAX_MANIFEST))
    return _manifest(path, data)[0]


def _head_length(path: Path) -> int:
    with path.open("rb") as handle:
        data = handle.read(len(MAGIC) + _LENGTH.size)
    if len(data) < len(MAGIC) + _LENGTH.size or not data.startswith(MAGIC):
        raise _damaged(path)
    return len(data) + _LENGTH.unpack_from(data, len(MAGIC))[0]


def read(path: Path) -> Package:
    """Split a package file into its parts; only the structure is checked here. The manifest
    is read first, and the file is read whole only when its size is the one the manifest
    declares and within MAX_PAYLOAD (a 3 GB file named .cpkg is refused unread)."""
    path = Path(path)
    with _reading(path):
        manifest = read_manifest(path)
        declared = manifest.get("payload_size")
        if type(declared) is not int or not 0 <= declared <= MAX_PAYLOAD:
            raise _damaged(path)
        if path.stat().st_size != _head_length(path) + declared + SIGNATURE:
            raise _damaged(path)
        data = path.read_bytes()
    return parse(path, data)


def parse(path: Path, data: bytes) -> Package:
    """A package from its bytes (a file's, or kept in the database while it is held); `path`
    names it in messages."""
    manifest, start = _manifest(path, data)
    size = len(data) - start - SIGNATURE
    if size < 0 or manifest.get("payload_size") != size:
        raise _damaged(path)
    return Package(
        path,
        manifest,
        sealed=data[start:-SIGNATURE],
        signed=data[:-SIGNATURE],
        signature=data[-SIGNATURE:],
    )


def check_signed(package: Package, public_raw: bytes) -> None:
    if not package.signed_by(public_raw):
        raise IntegrityError(
            _(
                "{file} was changed after it was written or was not signed by its sender's key;"
                " nothing was changed"
            ).format(file=package.path.name)
        )


def open_payload(package: Package, box_private) -> dict:
    aad = associated_data(package.kind, package.village_code, package.sequence)
    plain = crypto.open_sealed(box_private, package.sealed, aad)
    # Unpacked no further than the signed manifest says (older packages: MAX_PLAIN), so a small
    # file cannot inflate to gigabytes.
    declared = package.manifest.get("plain_size", MAX_PLAIN)
    if type(declared) is not int or not 0 <= declared <= MAX_PLAIN:
        raise _damaged(package.path)
    try:
        unpacker = zlib.decompressobj()
        text = unpacker.decompress(plain, declared + 1)
        if len(text) > declared or unpacker.unconsumed_tail:
            raise _damaged(package.path)
        return orjson.loads(text)  # a county's import reads millions of rows: 2x json's speed
    except (zlib.error, ValueError, RecursionError):
        raise _damaged(package.path) from None


def write(folder: Path, name: str, data: bytes) -> Path:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserInputError(
            _("Cannot create the folder {folder}: {reason}").format(
                folder=folder, reason=error.strerror or error
            )
        ) from None
    path = folder / name
    # Synced before it is named: a drive pulled out right after holds the whole package or none.
    write_atomic(path, data)
    return path
