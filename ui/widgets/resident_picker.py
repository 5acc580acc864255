"""Find a resident by name, pinyin or initials as you type ("zs" → 张三), with the keyboard only:
type, Down/Up to choose, Enter to take. The search runs in the core (register covering index)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from carepoint import clock
from carepoint.db import Store
from carepoint.i18n import _
from carepoint.residents import RegisterFilter, resident_ids, rows_by_ids

MATCHES = 8
SEARCH_DELAY_MS = 40


class ResidentPicker(QWidget):
    """A search box with a short list of matching residents below it."""

    chosen = Signal(int)  # resident id
    escaped = Signal()

    def __init__(self, store: Store, placeholder: str = "", parent=None):
        super().__init__(parent)
        self._store = store
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(placeholder or _("Name, pinyin or initials"))
        self.search_box.setClearButtonEnabled(True)
        self.matches = QListWidget(self)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.matches.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search_box)
        layout.addWidget(self.matches)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.search_box.installEventFilter(self)
        self.matches.itemActivated.connect(self._take)
        self.matches.itemClicked.connect(self._take)

    def search_now(self) -> None:
        self._timer.stop()
        text = self.search_box.text().strip()
        self.matches.clear()
        if not text:
            self.matches.hide()
            return
        today = clock.today()
        ids = resident_ids(self._store, RegisterFilter(status="active", search=text), today)[
            :MATCHES
        ]
        for row in rows_by_ids(self._store, ids, today):
            label = _("{name}  {group}  {age} years").format(
                name=row.name, group=row.group_name, age=row.age
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)
            self.matches.show()
        else:
            self.matches.addItem(_("No resident found"))
            self.matches.show()

    def current_resident(self) -> int | None:
        if self._timer.isActive():
            self.search_now()
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def clear(self) -> None:
        self.search_box.clear()
        self.matches.clear()
        self.matches.hide()

    def _take(self, item: QListWidgetItem) -> None:
        resident_id = item.data(Qt.ItemDataRole.UserRole)
        if resident_id is not None:
            self.chosen.emit(resident_id)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.matches.currentRow() + step, 0), self.matches.count() - 1)
                self.matches.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                resident_id = self.current_resident()
                if resident_id is not None:
                    self.chosen.emit(resident_id)
                return True
            if key == Qt.Key.Key_Escape:
                self.escaped.emit()
                return True
        return super().eventFilter(watched, event)
