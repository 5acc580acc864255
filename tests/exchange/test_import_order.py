"""Whatever order packages arrive in, the township ends in the same state."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from builders import add
from exchange.exchange_helpers import LIYUAN, PASSPHRASE, TAOYUAN, with_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepoint.errors import IntegrityError
from carepoint.exchange.schema import MIRROR_PREFIX
from carepoint.exchange.township_import import import_packages
from carepoint.permissions import local_administrator
from carepoint.residents import update_resident


def township_state(store) -> dict:
    """Every copied record, open flag and conflict, without local ids and times."""
    state = {}
    tables = [
        name
        for (name,) in store.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tw\\_%' ESCAPE '\\'"
        )
    ]
    for table in tables:
        rows = store.db.execute_sql(f"SELECT * FROM {table}").fetchall()
        state[table] = sorted(repr(row[1:]) for row in rows)
    state["flags"] = sorted(
        store.db.execute_sql(
            "SELECT key, detail FROM township_flag WHERE cleared_at IS NULL"
        ).fetchall()
    )
    state["conflicts"] = sorted(
        store.db.execute_sql(
            "SELECT village_code, tbl, uuid, reason, kept, incoming FROM township_conflict"
        ).fetchall()
    )
    assert any(state[t] for t in tables if t.startswith(MIRROR_PREFIX))
    return state


def import_in_order(pristine: Path, files: list[Path]) -> dict:
    folder = Path(tempfile.mkdtemp()) / "township"
    shutil.copytree(pristine, folder)
    try:

        def run(store):
            for file in files:
                try:
                    import_packages(store, [file], PASSPHRASE, actor=local_administrator())
                except IntegrityError:
                    pass  # an older package after a newer one is refused, as it should be
            return township_state(store)

        return with_store(folder, run)
    finally:
        shutil.rmtree(folder.parent)


def test_any_order_of_importing_a_set_of_packages_ends_in_the_same_state(office):
    # Given two packages of 桃园村 (the second edits one person and adds another) and one of
    # 梨园村 that shares an ID number with it
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    person = with_store(first, lambda s: add(s, "张三", sequence=1))
    packages = [office.export(first)]
    with_store(first, lambda s: (update_resident(s, person.id, {"phone": "13800000001"}),
                                 add(s, "李四", sequence=3)))  # fmt: skip
    packages.append(office.export(first))
    with_store(second, lambda s: (add(s, "张三", sequence=1), add(s, "王五", sequence=5)))
    packages.append(office.export(second))
    expected = import_in_order(office.folder, packages)
    assert expected["flags"]  # the shared ID number is flagged

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.permutations(packages), st.lists(st.sampled_from(packages), max_size=2))
    def same_state(order, repeats):
        assert import_in_order(office.folder, [*order, *repeats]) == expected

    same_state()
