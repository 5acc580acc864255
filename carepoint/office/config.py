"""What a data folder records of its office database: the address (never a password), and
whose office it is, so a folder pointed at another office's database is refused."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from carepoint.db import OFFICE_CONFIG as CONFIG_FILE
from carepoint.errors import UserInputError
from carepoint.i18n import _


@dataclass(frozen=True)
class OfficeConfig:
    engine: str
    url: str
    office_code: str
    role: str


def path(data_dir: Path) -> Path:
    return Path(data_dir) / CONFIG_FILE


def read(data_dir: Path) -> OfficeConfig | None:
    file = path(data_dir)
    if not file.is_file():
        return None
    try:
        found = json.loads(file.read_text(encoding="utf-8"))
        config = OfficeConfig(
            **{k: str(found[k]) for k in ("engine", "url", "office_code", "role")}
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UserInputError(
            _("The office database settings in {file} cannot be read ({reason})").format(
                file=file, reason=error
            )
        ) from None
    if config.engine != "postgresql":
        raise UserInputError(
            _("Unknown database engine {engine} in {file}").format(engine=config.engine, file=file)
        )
    return config


def write(data_dir: Path, config: OfficeConfig) -> None:
    """Written private to the user (0600), like the data file it stands for."""
    file = path(data_dir)
    file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(asdict(config), out, ensure_ascii=False, indent=1)
