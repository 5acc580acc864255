"""Setting up a data directory for a village care point or a township office."""

from __future__ import annotations

import re
from pathlib import Path

from carepoint.db import Store, data_dir_exists, open_store
from carepoint.errors import UserInputError
from carepoint.i18n import _

ROLES = ("village", "township", "county")
CODE_LENGTH = {"village": 12, "township": 9, "county": 6}


def check_code(code: str, role: str) -> str:
    code = code.strip()
    length = CODE_LENGTH[role]
    if not re.fullmatch(rf"\d{{{length}}}", code):
        if role == "village":
            message = _("A village code is the 12-digit statistical division code; got {code!r}")
        elif role == "county":
            message = _("A county code is the 6-digit administrative division code; got {code!r}")
        else:
            message = _("A township code is the 9-digit statistical division code; got {code!r}")
        raise UserInputError(message.format(code=code))
    return code


def initialise(
    data_dir: Path,
    *,
    code: str,
    name: str,
    township: str = "",
    county: str = "",
    role: str = "village",
    actor: str | None = None,
    database: str | None = None,
) -> Store:
    """Create the data directory for a new care point (or township office). An office may
    keep its data in a PostgreSQL `database` (postgresql://USER@HOST:PORT/DB) instead."""
    if role not in ROLES:
        raise UserInputError(
            _("The role is village, township or county; got {role!r}").format(role=role)
        )
    code = check_code(code, role)
    name = name.strip()
    if not name:
        raise UserInputError(_("The name is missing"))
    if database:
        if role == "village":
            raise UserInputError(
                _("A village keeps its data in its own file; only an office uses --database")
            )
        if data_dir_exists(data_dir):
            raise UserInputError(
                _("{folder} already holds CarePoint data; nothing was changed").format(
                    folder=data_dir
                )
            )
        from carepoint.office.store import attach

        attach(data_dir, database, office_code=code, role=role)
    if data_dir_exists(data_dir):
        store = open_store(data_dir, actor=actor)
        if store.is_initialised:
            store.close()
            raise UserInputError(
                _("{folder} is already set up for {name}; nothing was changed").format(
                    folder=data_dir, name=store.setting("village_name")
                )
            )
    else:
        store = open_store(data_dir, create=True, actor=actor)
    with store.db.writing():
        store.set_setting("role", role)
        store.set_setting("village_code", code)
        store.set_setting("village_name", name)
        store.set_setting("township", township.strip())
        store.set_setting("county", county.strip())
        default_point = _("{village} mutual-aid care point").format(village=name)
        store.set_setting("care_point_name", default_point if role == "village" else name)
    return store
