"""Photos of an activity or of an adaptation case (before and after the work).

Each photo is copied into the data file (table ledger_photo) when it is added, so a backup holds
it and a lost camera card loses nothing; the record's `photos` column lists the file names,
which the printed ledger shows and the township sees. The pictures themselves never travel in
a package. A photo is at most 20 MB; a name already used for the record gets a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carepoint import audit, synced
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _

OWNERS = ("activity", "adaptation_case")
MAX_BYTES = 20 << 20
KINDS = {".jpg", ".jpeg", ".png", ".heic", ".webp", ".bmp", ".gif"}


@dataclass(frozen=True)
class Photo:
    id: int
    file_name: str
    size: int


def _free_name(taken: set[str], name: str) -> str:
    stem, suffix, number = Path(name).stem, Path(name).suffix, 2
    while name in taken:
        name = f"{stem}-{number}{suffix}"
        number += 1
    return name


@uses_store
def add_photos(store: Store, owner: str, owner_id: int, paths: list[Path]) -> list[str]:
    """Copy the photos in and name them on the record; all of them or, on a problem, none."""
    if owner not in OWNERS:
        raise UserInputError(_("Photos belong to an activity or an adaptation case"))
    row = store.db.execute_sql(
        f"SELECT uuid, photos FROM {owner} WHERE id = ? AND deleted_at IS NULL", [owner_id]
    ).fetchone()
    if row is None:
        raise UserInputError(_("No such record"))
    uuid, listed = row
    names = [n for n in listed.split("\n") if n]
    loaded = []
    for path in map(Path, paths):
        if path.suffix.lower() not in KINDS:
            raise UserInputError(_("{file} is not a photo").format(file=path.name))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UserInputError(
                _("{file} cannot be read: {error}").format(file=path.name, error=error.strerror)
            ) from None
        if len(data) > MAX_BYTES:
            raise UserInputError(_("{file} is larger than 20 MB").format(file=path.name))
        name = _free_name(set(names), path.name)
        names.append(name)
        loaded.append((name, data))
    with store.db.writing():
        for name, data in loaded:
            store.db.execute_sql(
                "INSERT INTO ledger_photo (owner, owner_uuid, file_name, added_at, added_by, size,"
                " data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [owner, uuid, name, synced.now(), store.actor, len(data), data],
            )
        synced.update(store, owner, owner_id, {"photos": "\n".join(names)})
        audit.record(store, "add_photos", owner, uuid,
                     {"photos": (listed or None, "\n".join(names))})  # fmt: skip
    return [name for name, _data in loaded]


@uses_store
def photos_of(store: Store, owner: str, owner_id: int) -> list[Photo]:
    rows = store.db.execute_sql(
        f"SELECT p.id, p.file_name, p.size FROM ledger_photo p JOIN {owner} o"
        " ON o.uuid = p.owner_uuid WHERE o.id = ? ORDER BY p.id",
        [owner_id],
    )
    return [Photo(*row) for row in rows]


@uses_store
def save_photo(store: Store, photo_id: int, out: Path) -> Path:
    """Write one photo back out as a file (to look at it, or print it)."""
    from carepoint.safety.files import publish, temp_beside

    row = store.db.execute_sql("SELECT data FROM ledger_photo WHERE id = ?", [photo_id]).fetchone()
    if row is None:
        raise UserInputError(_("No such photo"))
    temp = temp_beside(Path(out))
    try:
        temp.write_bytes(row[0])
    except OSError as error:
        from carepoint.safety.files import storage_error

        temp.unlink(missing_ok=True)
        raise storage_error(Path(out), error) from None
    publish(temp, Path(out))
    return Path(out)
