"""`pip install .` gives a package that carries its own resources (font, catalogs, compiled .mo)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_the_font_the_catalogs_compiled_and_the_ui(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "carepoint/resources/fonts/wqy-microhei.ttc" in names
    assert "carepoint/resources/i18n/zh_CN/LC_MESSAGES/carepoint.mo" in names
    assert "carepoint/resources/i18n/en/LC_MESSAGES/carepoint.mo" in names
    assert "ui/__init__.py" in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_installed_package_runs_from_any_folder_with_its_own_resources(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import carepoint, carepoint.assets as a, carepoint.i18n as i;"
        "print(carepoint.__file__); print(a.cjk_font_path().is_file());"
        "i.set_language('zh_CN'); print(i._('registered'))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, font_found, word = done.stdout.split()
    assert location.startswith(str(target))
    assert font_found == "True"
    assert word == "在册"


def test_every_package_in_the_source_tree_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in [*ROOT.glob("carepoint/**/__init__.py"), *ROOT.glob("ui/**/__init__.py")]:
        assert init.relative_to(ROOT).as_posix() in names, f"add {init.parent.name} to pyproject"
