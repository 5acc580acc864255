"""Home-page figures that refresh when seen: a view counted on a worker is marked stale when an
area it follows changes and counted again at once when on screen, else the next time it is
shown (counting takes up to a second at county scale; hidden views should not pay for it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from carepoint.change_areas import Changed

from ui.context import AppContext
from ui.home_loader import FigureLoader


class RefreshWhenSeen(QObject):
    """Calls `refresh()` when `widget` is shown after a change to one of `areas`, or at once
    when the change comes while it is on screen."""

    def __init__(
        self, widget: QWidget, context: AppContext, areas: Changed, refresh: Callable[[], None]
    ):
        super().__init__(widget)
        self.widget, self.refresh = widget, refresh
        self.stale = True
        widget.installEventFilter(self)
        context.changes.follow(self, areas, self._changed)

    def fire(self) -> None:
        self.stale = False
        self.refresh()

    def _changed(self, _changed: Changed) -> None:
        self.stale = True
        if self.widget.isVisible():
            self.fire()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and self.stale:
            self.fire()
        return False


class FigureCard(QFrame):
    """A card: a caption, one big number and a few lines under it, counted by `count()` on a
    worker and painted by the subclass's `show_figures(result)`."""

    def __init__(
        self,
        context: AppContext,
        caption: str,
        follows: Changed,
        count: Callable[[], Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("card")
        self.context = context
        self.loader = FigureLoader(self, context, count, self.show_figures)
        title = QLabel(caption, self)
        title.setObjectName("cardTitle")
        self.number = QLabel("–", self)
        self.number.setObjectName("bigNumber")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(title)
        layout.addWidget(self.number)
        layout.addWidget(self.details)
        self.seen = RefreshWhenSeen(self, context, follows, self.refresh)
        self.refresh()

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        self.seen.stale = False
        self.loader.request()  # counted on a worker; the placeholder stays until then

    def show_figures(self, result: Any) -> None:
        raise NotImplementedError
