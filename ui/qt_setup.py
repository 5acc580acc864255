"""Application-wide Qt set-up: the shipped CJK font, Qt's own translations, the style."""

from __future__ import annotations

import gc

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from carepoint.assets import FONT_FAMILY, cjk_font_path

BASE_POINT_SIZE = 10.5
# Calm colours, large click targets: the users are cadres on old office PCs, not developers.
STYLE_SHEET = """
QListWidget#navigation { background: #f3f6f9; border: none; border-right: 1px solid #d5dde5;
    font-size: 12pt; padding-top: 8px; outline: 0; }
QListWidget#navigation::item { padding: 10px 18px; }
QListWidget#navigation::item:selected { background: #2f6fa8; color: white; }
QLabel#error { color: #b3261e; }
QLabel#pageTitle { font-size: 15pt; font-weight: bold; }
QLabel#demoBanner { background: #fff4ce; color: #5c4400; padding: 4px 12px; }
QFrame#card { background: white; border: 1px solid #d5dde5; border-radius: 6px; }
QLabel#bigNumber { font-size: 20pt; font-weight: bold; color: #2f6fa8; }
QLabel#cardTitle { color: #55606b; }
"""

_translators: list[QTranslator] = []  # kept alive for as long as the application runs

# Words Qt's own catalogs leave in English: the file dialog's labels carry an accelerator the
# catalog's entries lack, and the file model's kinds are missing from qtbase_zh_CN.
MISSING_QT_WORDS = {
    "zh_CN": {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QFileDialog", "Look in:"): "查找范围：",
        ("QAbstractFileIconProvider", "Drive"): "驱动器",
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
        ("QAbstractFileIconProvider", "File"): "文件",
        ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
        ("QFileSystemModel", "Drive"): "驱动器",
        ("QFileSystemModel", "Date Modified"): "修改日期",
        ("QDialogButtonBox", "Cancel"): "取消",
        ("QDialogButtonBox", "OK"): "确定",
        ("QDialogButtonBox", "&OK"): "确定",
    }
}


class MissingQtWords(QTranslator):
    """qtbase's catalog with its gaps filled. It answers every question itself: an empty
    answer from a Python translator would reach Qt as an empty text (not "not found") and
    blank every button Qt names (上一步, 下一步, 取消 …), so it asks qtbase, and failing that
    gives the English back, as Qt does."""

    def __init__(self, words: dict[tuple[str, str], str], base: QTranslator, parent=None):
        super().__init__(parent)
        self.words, self.base = words, base

    def translate(self, context, source_text, disambiguation=None, n=-1):
        found = self.words.get((context, source_text))
        if found:
            return found
        return self.base.translate(context, source_text, disambiguation, n) or source_text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
_registered_family: list[str | None] = []


def register_font() -> str | None:
    """Register the font we ship and make it the fallback for every widget.

    A PC without CJK fonts (a fresh Windows with English UI, a minimal Linux) would otherwise show
    boxes. Returns the registered family, or None when the file could not be loaded.
    """
    if not _registered_family:
        font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _registered_family.append(families[0] if families else None)
    family = _registered_family[0]
    app = QApplication.instance()
    font = QFont(app.font())
    fallback = [family] if family else []
    if family and family != FONT_FAMILY:
        fallback.append(FONT_FAMILY)
    font.setFamilies([font.family(), *fallback])
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    return family


def install_qt_translations(locale: str) -> bool:
    """Qt's own dialogs and buttons (Next, Cancel, Yes …) in the user's language."""
    app = QApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    QLocale.setDefault(QLocale(locale))
    if locale.startswith("en"):
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{locale}", folder):
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    missing = MISSING_QT_WORDS.get(locale)
    if missing:
        supplement = MissingQtWords(missing, translator, app)
        app.installTranslator(supplement)  # asked first, answers only for the gaps
        _translators.append(supplement)
    return True


def apply_style() -> None:
    app = QApplication.instance()
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)


def prepare_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with font and style; reused when one exists (tests)."""
    app = QApplication.instance() or QApplication(argv or ["carepoint"])
    if app.property("carepoint_prepared"):
        return app  # restyling a running application can crash widgets being deleted
    app.setApplicationName("CarePoint")
    app.setOrganizationName("CarePoint")
    register_font()
    apply_style()
    GuiThreadCollector(app)
    app.setProperty("carepoint_prepared", True)
    return app


_THRESHOLDS = gc.get_threshold()


def collect_now() -> None:
    """One step of Python's cycle collection, generation by generation as its own thresholds
    would have run it, on the calling (GUI) thread."""
    young, middle, old = gc.get_count()
    if young > _THRESHOLDS[0]:
        gc.collect(0)
        if middle > _THRESHOLDS[1]:
            gc.collect(1)
            if old > _THRESHOLDS[2]:
                gc.collect(2)


class GuiThreadCollector(QObject):
    """Python's cycle collector, run on the GUI thread only. Left to itself it runs in whichever
    thread happens to cross its thresholds, a worker's included; collecting a closed window or
    dialog there (a Qt object of the GUI thread) aborts the whole process, which the automatic
    backup's worker did now and then. Automatic collection is turned off and this timer runs it
    on the GUI thread instead, with the same thresholds."""

    def __init__(self, app: QApplication, interval_ms: int = 250):
        super().__init__(app)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(collect_now)
        self.timer.start()
