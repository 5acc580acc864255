"""Which store's database a query runs on: the store it was given, never a process-wide one.

Every core function that takes a `store` is wrapped by `uses_store`, which binds the models to
that store's database for the length of the call (a context variable, so threads and nested
calls each see their own). A query outside any such call has no database and fails loudly.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from peewee import DatabaseProxy

_bound: contextvars.ContextVar[Any] = contextvars.ContextVar("carepoint_database", default=None)
_touched = threading.local()

F = TypeVar("F", bound=Callable[..., Any])


class NoStoreBound(RuntimeError):
    pass


class BoundDatabase(DatabaseProxy):
    """What the models name as their database: the one bound in the current context."""

    __slots__ = ()

    def __init__(self) -> None:
        object.__setattr__(self, "_callbacks", [])

    @property
    def obj(self) -> Any:
        db = _bound.get()
        if db is None:
            raise NoStoreBound("a query ran outside any store; pass the store it belongs to")
        return db

    def initialize(self, obj: Any) -> None:
        raise TypeError("the models' database is bound per store (carepoint.binding), not set")


@contextmanager
def bound(db: Any) -> Iterator[None]:
    """Run the block with the models bound to `db`."""
    dbs = getattr(_touched, "dbs", None)
    if dbs is None:
        dbs = _touched.dbs = []
    if not any(known is db for known in dbs):
        dbs.append(db)
    token = _bound.set(db)
    try:
        yield
    finally:
        _bound.reset(token)


def bind_here(db: Any) -> None:
    """Bind `db` for the rest of this thread's context: a window's GUI thread works on the one
    store it shows (workers it starts copy the binding with the rest of the context)."""
    _bound.set(db)


@contextmanager
def unbound() -> Iterator[None]:
    """A block that starts with no store bound, and leaves none behind (each test runs in one)."""
    token = _bound.set(None)
    try:
        yield
    finally:
        _bound.reset(token)


def current() -> Any:
    return _bound.get()


def close_thread_connections() -> None:
    """Close every connection this thread opened through a binding (a worker ends with its job)."""
    dbs = [*(getattr(_touched, "dbs", None) or ()), _bound.get()]
    for db in dbs:
        if db is not None and not db.is_closed():
            db.close()
    _touched.dbs = []


def uses_store(fn: F) -> F:
    """Bind the models to the database of the call's `store` argument while `fn` runs."""
    params = list(inspect.signature(fn).parameters)
    position = params.index("store") if "store" in params else None

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        store = kwargs.get("store")
        if store is None and position is not None and position < len(args):
            store = args[position]
        db = getattr(store, "db", None)
        if db is None or _bound.get() is db:
            return fn(*args, **kwargs)
        with bound(db):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
