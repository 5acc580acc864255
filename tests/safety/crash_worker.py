"""Run as a separate process by test_crash.py, which kills it with SIGKILL at a random moment.

    python crash_worker.py import DATA_DIR FILE | meals DATA_DIR | demo DATA_DIR
                         | cli DATA_DIR ARGS... (any command, e.g. sync import, subsidies approve)

It prints "ready" once its imports are done, so the kill lands inside the work itself.
"""

from __future__ import annotations

import datetime as dt
import sys

from carepoint.cli import main
from carepoint.db import open_store
from carepoint.demo import generate_demo
from carepoint.errors import UserInputError
from carepoint.meals.closing import close_month, month_status
from carepoint.meals.signin import sign_in
from carepoint.roster_import import import_roster  # noqa: F401 - loaded before "ready"

MEAL_DAYS = [dt.date(2026, 10, day) for day in range(1, 6)]
DEMO_RESIDENTS = 400


def sign_in_and_close(folder: str) -> None:
    store = open_store(folder, actor="crash-test")
    ready()
    ids = [row[0] for row in store.db.execute_sql(
        "SELECT id FROM resident WHERE status = 'active' ORDER BY id LIMIT 40")]
    for day in MEAL_DAYS:
        for resident in ids:
            try:
                sign_in(store, resident, day, "lunch")
            except UserInputError:
                pass  # signed in by the run before the crash
    if not month_status(store, MEAL_DAYS[0]).closed:
        close_month(store, MEAL_DAYS[0])
    store.close()


def demo(folder: str) -> None:
    store = open_store(folder, create=True, actor="crash-test")
    ready()
    generate_demo(store, residents=DEMO_RESIDENTS, months=1, seed=7)
    store.close()


def ready() -> None:
    print("ready", flush=True)


if __name__ == "__main__":
    action, folder, *rest = sys.argv[1:]
    if action == "import":
        ready()
        code = main(["--data-dir", folder, "residents", "import", rest[0]])
    elif action == "cli":
        ready()
        code = main(["--data-dir", folder, *rest])
    elif action == "meals":
        code = sign_in_and_close(folder) or 0
    else:
        code = demo(folder) or 0
    print("done", flush=True)
    sys.exit(code)
