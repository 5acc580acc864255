"""The main window: navigation on the left, one page at a time on the right, status at the bottom.

It only assembles pages (each lives in its own module and is built the first time it is shown),
owns the task manager that runs every page's long work (closing the window stops and waits for
it), locks itself when idle, and remembers where it was on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carepoint.audit import last_change
from carepoint.change_areas import EVERYTHING, Changed
from carepoint.i18n import N_, _
from carepoint.session import Session

from ui.context import AppContext
from ui.help_viewer import install_help
from ui.idle_lock import IdleLock, LockScreen, lock_minutes
from ui.tasks import TaskManager

GEOMETRY_SETTING = "window_geometry"
DEFAULT_SIZE = (1280, 720)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # msgid, translated when shown
    build: Callable[[AppContext], QWidget]


def _home(context: AppContext) -> QWidget:
    from ui.home_page import HomePage

    return HomePage(context)


def _register(context: AppContext) -> QWidget:
    from ui.register.page import RegisterPage

    return RegisterPage(context)


def _visits(context: AppContext) -> QWidget:
    from ui.visits.page import VisitsPage

    return VisitsPage(context)


def _meals(context: AppContext) -> QWidget:
    from ui.meals.page import MealsPage

    return MealsPage(context)


def _timebank(context: AppContext) -> QWidget:
    from ui.timebank.page import TimebankPage

    return TimebankPage(context)


def _subsidies(context: AppContext) -> QWidget:
    from ui.subsidies.page import SubsidiesPage

    return SubsidiesPage(context)


def _ledgers(context: AppContext) -> QWidget:
    from ui.ledgers.page import LedgersPage

    return LedgersPage(context)


def _reports(context: AppContext) -> QWidget:
    from ui.reports.page import ReportsPage

    return ReportsPage(context)


def _settings(context: AppContext) -> QWidget:
    from ui.settings_page import SettingsPage

    return SettingsPage(context)


def _exchange(context: AppContext) -> QWidget:
    from ui.exchange.page import ExchangePage

    return ExchangePage(context)


def _township_overview(context: AppContext) -> QWidget:
    from ui.township.overview_page import OverviewPage

    return OverviewPage(context)


def _township_import(context: AppContext) -> QWidget:
    from ui.township.import_page import TownshipImportPage

    return TownshipImportPage(context)


def _township_flags(context: AppContext) -> QWidget:
    from ui.township.flags_page import FlagsPage

    return FlagsPage(context)


def _township_conflicts(context: AppContext) -> QWidget:
    from ui.township.conflicts_page import ConflictsPage

    return ConflictsPage(context)


def _county_overview(context: AppContext) -> QWidget:
    from ui.county.overview_page import CountyOverviewPage

    return CountyOverviewPage(context)


def available_pages(role: str = "village") -> list[PageSpec]:
    """The pages in navigation order; each module is imported when its page is first shown.
    A township office keeps no register of its own: it sees its villages' data instead."""
    if role == "county":  # it reads what its townships forward, and prints per township
        return [
            PageSpec("overview", N_("Townships side by side"), _county_overview),
            PageSpec("reports", N_("Print forms"), _reports),
            PageSpec("settings", N_("Settings"), _settings),
        ]
    if role == "township":
        return [
            PageSpec("overview", N_("Villages side by side"), _township_overview),
            PageSpec("import", N_("Import packages"), _township_import),
            PageSpec("flags", N_("Checks"), _township_flags),
            PageSpec("conflicts", N_("Conflicts"), _township_conflicts),
            PageSpec("reports", N_("Print forms"), _reports),
            PageSpec("settings", N_("Settings"), _settings),
        ]
    return [
        PageSpec("home", N_("Home"), _home),
        PageSpec("register", N_("Resident register"), _register),
        PageSpec("visits", N_("Visits"), _visits),
        PageSpec("meals", N_("Meals"), _meals),
        PageSpec("timebank", N_("Time bank"), _timebank),
        PageSpec("subsidies", N_("Subsidies"), _subsidies),
        PageSpec("ledgers", N_("Ledgers"), _ledgers),
        PageSpec("reports", N_("Print forms"), _reports),
        PageSpec("exchange", N_("Data exchange"), _exchange),
        PageSpec("settings", N_("Settings"), _settings),
    ]


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        demo: bool = False,
        idle_interval_ms: int | None = None,
        pages: list[PageSpec] | None = None,
    ):
        super().__init__()
        self.context = context
        self.tasks = context.tasks = TaskManager(self)
        self.demo = demo
        role = context.store.setting("role", "village")
        self.pages = pages if pages is not None else available_pages(role)
        self.built: dict[int, QWidget] = {}
        self.lock_screen: LockScreen | None = None
        self.hidden_while_locked: list[QWidget] = []

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for number, spec in enumerate(self.pages, start=1):
            self.navigation.addItem(_(spec.title))
            if number <= 9:
                self.navigation.item(number - 1).setToolTip(f"Ctrl+{number}")
            self.stack.addWidget(QWidget())  # replaced by the page when first shown
        # Wide enough for the longest title (English ones are longer than Chinese).
        self.navigation.ensurePolished()
        widest = max(self.navigation.sizeHintForColumn(0), 96)
        self.navigation.setFixedWidth(widest + 2 * self.navigation.frameWidth() + 8)
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.workspace = workspace
        self.cover = QStackedWidget()
        self.cover.addWidget(workspace)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if demo:
            banner = QLabel(
                _("Demo village: made-up people in a temporary folder, deleted on exit.")
            )
            banner.setObjectName("demoBanner")
            column.addWidget(banner)
        column.addWidget(self.cover, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._install_shortcuts()

        self.idle_lock = IdleLock(lock_minutes(context.store), self, interval_ms=idle_interval_ms)
        self.idle_lock.idle.connect(self.lock)
        context.changes.follow(self, Changed.SETTINGS, self._settings_changed)
        # What this window has shown; another desk's (or the command line's) change moves it.
        # Its own changes move it too, and are caught up with once more at the next page: the
        # mark cannot tell them from another desk's made at the same moment.
        self.seen_change = last_change(context.store)
        self.navigation.currentRowChanged.connect(self.show_page)

        self._show_session()
        self.restore_geometry()
        self.navigation.setCurrentRow(0)

    def _build_status_bar(self) -> None:
        self.place_label = QLabel()
        self.user_label = QLabel()
        lock_button = QPushButton(_("Lock"))
        lock_button.setFlat(True)
        lock_button.setToolTip(_("Lock the window now (Ctrl+L)"))
        lock_button.clicked.connect(self.lock)
        self.statusBar().addWidget(self.place_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(lock_button)

    def _install_shortcuts(self) -> None:
        for number in range(1, min(len(self.pages), 10) + 1):  # Ctrl+0 is the tenth
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number % 10}"), self)
            shortcut.activated.connect(lambda index=number - 1: self.show_page(index))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock)
        install_help(self)

    # other desks

    def catch_up(self) -> None:
        """Refresh every view when someone else changed the data since this window last looked:
        another clerk on the office database, or the command line on this PC. Checked when a
        page is shown and when the window comes back to the front."""
        mark = last_change(self.context.store)
        if mark != self.seen_change:
            self.seen_change = mark
            self.context.changes.announce(EVERYTHING)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            if not self.locked:
                self.catch_up()
        super().changeEvent(event)

    # pages

    def show_page(self, index: int) -> None:
        if self.locked or not 0 <= index < len(self.pages):
            return
        self.catch_up()
        if index not in self.built:
            page = self.pages[index].build(self.context)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[index] = page
        self.stack.setCurrentIndex(index)
        if self.navigation.currentRow() != index:
            self.navigation.setCurrentRow(index)

    def page(self, key: str) -> QWidget | None:
        """The page with this key, built if needed (tests and screenshots use it)."""
        for index, spec in enumerate(self.pages):
            if spec.key == key:
                self.show_page(index)
                return self.built.get(index)
        return None

    def current_page_key(self) -> str:
        return self.pages[self.stack.currentIndex()].key

    def _rebuild_pages(self) -> None:
        """After another user signs in, every page is built again for their role."""
        current = self.stack.currentIndex()
        for index, page in list(self.built.items()):
            placeholder = QWidget()
            self.stack.insertWidget(index, placeholder)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.built.clear()
        self.show_page(max(current, 0))

    # session and lock

    def _show_session(self) -> None:
        store, session = self.context.store, self.context.session
        name = store.setting("care_point_name") or store.setting("village_name")
        title = _("CarePoint — {name}").format(name=name)
        self.setWindowTitle(_("{title} (demo)").format(title=title) if self.demo else title)
        self.place_label.setText(name)
        self.user_label.setText(
            _("Signed in: {username} ({role})").format(
                username=session.username, role=session.role_label
            )
        )

    @property
    def locked(self) -> bool:
        return self.lock_screen is not None

    def _own_open_windows(self) -> list[QWidget]:
        """Dialogs of this window that are on screen (an editor left open shows personal data)."""
        found = []
        for widget in QApplication.topLevelWidgets():
            parent = widget.parentWidget()
            while parent is not None and parent is not self:
                parent = parent.parentWidget()
            if parent is self and widget.isVisible():
                found.append(widget)
        return found

    def lock(self) -> None:
        if self.locked:
            return
        self.idle_lock.pause()
        self.hidden_while_locked = self._own_open_windows()
        for widget in self.hidden_while_locked:
            widget.hide()
        idle = self.idle_lock.minutes if self.idle_lock.timed_out else None
        self.lock_screen = LockScreen(
            self.context.store, self.context.session.username, idle_minutes=idle
        )
        self.lock_screen.signed_in.connect(self.unlock)
        self.cover.addWidget(self.lock_screen)
        self.cover.setCurrentWidget(self.lock_screen)
        self.lock_screen.setFocus()

    def unlock(self, session: Session) -> None:
        if not self.locked:
            return
        same_user = session == self.context.session
        for widget in self.hidden_while_locked:
            # The same person finds their work as they left it; another never sees it.
            if same_user:
                widget.show()
            else:
                widget.close()
        self.hidden_while_locked = []
        if not same_user:
            self.context.session = session
            self.context.store.actor = session.username
            self._show_session()
            self._rebuild_pages()
        self.cover.setCurrentWidget(self.workspace)
        self.cover.removeWidget(self.lock_screen)
        self.lock_screen.deleteLater()
        self.lock_screen = None
        self.idle_lock.resume()
        self.catch_up()

    def _settings_changed(self, _changed: Changed) -> None:
        self.idle_lock.set_minutes(lock_minutes(self.context.store))

    # geometry

    def restore_geometry(self) -> bool:
        saved = self.context.store.setting(GEOMETRY_SETTING)
        if saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            return True
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = DEFAULT_SIZE
        if screen:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)
        return False

    def save_geometry(self) -> None:
        encoded = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.context.store.set_setting(GEOMETRY_SETTING, encoded)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_geometry()
        self.idle_lock.stop()
        self.tasks.close()
        super().closeEvent(event)


__all__ = ["MainWindow", "PageSpec", "available_pages"]
