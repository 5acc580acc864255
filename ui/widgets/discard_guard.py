"""Esc, 取消 or the window's close button on a form with changes asks before throwing them away.

A dialog class takes `ConfirmDiscard` before QDialog in its bases; what its fields hold when it
is first shown (filled in, ready to edit) is compared with what they hold when a person closes
it, so no form has to list its own fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from carepoint.i18n import _


def _inside_another_input(widget: QWidget) -> bool:
    # A spin box's or editable combo box's own line edit is read through its owner.
    parent = widget.parentWidget()
    return isinstance(parent, (QAbstractSpinBox, QComboBox))


def snapshot(form: QWidget) -> list:
    """What the form's inputs hold, in a comparable form."""
    held: list = []
    for widget in form.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not _inside_another_input(widget):
            held.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
            held.append(widget.toPlainText())
        elif isinstance(widget, QAbstractSpinBox):
            held.append(widget.text())
        elif isinstance(widget, QComboBox):
            held.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            held.append(widget.isChecked())
        elif isinstance(widget, QTableWidget):
            held.append(
                [
                    widget.item(r, c).text() if widget.item(r, c) else ""
                    for r in range(widget.rowCount())
                    for c in range(widget.columnCount())
                ]
            )
    return held


def confirm_discard(parent: QWidget) -> bool:
    """True when the user chooses to throw the changes away."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Discard changes?"))
    box.setText(_("What you entered in this form has not been saved."))
    box.setInformativeText(_("Close the form and lose it, or go back and save it?"))
    discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class ConfirmDiscard:
    """Mixin for QDialog forms: a person closing it without saving (Esc, a 取消/Cancel button,
    the window's close button) is asked first when something changed. Code that closes the
    form (another user signing in, a test tidying up) is not asked."""

    _remembered: list | None = None
    _closed_by_person = False

    def remember_inputs(self) -> None:
        self._remembered = snapshot(self)

    def has_unsaved_changes(self) -> bool:
        return self._remembered is not None and snapshot(self) != self._remembered

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._remembered is None:
            self.remember_inputs()
            for box in self.findChildren(QDialogButtonBox):
                for button in box.buttons():
                    if box.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                        button.pressed.connect(self._person_closes)
        super().showEvent(event)

    def _person_closes(self) -> None:
        self._closed_by_person = True

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self._closed_by_person = True
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # QDialog's closeEvent calls reject(); only the window's own close button is a person.
        self._closed_by_person = event.spontaneous()
        super().closeEvent(event)

    def reject(self) -> None:
        asked, self._closed_by_person = self._closed_by_person, False
        if asked and self.has_unsaved_changes() and not confirm_discard(self):
            return
        super().reject()
