"""What a mutation changed, as a typed set of areas the views follow.

An operation's result says which parts of the data it changed (`Changed.VISITS |
Changed.RESIDENTS`); the UI refreshes only the views that follow one of them. A core call may
return an `Outcome` to say so itself; otherwise the caller names what it touches.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


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
