"""Locking the window after a while without keyboard or mouse input.

An application-wide event filter restarts a single-shot timer on every input event; when it fires,
`idle` is emitted and the main window covers itself with a `LockScreen` until someone signs in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carepoint.db import Store
from carepoint.i18n import _

from ui.sign_in import SignInForm

DEFAULT_MINUTES = 10
SETTING = "idle_lock_minutes"
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def lock_minutes(store: Store) -> int:
    """The configured minutes (0 means never lock); a damaged value falls back to the default."""
    try:
        return max(0, int(store.setting(SETTING, str(DEFAULT_MINUTES))))
    except ValueError:
        return DEFAULT_MINUTES


class IdleLock(QObject):
    """Emits `idle` after `minutes` without input. `interval_ms` overrides minutes (tests)."""

    idle = Signal()

    def __init__(
        self, minutes: int, parent: QObject | None = None, *, interval_ms: int | None = None
    ):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        self._paused = False
        self.timed_out = False  # the last lock came from the timer, not from a person
        self._interval_override = interval_ms
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        interval = self._interval_override
        if interval is None:
            interval = minutes * 60_000
        self._timer.setInterval(interval)
        self._restart()

    def pause(self) -> None:
        """While the window is locked, nothing more needs to be counted."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self.timed_out = False
        self._restart()

    def stop(self) -> None:
        self.pause()
        QApplication.instance().removeEventFilter(self)

    def _restart(self) -> None:
        if self._paused or (self.minutes <= 0 and self._interval_override is None):
            self._timer.stop()
        else:
            self._timer.start()

    def _timed_out(self) -> None:
        self.pause()
        self.timed_out = True
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not self._paused and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False


def lock_reason(username: str, idle_minutes: int | None) -> str:
    """Why the window is locked, then how to go on: a cadre who pressed 锁定 is not told it
    was idle."""
    if idle_minutes:
        why = _(
            "No one used the window for {n} minutes, so it locked itself to keep the residents' "
            "details from passers-by."
        ).format(n=idle_minutes)
    elif idle_minutes is None:
        why = _("{username} locked the window.").format(username=username)
    else:  # the timer's tests lock after milliseconds
        why = _("The window locked itself after a while without use.")
    then = _("Enter the password of {username} to continue, or sign in as another user.")
    return why + " " + then.format(username=username)


class LockScreen(QWidget):
    """What covers the window while it is locked: the same user's password, or another user."""

    def __init__(
        self, store: Store, username: str, parent=None, *, idle_minutes: int | None = None
    ):
        super().__init__(parent)
        title = QLabel(_("Locked"))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = self.reason = QLabel(lock_reason(username, idle_minutes))
        intro.setWordWrap(True)
        self.form = SignInForm(store, username=username)
        self.signed_in = self.form.signed_in
        panel = QWidget()
        panel.setFixedWidth(480)
        column = QVBoxLayout(panel)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(intro)
        column.addWidget(self.form)
        # Centred by stretches, not by alignment: an aligned item gets its size hint, which
        # for wrapped text is guessed at the wrong width and cuts the text off.
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(panel)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setFocusProxy(self.form)
