"""The driver's delivery list for a day: read, print on paper, or copy."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout

from carepoint.i18n import _
from carepoint.meals.delivery import delivery_list, delivery_text

from ui.context import AppContext


class DeliveryDialog(QDialog):
    def __init__(self, context: AppContext, day: dt.date, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Delivery list"))
        self.stops = delivery_list(context.store, day)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(delivery_text(day, self.stops))
        self.text.setFont(QFont(self.font().family(), 12))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        print_button = QPushButton(_("Print…"), self)
        buttons.addButton(print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        print_button.clicked.connect(self.print_list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def print_list(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.text.document().print_(printer)
