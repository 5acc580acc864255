"""The build compiles the translation catalogs (.po → .mo) into the package (.mo files are not
committed), ships the user guide for F1, and finds every package, so a new one cannot be left out
of the wheel. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(__file__).parent / "resources" / "i18n"
        for po in source.glob("*/LC_MESSAGES/carepoint.po"):
            target = Path(self.build_lib, "carepoint", "resources", "i18n")
            mo = target / po.relative_to(source).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as handle:
                catalog = read_po(handle)
            with mo.open("wb") as handle:
                write_mo(handle, catalog)
        # The user guide and its pictures, for F1 inside the app (ui/help_viewer.py), laid out
        # as in docs/ so the guide's relative picture links still find them.
        docs = Path(__file__).parent / "docs"
        shipped = Path(self.build_lib, "carepoint", "resources")
        shutil.copytree(docs / "guide" / "images", shipped / "guide" / "images", dirs_exist_ok=True)
        shutil.copy2(docs / "guide" / "README.md", shipped / "guide" / "README.md")
        shutil.copytree(docs / "screenshots", shipped / "screenshots", dirs_exist_ok=True)


setup(
    packages=[*find_packages(include=["carepoint", "carepoint.*", "ui", "ui.*"]),
              "carepoint.resources"],
    cmdclass={"build_py": BuildWithCatalogs},
)
