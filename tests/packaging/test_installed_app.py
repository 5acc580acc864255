"""The `carepoint` command of a fresh `pip install`: its version, a report written headless, and
the desktop app found through the installed entry point."""

import os
import subprocess

from pypdf import PdfReader

from carepoint import __version__


def carepoint(venv, *args, cwd):
    env = {
        **os.environ,
        "CAREPOINT_TODAY": "2026-11-23",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": "",
    }
    done = subprocess.run(
        [str(venv / "bin" / "carepoint"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def installed_python(venv, code, cwd):
    return subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=cwd, capture_output=True, text=True, check=True, timeout=120,
    ).stdout.strip()


def test_the_installed_command_prints_the_packages_version(fresh_venv, tmp_path):
    assert carepoint(fresh_venv, "--version", cwd=tmp_path).strip() == f"carepoint {__version__}"


def test_the_installed_command_writes_a_roster_in_chinese_without_a_display(fresh_venv, tmp_path):
    village = tmp_path / "village"
    pdf = tmp_path / "花名册.pdf"

    carepoint(fresh_venv, "--data-dir", str(village), "init", "--village-code", "321183104201",
              "--village-name", "桃园村", "--township", "白兔镇", cwd=tmp_path)
    carepoint(fresh_venv, "--data-dir", str(village), "demo", "--residents", "40", "--months", "1",
              cwd=tmp_path)
    carepoint(fresh_venv, "--data-dir", str(village), "report", "roster", "--month", "2026-11",
              "--out", str(pdf), cwd=tmp_path)

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "桃园村" in text and "白兔镇" in text


def test_the_installed_code_comes_from_the_environment_not_the_source_tree(fresh_venv, tmp_path):
    location = installed_python(fresh_venv, "import carepoint; print(carepoint.__file__)", tmp_path)

    assert location.startswith(str(fresh_venv))


def test_the_installed_package_finds_the_desktop_app_through_its_entry_point(fresh_venv, tmp_path):
    code = (
        "import inspect; from carepoint.portable import find_frontend;"
        "print(inspect.getfile(find_frontend()))"
    )

    found = installed_python(fresh_venv, code, tmp_path)

    assert found.startswith(str(fresh_venv)) and found.endswith("ui/app.py")
