"""What every window and page is given: the open data, who is signed in, change signals and the
task manager that runs long work off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, Slot

from carepoint.binding import bind_here
from carepoint.change_areas import Changed
from carepoint.db import Store
from carepoint.session import Session

from ui.tasks import TaskManager


class Changes(QObject):
    """Views refresh only what a mutation says it changed: `changed` carries a `Changed` set."""

    changed = Signal(object)

    def announce(self, areas: Changed | str | set[str]) -> None:
        changed = Changed.of(areas)
        if changed:
            self.changed.emit(changed)

    def follow(self, owner: QObject, areas: Changed, then: Callable[[Changed], None]) -> None:
        """Call `then(changed)` whenever a change touches one of `areas`, while `owner` lives."""
        self.changed.connect(_Follower(owner, areas, then).heard)


class _Follower(QObject):
    """A child of the view that follows: Qt drops the connection when the view is deleted."""

    def __init__(self, owner: QObject, areas: Changed, then: Callable[[Changed], None]):
        super().__init__(owner)
        self.areas, self.then = areas, then

    @Slot(object)
    def heard(self, payload: object) -> None:
        changed = Changed.of(payload)
        if changed & self.areas:
            self.then(changed)


@dataclass
class AppContext:
    store: Store
    session: Session
    changes: Changes = field(default_factory=Changes)
    # The main window puts its own here; a page built alone (a test) gets one of its own.
    tasks: TaskManager = field(default_factory=TaskManager)

    def __post_init__(self) -> None:
        # The window's thread reads this store; workers copy that binding (ui.tasks.Worker).
        bind_here(self.store.db)
