"""Building a county's worth of village packages for bench_county_import.py, through the real
enrollment chain (county enroll → township join-county → county confirm; township enroll →
village enroll → township confirm; village `sync export`), with the core functions the CLI calls
(one process: 300 `carepoint` start-ups would add minutes and measure nothing of the import).

ONE village is made by the demo (`generate_demo`: residents, months of visits, meals, volunteer
hours). Every village, the first included, is a copy of that folder in which what must differ
between two villages is changed before it enrolls:
- its settings: village code, village and care point name, node id (a new uuid);
- its keys: new signing and box keys (`keys.ensure_village_keys(fresh=True)`), so each village
  signs with its own key and the township pins 300 different ones;
- every synced row's uuid (a new uuid4), and every `*_uuid` column that names one, mapped the
  same way (references between synced tables are integer ids, exported as the uuids);
- every resident's ID number (all villages but the first): the address code becomes 329 and the
  village's number (329001…; no real county has it), birth date and sequence kept, the check
  digit computed again (`idcard.check_char`), so no two villages share a person and the
  county's cross-township duplicate check is not flooded; `search_text`, which holds the number,
  follows.
The audit log (local, never exchanged) keeps the template's entries.
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

PASSPHRASE = "bench-county-passphrase"
COUNTY = ("321183", "句容市")


@dataclass
class Township:
    code: str
    name: str
    folder: Path
    villages: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    packages: list[Path] = field(default_factory=list)
    digits: dict[str, str] = field(default_factory=dict)


def plan(root: Path, villages: int, townships: int) -> list[Township]:
    per = -(-villages // townships)
    found = []
    for t in range(townships):
        code = f"{COUNTY[0]}{100 + t:03d}"
        township = Township(code, f"镇{t + 1}", root / f"township-{code}")
        for j in range(min(per, villages - t * per)):
            township.villages.append((f"{code}{201 + j:03d}", f"{township.name}村{j + 1}"))
        if township.villages:
            found.append(township)
    return found


def make_template(folder: Path, residents: int, months: int) -> float:
    """The one demo village; returns the seconds the demo took."""
    from carepoint.demo import generate_demo
    from carepoint.exchange.keys import ensure_village_keys
    from carepoint.setup import initialise

    store = initialise(folder, code=f"{COUNTY[0]}999201", name="样板村", actor="bench")
    ensure_village_keys(store)
    started = time.perf_counter()
    generate_demo(store, residents=residents, months=months, seed=1)
    seconds = time.perf_counter() - started
    store.close()
    return seconds


def _new_ids(rows: list[tuple[int, str]], index: int) -> list[tuple[str, str, int]]:
    from carepoint import idcard

    used, changed = set(), []
    for row_id, number in rows:
        sequence = int(number[14:17])
        while True:
            first17 = f"329{index:03d}{number[6:14]}{sequence:03d}"
            if first17 not in used:
                break
            sequence = (sequence + 2) % 1000 or (1 if sequence % 2 else 2)  # keeps the gender
        used.add(first17)
        changed.append((number, first17 + idcard.check_char(first17), row_id))
    return changed


def rekey(store, index: int) -> None:
    """Fresh uuids (references follow) and, but for the first village, fresh ID numbers."""
    from carepoint.exchange.schema import synced_tables

    db = store.db
    mapping: dict[str, str] = {}
    connection = db.connection()
    connection.create_function("fresh", 1, lambda old: mapping.setdefault(old, str(uuid.uuid4())))
    connection.create_function("mapped", 1, lambda old: mapping.get(old, old))
    tables = synced_tables(db)
    with db.atomic():
        for table in tables:
            db.execute_sql(f"UPDATE {table} SET uuid = fresh(uuid)")
        for table in tables:
            columns = [row[1] for row in db.execute_sql(f"PRAGMA table_info({table})").fetchall()]
            for column in (c for c in columns if c.endswith("_uuid")):
                db.execute_sql(f"UPDATE {table} SET {column} = mapped({column})")
        if index:
            rows = db.execute_sql("SELECT id, id_number FROM resident").fetchall()
            db.cursor().executemany(
                "UPDATE resident SET id_number = ?, search_text = replace(search_text, ?, ?)"
                " WHERE id = ?",
                [
                    (new, old.lower(), new.lower(), row_id)
                    for old, new, row_id in _new_ids(rows, index)
                ],  # fmt: skip
            )


def enroll_townships(county_folder: Path, townships: list[Township], root: Path) -> None:
    """County enroll → township join-county → county confirm, for every township."""
    from carepoint.county.confirm import confirm_township
    from carepoint.county.enrollment import enroll_township, join_county
    from carepoint.db import open_store
    from carepoint.permissions import local_administrator
    from carepoint.setup import initialise

    admin = local_administrator()
    county = open_store(county_folder, actor="bench")
    try:
        for township in townships:
            file = root / "enrollment" / f"county-{township.code}.json"
            enroll_township(county, township.code, township.name, file, PASSPHRASE, actor=admin)
            store = initialise(township.folder, code=township.code, name=township.name,
                               role="township", actor="bench")  # fmt: skip
            _found, digits = join_county(store, file, PASSPHRASE, actor=admin)
            store.close()
            confirm_township(county, township.code, digits, PASSPHRASE, actor=admin)
    finally:
        county.close()


def make_villages(template: Path, townships: list[Township], root: Path) -> list:
    """Every village copied, changed, enrolled and exported (its folder then removed: the
    package is what travels); returns each export's seconds."""
    from carepoint.db import open_store
    from carepoint.exchange.confirmation import confirm_village, own_digits
    from carepoint.exchange.enrollment import enroll_from_file, enroll_village
    from carepoint.exchange.keys import ensure_village_keys
    from carepoint.exchange.village_export import export_package
    from carepoint.permissions import local_administrator

    admin = local_administrator()
    exports, index, began = [], 0, time.perf_counter()
    for township in townships:
        office = open_store(township.folder, actor="bench")
        try:
            for code, name in township.villages:
                file = root / "enrollment" / f"village-{code}.json"
                enroll_village(office, code, name, file, actor=admin)
                folder = root / "villages" / code
                shutil.copytree(template, folder)
                store = open_store(folder, actor="bench")
                try:
                    store.set_settings({"village_code": code, "village_name": name,
                                        "care_point_name": f"{name}互助养老点",
                                        "node_id": str(uuid.uuid4())})  # fmt: skip
                    rekey(store, index)
                    with store.db.atomic():
                        ensure_village_keys(store, fresh=True)
                    enroll_from_file(store, file, actor=admin)
                    township.digits[code] = own_digits(store)  # read off its 入网确认单
                    started = time.perf_counter()
                    result = export_package(store, root / "packages" / township.code, actor=admin)
                    exports.append(time.perf_counter() - started)
                    township.packages.append(result.path)
                finally:
                    store.close()
                shutil.rmtree(folder)
                confirm_village(office, code, township.digits[code], PASSPHRASE, actor=admin)
                index += 1
        finally:
            office.close()
        print(f"  {index} villages made and exported, {time.perf_counter() - began:.0f} s",
              flush=True)  # fmt: skip
    return exports
