"""Files shipped inside the package (resources/): fonts, catalogs, rule presets."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FONT_FILE = "DroidSansFallbackFull.ttf"
FONT_FAMILY = "Droid Sans Fallback"


def resource_path(*parts: str) -> Path:
    # The package is installed unzipped (setuptools wheels), so this is a real file path.
    return Path(str(resources.files("carepoint.resources").joinpath(*parts)))


def cjk_font_path() -> Path:
    return resource_path("fonts", FONT_FILE)
