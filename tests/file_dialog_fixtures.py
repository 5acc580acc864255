"""File dialogs in GUI tests, answered as a cadre answers them: the real dialog opens (the
shared Chinese one of ui/widgets/file_dialogs), the path is typed into its name field and Enter
pressed; with no path given, Enter takes what the dialog suggested."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit


class _Picker(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []  # paths (or None: keep the suggestion), oldest first
        self.seen: list[dict] = []  # each dialog answered: its title, suggestion and proxy model
        self.dialogs: list[tuple[QFileDialog, object]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.answer)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if self.pending and event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog):
            if all(watched is not d for d, _p in self.dialogs):
                self.dialogs.append((watched, self.pending.pop(0)))
                self.timer.start()
        return False

    def answer(self) -> None:
        self.timer.stop()
        dialogs, self.dialogs = self.dialogs, []
        for dialog, path in dialogs:
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            self.seen.append({
                "title": dialog.windowTitle(),
                "suggested": name.text(),
                "native": not dialog.testOption(QFileDialog.Option.DontUseNativeDialog),
                "proxy": type(dialog.proxyModel()).__name__ if dialog.proxyModel() else "",
            })  # fmt: skip
            if path is not None:
                name.setText(str(path))
            QTest.keyClick(name, Qt.Key.Key_Return)


@pytest.fixture
def pick_in_file_dialog():
    """`pick_in_file_dialog(path)` answers the next file dialog with `path` (None: Enter on the
    suggested name); returns what each answered dialog looked like."""
    picker = _Picker()
    QApplication.instance().installEventFilter(picker)

    def arm(path=None) -> list[dict]:
        picker.pending.append(path)
        return picker.seen

    yield arm
    QApplication.instance().removeEventFilter(picker)
