"""What every window and page is given: the open data, who is signed in, and change signals."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from carepoint.binding import bind_here
from carepoint.db import Store
from carepoint.session import Session


class Changes(QObject):
    """Views refresh only what a mutation says it touched (the set of areas, e.g. {"residents"})."""

    changed = Signal(object)


@dataclass
class AppContext:
    store: Store
    session: Session
    changes: Changes = field(default_factory=Changes)

    def __post_init__(self) -> None:
        # The window's thread reads this store; workers copy that binding (ui.ops.Worker).
        bind_here(self.store.db)
