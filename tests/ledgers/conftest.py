"""Ledger fixtures: the command line through the installed entry point, a village with people."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import add
from exchange.exchange_helpers import office, passphrase  # noqa: F401 - fixtures found by name

from carepoint.residents import set_status

CAREPOINT = Path(sys.executable).parent / "carepoint"


def run(data_dir, *args, lang=None, check_exit=0):
    """`carepoint --data-dir DIR ARGS…` as a user types it, on 2026-11-23."""
    command = [str(CAREPOINT), "--data-dir", str(data_dir), *(["--lang", lang] if lang else [])]
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


def count(store, table: str) -> int:
    return store.db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def people(store):
    """张三 and 李四 in the register; 王五 died on 1 November 2026."""
    zhang = add(store, "张三", dt.date(1940, 5, 6), 11, group_name="一组")
    li = add(store, "李四", dt.date(1948, 2, 3), 13, group_name="二组")
    wang = add(store, "王五", dt.date(1936, 7, 8), 15, group_name="一组")
    set_status(store, wang.id, "deceased", dt.date(2026, 11, 1), "病故")
    return {"张三": zhang, "李四": li, "王五": wang}
