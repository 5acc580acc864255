"""What an empty list says: what the page is for and the first thing to do, with the button
that does it, laid over the list's empty area until the list has rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class EmptyState(QWidget):
    """A title, a sentence and a few buttons, centred over `view` while it has no rows (or
    while `is_empty` says so, for a view without a model; call update_shown when it changes).

    `when` (optional) says whether the page is truly empty rather than filtered to nothing; a
    filtered list shows `filtered_words` instead, without the buttons."""

    def __init__(
        self,
        view: QAbstractScrollArea,
        title: str,
        words: str,
        actions: list[tuple[str, Callable[[], None]]] = (),
        *,
        when: Callable[[], bool] | None = None,
        filtered_words: str = "",
        is_empty: Callable[[], bool] | None = None,
    ):
        super().__init__(view.viewport())
        self.view, self.when, self.is_empty = view, when, is_empty
        self.words_text, self.filtered_words = words, filtered_words
        self.setObjectName("emptyState")
        self.title = QLabel(title, self)
        self.title.setObjectName("pageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words = QLabel(words, self)
        self.words.setWordWrap(True)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addStretch(1)
        for text, act in actions:
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, act=act: act())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.words)
        column.addSpacing(8)
        column.addLayout(row)
        column.addStretch(2)
        view.viewport().installEventFilter(self)
        if is_empty is None:
            self._watch(view.model())
        self.update_shown()

    def _watch(self, model) -> None:
        if model is None:
            return
        changed = (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged)
        for signal in changed:
            signal.connect(self.update_shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def update_shown(self, *_args) -> None:
        if self.is_empty is not None:
            try:
                empty = self.is_empty()
            except RuntimeError:  # what it looks at is being deleted with its page
                return
        else:
            model = self.view.model()
            empty = model is None or model.rowCount() == 0
        truly_empty = self.when() if self.when else True
        for button in self.buttons:
            button.setVisible(truly_empty)
        self.title.setVisible(truly_empty)
        self.words.setText(self.words_text if truly_empty else self.filtered_words)
        shown = empty and (truly_empty or bool(self.filtered_words))
        self.setGeometry(self.view.viewport().rect())
        self.setVisible(shown)
