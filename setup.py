"""The build compiles the translation catalogs (.po → .mo) into the package (.mo files are not
committed) and finds every package, so a new one cannot be left out of the wheel. Everything else
is in pyproject.toml."""

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


setup(
    packages=[*find_packages(include=["carepoint", "carepoint.*", "ui", "ui.*"]),
              "carepoint.resources"],
    cmdclass={"build_py": BuildWithCatalogs},
)
