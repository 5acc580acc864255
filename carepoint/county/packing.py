"""How a village package travels inside a township's container for the county.

The village sealed its payload to the township's box key with a one-time (ephemeral) key. The
township hands the county the X25519 secret it shares with that one-time key: it opens that one
package and nothing else, and the county then decrypts the very bytes the village signed, so
AES-GCM proves the records are the village's own, not a township's retelling of them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from carepoint.exchange import container, crypto
from carepoint.exchange.container import Package

KIND = "township"


def package_from_bytes(data: bytes, name: str) -> Package:
    """A package carried as bytes, read with every bound and check of a file on a drive."""
    with tempfile.TemporaryDirectory(prefix="carepoint-county-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        found = container.read(path)
    return Package(Path(name), found.manifest, found.sealed, found.signed, found.signature)


def shared_secret(box_private, package: Package) -> bytes:
    """Township: the secret of the package's one-time key and this township's box key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    ephemeral = X25519PublicKey.from_public_bytes(package.sealed[: crypto.RAW])
    return box_private.exchange(ephemeral)


class SharedSecretKey:
    """Stands for the township's box key when the county opens one village package: it gives
    back the one secret the township handed over, and the township's public key it was made
    with (both bound into the package key), so container.open_payload works unchanged."""

    def __init__(self, shared: bytes, township_box_public: bytes):
        self._shared, self._public = shared, township_box_public

    def exchange(self, _peer) -> bytes:
        return self._shared

    def public_key(self):
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        return X25519PublicKey.from_public_bytes(self._public)
