"""A rule editor's frame: the area's rules as entered, saved as a new version taking effect on a
chosen day (carepoint.rules.save_version), so a past month keeps the rules of its time.

A subclass lays out its own fields around `effective`, `note`, `error` and the buttons, and says
`content()`; saving checks it with the area's validator in the core and shows what is wrong on
the dialog's error line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from carepoint import rules
from carepoint.change_areas import Changed
from carepoint.errors import UserInputError

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import date_edit


class RuleVersionDialog(QDialog):
    """`add_version_fields` and `add_buttons` make the shared widgets where the subclass's own
    come before or after them: widgets made later come later in the Tab order."""

    def __init__(
        self,
        context: AppContext,
        area: str,
        validate: Callable[[dict], list[str]],
        touches: Changed,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.area, self.validate, self.touches = area, validate, touches

    def add_version_fields(self, effective: dt.date) -> None:
        """The day the version takes effect, its note, and the line that says what is wrong."""
        self.effective = date_edit(effective, self)
        self.note = QLineEdit(self)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)

    def add_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def content(self) -> dict:
        """The rules as entered; a malformed entry raises UserInputError."""
        raise NotImplementedError

    def save(self) -> None:
        try:
            content = self.content()
        except UserInputError as error:
            self.error.setText(error.message)
            return
        store, area, validate = self.context.store, self.area, self.validate
        day, note = self.effective.date().toPython(), self.note.text()
        done, _version = run_op(
            self, self.context,
            lambda: rules.save_version(store, area, day, content, note, validate),
            touches=self.touches, refused=self.error.setText,
        )  # fmt: skip
        if done:
            self.accept()
