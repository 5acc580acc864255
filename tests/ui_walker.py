"""Walk every page of the main window and every dialog its buttons open, as a curious cadre
would, and note what a cadre on a 1366×768 screen in Chinese could not read.

Dialogs are caught while their button's click is still running (a modal dialog runs its own
event loop), looked at, their own buttons walked one level further, then closed unanswered, so
the walk changes as little as a user who presses 取消 everywhere.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 728  # 768 less a task bar
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
# Words a Chinese user meets as they are: the product's name, file types, keys, units.
ALLOWED_WORDS = {
    "carepoint", "pdf", "id", "xlsx", "xls", "csv", "usb", "ctrl", "esc", "tab", "excel", "wps",
    "cpkg", "zip", "kb", "mb", "gb", "tb", "pm", "am", "qr", "shift", "alt", "enter",
    "admin", "tester",  # account names in the walked village's records
    "english",  # the language list names each language in itself
    "delete", "del", "json", "sqlite",  # keys and file types, as printed on them
    "mmol", "mmhg",  # units of measurement
}
# Buttons that would end the walk itself rather than open something to look at.
SKIPPED_BUTTONS = {"锁定", "退出", "注销", "Lock", "Sign out", "Quit"}
MAX_DEPTH = 2
TABLE_ROWS = 25


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text).replace("&", "")


@dataclass
class Walk:
    """What was visited and what was flagged; `language` and `fit` choose the checks."""

    language: bool = True
    fit: bool = True
    visited: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    seen_windows: set[int] = field(default_factory=set)

    # looking

    def look(self, window: QWidget, where: str) -> None:
        self.visited.append(where)
        if self.fit and window.isWindow():
            self._check_window_size(window, where)
        widgets = [window, *window.findChildren(QWidget)]
        for widget in widgets:
            if not widget.isVisibleTo(window) and widget is not window:
                continue
            if (
                self.language
                and isinstance(widget, QPushButton)
                and not widget.text()
                and widget.icon().isNull()
            ):
                self.flags.append(f"{where}: a button without words")
            for kind, text, elided in self._texts(widget):
                if self.language:
                    self._check_words(where, kind, text)
                if self.fit and elided:
                    self.flags.append(f"{where}: {kind} cut: {text!r}")

    def _check_window_size(self, window: QWidget, where: str) -> None:
        wanted = window.size().expandedTo(window.minimumSizeHint())
        if wanted.width() > SCREEN_WIDTH or wanted.height() > SCREEN_HEIGHT:
            self.flags.append(
                f"{where}: window {wanted.width()}×{wanted.height()} larger than "
                f"{SCREEN_WIDTH}×{SCREEN_HEIGHT}"
            )

    def _check_words(self, where: str, kind: str, text: str) -> None:
        if text.startswith(("/", "~")) or re.match(r"[A-Za-z]:\\", text):
            return  # a folder's path is the disk's, not a word to translate
        words = [w for w in LATIN_WORD.findall(text) if w.lower() not in ALLOWED_WORDS]
        if words:
            self.flags.append(f"{where}: {kind} in English: {text!r}")

    def _texts(self, widget: QWidget):
        """(kind, text, elided) for what this widget shows itself."""
        fm = widget.fontMetrics()
        if widget.isWindow() and widget.windowTitle():
            yield "title", widget.windowTitle(), False
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            text = _plain(widget.text())
            widest = max((fm.horizontalAdvance(line) for line in text.splitlines()), default=0)
            cut = (
                not widget.wordWrap()
                and "<" not in widget.text()
                and widget.width() > 0
                and widest > widget.contentsRect().width() + 1
            )
            yield "label", text, cut
        elif isinstance(widget, QAbstractButton) and widget.text():
            text = _plain(widget.text())
            room = widget.width() - 6
            if widget.icon() and not widget.icon().isNull():
                room -= widget.iconSize().width()
            yield "button", text, widget.width() > 0 and fm.horizontalAdvance(text) > room
        elif isinstance(widget, QMenu):
            for action in widget.actions():
                if action.text():
                    yield "menu", _plain(action.text()), False
        elif isinstance(widget, QGroupBox) and widget.title():
            yield "group", _plain(widget.title()), False
        elif isinstance(widget, QLineEdit):
            if widget.placeholderText():
                yield "hint", widget.placeholderText(), False
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield "choice", widget.itemText(i), False
            text = widget.currentText()
            yield "choice", text, bool(text) and fm.horizontalAdvance(text) > widget.width() - 28
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                text = _plain(widget.tabText(i))
                cut = fm.horizontalAdvance(text) > widget.tabRect(i).width() - 8
                yield "tab", text, cut
        elif isinstance(widget, QHeaderView):
            yield from self._header_texts(widget)
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            yield from self._cell_texts(widget)

    def _header_texts(self, header: QHeaderView):
        model = header.model()
        if model is None or header.orientation().name != "Horizontal":
            return
        fm = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, header.orientation()) or "")
            if not text:
                continue
            widest = max(fm.horizontalAdvance(line) for line in text.splitlines())
            # Qt sizes a section to its text plus 2 px each side; any less and it elides.
            yield "header", text, widest + 4 > header.sectionSize(section)

    def _cell_texts(self, view: QAbstractItemView):
        model = view.model()
        if model is None:
            return
        # A file dialog's first column (and its side bar) are the disk's own names; its size,
        # kind and date columns are ours to write.
        first = 1 if isinstance(view.window(), QFileDialog) else 0
        fm = view.fontMetrics()
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model
            columns = 1
        for row in range(min(model.rowCount(QModelIndex()), TABLE_ROWS)):
            for column in range(first, columns):
                index = model.index(row, column)
                text = index.data()
                if not isinstance(text, str) or not text:
                    continue
                rect = view.visualRect(index)
                # the delegate keeps 3 px each side of a cell's text
                cut = rect.width() > 0 and fm.horizontalAdvance(text) + 6 > rect.width()
                yield "cell", text, cut and self._shows_whole_rows(view)

    @staticmethod
    def _shows_whole_rows(view: QAbstractItemView) -> bool:
        # A list that wraps (word-wrapped table) shows long text on several lines, not cut.
        return not getattr(view, "wordWrap", lambda: False)() or not hasattr(view, "rowHeight")

    # walking

    def walk_widget(self, widget: QWidget, where: str, depth: int) -> None:
        """Look at `widget`, each tab of its tab widgets, and what its buttons open."""
        self.look(widget.window() if widget.isWindow() else widget, where)
        for tabs in widget.findChildren(QTabWidget):
            if not tabs.isVisibleTo(widget.window()):
                continue
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                _settle()
                self.look(tabs.widget(i), f"{where} › {tabs.tabText(i)}")
            tabs.setCurrentIndex(0)
        if depth >= MAX_DEPTH:
            return
        for button in self._buttons(widget):
            self.click(button, where, depth)
            if not widget.isVisible():
                return  # a button closed it

    def _buttons(self, widget: QWidget) -> list[QAbstractButton]:
        found = []
        for button in widget.findChildren(QAbstractButton):
            if isinstance(button.parent(), (QDialogButtonBox, QTabBar)):
                continue  # the answer buttons only close their dialog
            if not (button.isVisible() and button.isEnabled()) or button.isCheckable():
                continue
            if _plain(button.text()).strip() in SKIPPED_BUTTONS or not button.text():
                continue
            found.append(button)
        return found

    def click(self, button: QAbstractButton, where: str, depth: int) -> None:
        # The widgets themselves, not their id(): a wrapper freed meanwhile gives its id to the
        # next dialog, which would then go unvisited and its exec() wait forever.
        before = _shown_windows()
        label = _plain(button.text()).strip()
        if os.environ.get("WALK_TRACE"):
            print("click", where, label, flush=True)
        handled: list[QWidget] = []

        def catch() -> None:
            modal = QApplication.activePopupWidget() or QApplication.activeModalWidget()
            if modal is None or _among(modal, handled) or _among(modal, before):
                return
            handled.append(modal)
            timer.stop()
            self._visit_dialog(modal, f"{where} › {label}", depth + 1)

        timer = QTimer()
        timer.setInterval(30)
        timer.timeout.connect(catch)
        timer.start()
        button.click()
        _settle()
        timer.stop()
        for window in _shown_windows():
            if not _among(window, before) and not _among(window, handled):
                self._visit_dialog(window, f"{where} › {label}", depth + 1)

    def _visit_dialog(self, dialog: QWidget, where: str, depth: int) -> None:
        _settle()
        if isinstance(dialog, (QMessageBox, QMenu)):
            self.look(dialog, where)
        else:
            self.walk_widget(dialog, where, depth)
        if isinstance(dialog, QDialog):
            _throwing_changes_away(dialog.reject)
        dialog.close()
        _settle()


def _among(widget: QWidget, widgets: list[QWidget]) -> bool:
    return any(widget is other for other in widgets)


def _shown_windows() -> list[QWidget]:
    """Top-level windows on screen; one an earlier test deleted (deleteLater) is skipped."""
    return [w for w in QApplication.topLevelWidgets() if isValid(w) and w.isVisible()]


def _throwing_changes_away(close: Callable[[], None]) -> None:
    """Close a form; a "discard changes?" question (the walk clicked buttons) is answered yes."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole:
                    button.click()
                    return
            box.reject()

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(answer)
    timer.start()
    close()
    timer.stop()


def _settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def walk_main_window(window, walk: Walk, pages: Callable[[], list] | None = None) -> Walk:
    """Every page of `window` in navigation order, with what its buttons open."""
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    for index, spec in enumerate(window.pages):
        window.show_page(index)
        _settle()
        page = window.stack.currentWidget()
        walk.walk_widget(page, f"page {spec.key}", depth=0)
        window.show_page(index)
        _settle()
    return walk
