"""Safety fixtures: a small demo village on disk (closed, as the CLI finds it) and the CLI."""

from __future__ import annotations

import pytest

from carepoint.cli import main
from carepoint.db import open_store
from carepoint.demo import generate_demo


@pytest.fixture
def village_dir(tmp_path):
    """A demo village with 40 residents and two months of services, not held open."""
    folder = tmp_path / "village"
    store = open_store(folder, create=True, actor="tester")
    generate_demo(store, residents=40, months=2, seed=3)
    store.close()
    return folder


@pytest.fixture
def cli(capsys):
    """Run `carepoint ARGS`; returns (exit code, stdout, stderr)."""

    def run(*args: object) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return run
