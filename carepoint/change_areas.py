"""What a mutation changed, as a typed set of areas the views follow.

An operation's result says which parts of the data it changed (`Changed.VISITS |
Changed.RESIDENTS`); the UI refreshes only the views that follow one of them. A core mutation
declares what it changes with `@changes(...)`: run inside `recording`, every declared mutation
that completes adds its areas to the operation's set (however deeply it is called). A call may
also return an `Outcome`; the caller may name more areas it touches.
"""

from __future__ import annotations

import contextvars
import enum
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar


class Changed(enum.Flag):
    NOTHING = 0
    RESIDENTS = enum.auto()
    VISITS = enum.auto()
    MEALS = enum.auto()
    TIMEBANK = enum.auto()
    SUBSIDIES = enum.auto()
    LEDGERS = enum.auto()
    RULES = enum.auto()
    SETTINGS = enum.auto()
    EXCHANGE = enum.auto()
    ACCOUNTS = enum.auto()

    @classmethod
    def of(cls, areas: Changed | str | Iterable[str | Changed] | None) -> Changed:
        """The set named by a flag, an area's name ("visits") or any collection of them."""
        if areas is None:
            return cls.NOTHING
        if isinstance(areas, cls):
            return areas
        if isinstance(areas, str):
            return cls[areas.upper()]
        found = cls.NOTHING
        for area in areas:
            found |= cls.of(area)
        return found

    def __contains__(self, other: object) -> bool:
        # "exchange" in changed: views that name an area by its word read the same set.
        if isinstance(other, str):
            return self.of(other) in self
        return super().__contains__(other)


# Someone else changed the data (another desk, the command line): every view reloads.
EVERYTHING = ~Changed.NOTHING


@dataclass(frozen=True)
class Outcome:
    """A core result with what the call changed (the runner hands `value` to the caller)."""

    value: Any
    changed: Changed


def split(result: Any) -> tuple[Any, Changed]:
    """A call's result and the areas it says it changed (nothing when it does not say)."""
    if isinstance(result, Outcome):
        return result.value, result.changed
    if isinstance(result, Changed):
        return result, result
    return result, Changed.NOTHING


_RECORDED: contextvars.ContextVar[list[Changed] | None] = contextvars.ContextVar(
    "changed_areas", default=None
)
F = TypeVar("F", bound=Callable[..., Any])


def changes(areas: Changed) -> Callable[[F], F]:
    """Declare what a core mutation changes; an operation being recorded hears of it."""

    def declare(fn: F) -> F:
        @functools.wraps(fn)
        def mutation(*args: Any, **kwargs: Any) -> Any:
            result = fn(*args, **kwargs)
            recorded = _RECORDED.get()
            if recorded is not None:
                recorded.append(areas)
            return result

        mutation.changes = areas  # type: ignore[attr-defined]
        return mutation  # type: ignore[return-value]

    return declare


def recording(call: Callable[[], Any]) -> tuple[Any, Changed]:
    """Run `call`; its result and every area the declared mutations it made changed."""
    token = _RECORDED.set([])
    try:
        result = call()
        found = Changed.NOTHING
        for areas in _RECORDED.get() or ():
            found |= areas
        return result, found
    finally:
        _RECORDED.reset(token)
