"""Files shipped inside the package (resources/): fonts, catalogs, rule presets."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# WenQuanYi Micro Hei (Apache-2.0): CJK and Latin in TrueType outlines, so ReportLab can embed it
# and digits print (Droid Sans Fallback, its CJK source, has no Latin glyphs).
FONT_FILE = "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"


def resource_path(*parts: str) -> Path:
    # The package is installed unzipped (setuptools wheels), so this is a real file path.
    return Path(str(resources.files("carepoint.resources").joinpath(*parts)))


def cjk_font_path() -> Path:
    return resource_path("fonts", FONT_FILE)
