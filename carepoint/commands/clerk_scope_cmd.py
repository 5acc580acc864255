"""`township clerk-scope ACCOUNT --codes … --db-role NAME`: limit a clerk to named villages or
townships; on a PostgreSQL office also their own database role, held to them by row-level
security (issue 21, item 3)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from carepoint.commands._base import emit, opened
from carepoint.errors import UserInputError
from carepoint.i18n import _

# The clerk's own password, never the office's (CAREPOINT_DB_PASSWORD is the owner's).
CLERK_PASSWORD_ENV = "CAREPOINT_CLERK_DB_PASSWORD"


def register(sub, add_globals) -> None:
    scope = sub.add_parser(
        "clerk-scope", help=_("limit a clerk to named villages or townships (administrator)")
    )
    add_globals(scope)
    scope.add_argument("account", metavar="ACCOUNT")
    scope.add_argument(
        "--codes", required=True, help=_("village or township codes, separated by commas")
    )
    scope.add_argument("--db-role", required=True, help=_("the clerk's own database role"))
    scope.set_defaults(handler=run_clerk_scope)


def _clerk_password(role: str) -> str | None:
    if os.environ.get(CLERK_PASSWORD_ENV):
        return os.environ[CLERK_PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        return None
    first = getpass.getpass(_("Database password for {name}: ").format(name=role))
    if first and getpass.getpass(_("The same password again: ")) != first:
        raise UserInputError(_("The two passwords differ; nothing was changed"))
    return first or None


def run_clerk_scope(args: argparse.Namespace) -> int:
    from carepoint import dialect
    from carepoint.commands.acting import acting_account
    from carepoint.office.rls import set_clerk_scope

    with opened(args) as store:
        actor = acting_account(args, store)
        store.actor = actor.username  # the audit names the administrator who set it
        password = _clerk_password(args.db_role) if dialect.is_postgres(store.db) else None
        scope = set_clerk_scope(
            store, args.account, args.codes.split(","), args.db_role, actor=actor,
            password=password,
        )  # fmt: skip
    emit(
        args,
        {"account": scope.username, "codes": list(scope.codes), "db_role": scope.db_role,
         "role_created": scope.role_created},
        _("{username} now sees only {codes} (database role {name})").format(
            username=scope.username, codes=", ".join(scope.codes), name=scope.db_role
        ),
    )  # fmt: skip
    return 0
