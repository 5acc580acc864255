"""Shared fixtures: an offscreen Qt, a temporary data folder, a fixed "today", the language."""

from __future__ import annotations

import datetime as dt
import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from pg_server import engine, pg_database, pg_server  # noqa: E402, F401 - a real PostgreSQL

from carepoint import i18n  # noqa: E402
from carepoint.setup import initialise  # noqa: E402

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def no_store_left_bound():
    """A window binds its store to the thread; the next test must not find it still bound."""
    from carepoint.binding import unbound

    with unbound():
        yield


@pytest.fixture(autouse=True)
def collected_on_the_main_thread():
    """Once a QApplication is prepared, Python's cycle collector runs only on the GUI thread
    (ui/qt_setup.GuiThreadCollector), whose timer runs only while an event loop does: each test
    ends with a whole collection on the main thread, so tests without a loop stay bounded and
    what a test left behind is not collected in the middle of the next one."""
    yield
    if not gc.isenabled():
        gc.collect()  # what the test left (windows, workers) goes now, not in the next test


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every test runs on 2026-11-23 unless it says otherwise; the language starts as zh_CN."""
    monkeypatch.setenv("CAREPOINT_TODAY", TODAY.isoformat())
    monkeypatch.delenv("CAREPOINT_DATA_DIR", raising=False)
    monkeypatch.delenv("CAREPOINT_LANG", raising=False)
    i18n.set_language("zh_CN")
    yield TODAY
    i18n.set_language("zh_CN")


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    """An initialised, empty village data folder, open for the test."""
    opened = initialise(
        data_dir,
        code="321183104201",
        name="桃园村",
        township="白兔镇",
        county="句容市",
        actor="tester",
    )
    with opened.bound():
        yield opened
    opened.close()
