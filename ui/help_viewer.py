"""F1: the user guide inside the app, offline, opened at the section about the page in front
of the cadre. The guide is docs/guide/README.md, shipped in the package with its pictures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from carepoint.assets import resource_path
from carepoint.i18n import _

SOURCE_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "README.md"
# The heading each page's help opens at (the guide is written in Chinese).
SECTIONS = {
    "home": "第一个月",
    "register": "老人花名册",
    "meals": "助餐签到",
    "visits": "探访关爱",
    "ledgers": "台账",
    "timebank": "三、日常工作",
    "subsidies": "四、每个月要做的事",
    "reports": "四、每个月要做的事",
    "exchange": "四、每个月要做的事",
    "settings": "五、备份和恢复",
}
HELP_SIZE = (900, 640)  # fits a 1366×768 screen with its task bar


def guide_path() -> Path:
    """The guide shipped in the package, or the source tree's when running from a checkout."""
    shipped = resource_path("guide", "README.md")
    return shipped if shipped.exists() else SOURCE_GUIDE


class HelpViewer(QDialog):
    def __init__(self, section: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # offline: links elsewhere are not followed
        path = guide_path()
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setSearchPaths([str(path.parent)])
        if path.exists():
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        else:
            self.browser.setPlainText(_("The user guide is missing from this installation."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(*HELP_SIZE)
        self.section = section
        self._heading = None
        self.found = self.go_to(section) if section else False

    def go_to(self, heading: str) -> bool:
        """Scroll so the first heading holding `heading` is at the top; False if none is."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        while True:
            cursor = document.find(heading, cursor, QTextDocument.FindFlag.FindCaseSensitively)
            if cursor.isNull():
                return False
            if cursor.block().blockFormat().headingLevel() > 0:
                break
        self.browser.setTextCursor(cursor)
        self._heading = cursor.block()
        if self.isVisible():
            self._scroll_to_heading()
        return True

    def _scroll_to_heading(self) -> None:
        # Only once the text is laid out at the window's width does the heading have its place.
        if self._heading is None:
            return
        layout = self.browser.document().documentLayout()
        top = layout.blockBoundingRect(self._heading).top()
        self.browser.verticalScrollBar().setValue(int(top))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._scroll_to_heading()


def open_help(window: QWidget) -> HelpViewer:
    key = window.current_page_key() if hasattr(window, "current_page_key") else ""
    viewer = HelpViewer(SECTIONS.get(key, ""), window)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    window.help_viewer = viewer  # tests look at the open one
    return viewer


def install_help(window: QWidget) -> QShortcut:
    """F1 anywhere in the app (a dialog too) opens the guide at the current page's section."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(lambda: open_help(window))
    return shortcut
