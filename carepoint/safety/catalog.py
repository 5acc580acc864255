"""backups/catalog.json: every backup made from this data folder, written whole or not at all."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carepoint.safety.files import write_atomic

CATALOG = "catalog.json"
AUTOMATIC = ("daily", "exit")  # the kinds rotation may remove; manual and safety copies stay


@dataclass
class BackupRecord:
    file: str
    made_at: str  # local time, ISO
    kind: str  # manual / daily / exit / safety
    size: int
    schema_version: int
    village_code: str
    counts: dict[str, int] = field(default_factory=dict)
    verified: bool = True


def catalog_path(data_dir: Path) -> Path:
    return Path(data_dir) / "backups" / CATALOG


def load(data_dir: Path) -> list[BackupRecord]:
    try:
        items = json.loads(catalog_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    records = []
    for item in items if isinstance(items, list) else []:
        with contextlib.suppress(TypeError):
            records.append(BackupRecord(**item))
    return records


def save(data_dir: Path, records: list[BackupRecord]) -> None:
    path = catalog_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=1)
    write_atomic(path, text.encode("utf-8"))


def add(data_dir: Path, record: BackupRecord) -> None:
    save(data_dir, [*load(data_dir), record])


def last_good(data_dir: Path) -> BackupRecord | None:
    """The newest verified backup whose file is still there."""
    for record in sorted(load(data_dir), key=lambda r: r.made_at, reverse=True):
        if record.verified and Path(record.file).is_file():
            return record
    return None
