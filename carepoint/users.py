"""Local accounts: who may sign in on this PC, with which role.

Passwords are kept only as a salted scrypt hash (memory-hard, from the standard library). Accounts
are never deleted, only disabled, so the audit log's names always mean someone; and the care point
always keeps at least one active administrator.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass

from peewee import fn

from carepoint import audit, sign_in_throttle
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.models import User, utcnow
from carepoint.session import ROLES, Session

MIN_PASSWORD_LENGTH = 8
MAX_USERNAME_LENGTH = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    active: bool
    created_at: dt.datetime


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash`, salt and hash in base64; the parameters travel with the hash."""
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded[0]}${encoded[1]}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        found = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=64 * 1024 * 1024,
        dklen=HASH_BYTES,
    )


# Verifying against this for unknown users makes them take as long as a wrong password.
_DUMMY_HASH = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44


def password_problem(
    password: str, repeated: str | None = None, *, min_length: int = MIN_PASSWORD_LENGTH
) -> str | None:
    """What is wrong with a new password, in words for the user, or None."""
    if len(password) < min_length:
        return _("A password needs at least {count} characters").format(count=min_length)
    if repeated is not None and password != repeated:
        return _("The two passwords are not the same")
    return None


def username_problem(username: str) -> str | None:
    username = username.strip()
    if not username:
        return _("The username is missing")
    if len(username) > MAX_USERNAME_LENGTH:
        return _("A username has at most {count} characters").format(count=MAX_USERNAME_LENGTH)
    if any(char.isspace() for char in username):
        return _("A username cannot contain spaces")
    return None


def _find(username: str) -> User | None:
    return User.get_or_none(fn.lower(User.username) == username.strip().lower())


def _get(username: str) -> User:
    user = _find(username)
    if user is None:
        raise UserInputError(_("There is no account {username}").format(username=username))
    return user


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserInputError(
            _("Unknown role {role}; use one of: {choices}").format(
                role=role, choices=", ".join(ROLES)
            )
        )


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.role, bool(user.active), user.created_at)


@uses_store
def has_accounts(store: Store) -> bool:
    from carepoint.office.rls import owns_tables

    # A clerk's desk connects as the clerk's own database role, which sees only the clerk's own
    # account (carepoint/office/rls.py): it always signs in, never as the local administrator.
    return not owns_tables(store.db) or User.select().exists()


@uses_store
def list_accounts(store: Store) -> list[Account]:
    return [_account(u) for u in User.select().order_by(User.active.desc(), User.username)]


@uses_store
def get_account(store: Store, username: str) -> Account:
    return _account(_get(username))


@uses_store
def create_account(
    store: Store, username: str, password: str, role: str, *, min_length: int = MIN_PASSWORD_LENGTH
) -> Account:
    """A new account. Only the throw-away demo village passes a smaller `min_length`."""
    problem = username_problem(username) or password_problem(password, min_length=min_length)
    if problem:
        raise UserInputError(problem)
    _check_role(role)
    username = username.strip()
    if _find(username):
        raise UserInputError(_("The username {username} is taken").format(username=username))
    hashed = hash_password(password)
    with store.db.writing():
        user = User.create(username=username, password_hash=hashed, role=role)
        audit.record(
            store, "create", "user", user.uuid, {"username": (None, username), "role": (None, role)}
        )
    return _account(user)


@uses_store
def authenticate(store: Store, username: str, password: str) -> Session | None:
    """The session for a right username and password; None for anything else, all alike.
    No waiting: this re-checks a signed-in user's own password. Signing in goes through
    `sign_in`, which slows down guessing."""
    user = _find(username)
    if user is None or not user.active:
        verify_password(password, _DUMMY_HASH)
        return None
    if not verify_password(password, user.password_hash):
        return None
    return Session(user.username, user.role)


class WrongPassword(sign_in_throttle.SignInRefused):
    """The username or the password is not right (never which)."""


@uses_store
def sign_in(store: Store, username: str, password: str) -> Session:
    """The session of a right username and password. After a wrong password the account waits
    longer before the next try is checked, and after five in a row it is locked for a while
    (SignInRefused says how long); anything else wrong is WrongPassword, all alike."""
    user = _find(username)
    if user is not None and user.active:
        sign_in_throttle.check_allowed(user.username)
    session = authenticate(store, username, password)
    if session is not None:
        sign_in_throttle.record_success(session.username)
        return session
    if user is not None and user.active:
        failures = sign_in_throttle.record_failure(user.username)
        if failures >= sign_in_throttle.MAX_FAILURES:
            sign_in_throttle.check_allowed(user.username)  # says until when it is locked
    raise WrongPassword(_("The username or password is not right. Please try again."))


@uses_store
def change_password(store: Store, username: str, new_password: str) -> None:
    problem = password_problem(new_password)
    if problem:
        raise UserInputError(problem)
    user = _get(username)
    hashed = hash_password(new_password)
    with store.db.writing():
        sign_in_throttle.record_success(user.username)  # a new password lifts a lock
        User.update(password_hash=hashed, updated_at=utcnow()).where(User.id == user.id).execute()
        # The entry says that it changed, never anything about the password itself.
        audit.record(store, "password", "user", user.uuid, {"username": (None, user.username)})


def _active_administrators() -> int:
    return (
        User.select().where((User.role == "administrator") & (User.active == True)).count()  # noqa: E712
    )


def _refuse_losing_last_administrator(user: User) -> None:
    if user.active and user.role == "administrator" and _active_administrators() <= 1:
        raise UserInputError(
            _(
                "{username} is the only active administrator; make another account an "
                "administrator first"
            ).format(username=user.username)
        )


@uses_store
def set_role(store: Store, username: str, role: str) -> None:
    _check_role(role)
    user = _get(username)
    if user.role == role:
        return
    if role != "administrator":
        _refuse_losing_last_administrator(user)
    with store.db.writing():
        User.update(role=role, updated_at=utcnow()).where(User.id == user.id).execute()
        audit.record(store, "update", "user", user.uuid, {"role": (user.role, role)})


@uses_store
def set_active(store: Store, username: str, active: bool) -> None:
    """Disable an account (it can no longer sign in) or enable it again; never delete it."""
    user = _get(username)
    if bool(user.active) == active:
        return
    if not active:
        _refuse_losing_last_administrator(user)
    with store.db.writing():
        User.update(active=active, updated_at=utcnow()).where(User.id == user.id).execute()
        audit.record(store, "update", "user", user.uuid, {"active": (bool(user.active), active)})


@uses_store
def disable_account(store: Store, username: str) -> None:
    set_active(store, username, False)
