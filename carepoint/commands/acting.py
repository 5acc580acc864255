"""Who a command acts as. The command line is the administrator's tool: on a data folder with
accounts it acts as the account named by --user or CAREPOINT_USER, whose password is asked on a
terminal or read from CAREPOINT_PASSWORD, and the core checks that account's role as it does the
GUI's; on a folder with no accounts yet (init, demo) it acts as the local administrator."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from carepoint.binding import bound, uses_store
from carepoint.db import DB_FILE, Store, is_office_database, open_store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.i18n import _
from carepoint.permissions import local_administrator
from carepoint.session import Session


def _password(username: str) -> str:
    password = os.environ.get("CAREPOINT_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserInputError(
            _(
                "The password of {username} is needed: type it on a terminal or set "
                "CAREPOINT_PASSWORD."
            ).format(username=username)
        )
    return getpass.getpass(_("Password of {username}: ").format(username=username))


@uses_store
def _sign_in(args: argparse.Namespace, store: Store) -> Session:
    from carepoint import users

    with bound(store.db):
        if not users.has_accounts(store):
            return local_administrator()
        username = getattr(args, "user", None) or os.environ.get("CAREPOINT_USER")
        if not username:
            raise UserInputError(
                _(
                    "This data folder has accounts: say which is yours with --user NAME or "
                    "CAREPOINT_USER."
                )
            )
        session = users.sign_in(store, username, _password(username))
        # The audit names the account, as the app's does (on a clerk's desk the office
        # database accepts entries only under the clerk's own account).
        store.actor = session.username
        return session


@uses_store
def acting_account(args: argparse.Namespace, store: Store | None = None) -> Session:
    """The signed-in account a command acts as (asked once per command)."""
    if store is not None:
        return _sign_in(args, store)
    from carepoint.commands import data_dir

    folder = data_dir(args)
    if is_office_database(folder):
        return _office_account(args, folder)
    if not (folder / DB_FILE).is_file():
        return local_administrator()
    try:
        own = open_store(folder)
    except IntegrityError:
        # Data too damaged to open has no readable accounts; whoever can reach its files can
        # replace them anyway, so the local administrator may restore a backup over it.
        return local_administrator()
    try:
        return _sign_in(args, own)
    finally:
        own.close()


def _office_account(args: argparse.Namespace, folder) -> Session:
    """An office folder keeps its accounts in its PostgreSQL database: they count as a SQLite
    folder's do. An unreachable or another office's database is refused: there is no local
    administrator to fall back on, since reaching the folder's files is not reaching the server."""
    own = open_store(folder)
    try:
        return _sign_in(args, own)
    finally:
        own.close()
