"""What the desktop pages need beyond the exchange API: sorting chosen files into packages that
can be imported and packages refused with the reason, before anything is opened.

One refused file makes import_packages refuse the whole batch; the township page instead imports
the good ones and lists the others with what is wrong with each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.exchange import container
from carepoint.exchange.township_import import verify


@dataclass(frozen=True)
class Refusal:
    file: str
    reason: str


def village_packages_in(folder: Path) -> list[Path]:
    """The package files in a folder (a USB drive), leaving out the township's return packages."""
    found = []
    for path in sorted(Path(folder).glob(f"*{container.SUFFIX}")):
        try:
            if container.read_manifest(path)["kind"] == "return":
                continue
        except CarePointError:
            pass  # kept: it is listed as refused, with the reason
        found.append(path)
    return found


@uses_store
def sort_packages(
    store: Store, paths: list[Path]
) -> tuple[list[container.Package], list[Refusal]]:
    """(packages that pass every check, refusals with the reason) without decrypting anything;
    the packages are read once and can be given to import_packages as they are."""
    accepted, refused = [], []
    for path in paths:
        try:
            package = container.read(Path(path))
            verify(store, package)
        except CarePointError as error:
            refused.append(Refusal(Path(path).name, error.message))
        else:
            accepted.append(package)
    return accepted, refused
