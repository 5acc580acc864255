"""Choose a form and month → a preview (QtPdf) → print through the system dialog or save the PDF.

Forms are written by the core (carepoint.reports) on a worker thread into a temporary folder, so
a large roster never freezes the window and can be cancelled. At a township office the page lists
the township's forms over its villages, with a choice of all villages or one.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.permissions import may
from carepoint.reports import forms_for, is_township
from carepoint.reports.file_names import pdf_file_name

from ui.context import AppContext
from ui.tasks import Worker
from ui.widgets import file_dialogs
from ui.widgets.date_edit import DateEdit
from ui.widgets.empty_state import EmptyState


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.folder = tempfile.TemporaryDirectory(prefix="carepoint-forms-")
        self.current: Path | None = None
        self.worker: Worker | None = None
        self.thread = None

        # A viewer prints only what hides people: the masked public copies and forms of no one.
        # The core refuses anything else too; this only keeps such forms out of the list.
        self.sees_people = may(context.session, "print_unmasked")
        self.forms = {
            name: spec
            for name, spec in forms_for(context.store).items()
            if self.sees_people or spec.can_mask or not spec.personal
        }
        self.form = QComboBox()
        for spec in self.forms.values():
            self.form.addItem(_(spec.title), spec.name)
        self.village_label = QLabel(_("Village"))
        self.village = QComboBox()
        if is_township(context.store):
            from carepoint.exchange.queries import villages

            self.village.addItem(_("All villages"), None)
            for found in villages(context.store):
                self.village.addItem(found.name, found.code)
        else:
            self.village_label.setVisible(False)
            self.village.setVisible(False)
        self.month = DateEdit()
        self.month.setDisplayFormat("yyyy-MM")
        today = clock.today()
        self.month.setDate(QDate(today.year, today.month, 1))
        self.public = QCheckBox(_("Public notice copy (masked)"))
        if not self.sees_people:
            self.public.setToolTip(_("A viewer prints only the public copies."))
        # A public roster about one benefit (低保, 特困 …) shows that category, hidden otherwise.
        self.notice_for_label = QLabel(_("Notice about"))
        self.notice_for = QComboBox()
        self.notice_for.setToolTip(
            _("The benefit this notice is about: its category is printed, the other health and "
              "hardship categories stay hidden.")
        )  # fmt: skip
        # Extra inputs, shown only for the form that needs them.
        self.id_number_label = QLabel(_("ID number"))
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(_("the resident's ID number"))
        self.id_number.setMaxLength(18)
        self.volunteer_label = QLabel(_("Volunteer"))
        self.volunteer = QComboBox()
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setShortcut("Ctrl+R")
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setEnabled(False)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setShortcut("Ctrl+P")
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setShortcut("Ctrl+S")
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()

        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Form")))
        controls.addWidget(self.form, 1)
        controls.addWidget(self.village_label)
        controls.addWidget(self.village)
        controls.addWidget(QLabel(_("Month")))
        controls.addWidget(self.month)
        controls.addWidget(self.public)
        controls.addWidget(self.notice_for_label)
        controls.addWidget(self.notice_for)
        for widget in (self.id_number_label, self.id_number, self.volunteer_label, self.volunteer):
            controls.addWidget(widget)
        for widget in (
            self.preview_button,
            self.cancel_button,
            self.print_button,
            self.save_button,
        ):
            controls.addWidget(widget)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.empty_state = EmptyState(
            self.view,
            _("Nothing to show yet"),
            _("Choose a form and a month, then press Preview. Once you have looked it over, "
              "print it or save it as a PDF."),
            [(_("Preview"), self.preview)],
            is_empty=lambda: self.document.pageCount() == 0,
        )
        self.document.pageCountChanged.connect(self.empty_state.update_shown)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.form.currentIndexChanged.connect(self._form_chosen)
        self.public.toggled.connect(self._show_notice_for)
        self.preview_button.clicked.connect(self.preview)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self._form_chosen()

    def _form_chosen(self) -> None:
        spec = self.forms[self.form.currentData()]
        self.public.setEnabled(spec.can_mask and self.sees_people)
        self.public.setChecked(spec.can_mask and (self.public.isChecked() or not self.sees_people))
        self._show_notice_for()
        for widget in (self.id_number_label, self.id_number):
            widget.setVisible(spec.subject == "resident")
        for widget in (self.volunteer_label, self.volunteer):
            widget.setVisible(spec.subject == "volunteer")
        if spec.subject == "volunteer" and not self.volunteer.count():
            from carepoint.timebank.volunteers import list_volunteers

            for volunteer in list_volunteers(self.context.store):
                self.volunteer.addItem(volunteer.name, str(volunteer.id))

    def _show_notice_for(self) -> None:
        shown = self.form.currentData() == "roster" and self.public.isChecked()
        if shown and not self.notice_for.count():
            from carepoint import categories
            from carepoint.reports.roster import PRIVATE_CATEGORIES  # ReportLab: only when asked

            self.notice_for.addItem(_("no particular benefit"), None)
            for code in PRIVATE_CATEGORIES:
                self.notice_for.addItem(categories.label(code), code)
        self.notice_for_label.setVisible(shown)
        self.notice_for.setVisible(shown)

    def _subject(self, kind: str) -> str | None:
        if kind == "resident":
            return self.id_number.text().strip()
        if kind == "volunteer":
            return self.volunteer.currentData()
        return None

    def _month(self) -> dt.date:
        chosen = self.month.date()
        return dt.date(chosen.year(), chosen.month(), 1)

    def preview(self) -> None:
        spec = self.forms[self.form.currentData()]
        month, public = self._month(), self.public.isChecked()
        out = Path(self.folder.name) / f"{spec.name}-{month:%Y-%m}{'-public' if public else ''}.pdf"
        self.suggested_name = pdf_file_name(_(spec.title), month, public=public)
        store = self.context.store
        options = {"public": public, "today": clock.today(), "actor": self.context.session}
        if spec.subject:
            options["subject"] = self._subject(spec.subject)
        if self.village.currentData():
            options["village"] = self.village.currentData()
        if public and self.notice_for.isVisibleTo(self) and self.notice_for.currentData():
            options["notice_for"] = self.notice_for.currentData()

        def write(progress, cancelled):
            return spec.write(store, month, out, progress=progress, cancelled=cancelled, **options)

        self._busy(True)
        self.status.setText(_("Preparing the form…"))
        # on the window's task manager, which stops it when the window closes
        task = self.context.tasks.start(
            write, finished=self._written, failed=self._failed, progress=self._progress, owner=self
        )
        self.worker, self.thread = task.worker, task.thread

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(busy)
        self.preview_button.setEnabled(not busy)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _written(self, path: Path) -> None:
        self._busy(False)
        self.current = Path(path)
        self.document.load(str(self.current))
        self.status.setText(_("{pages} pages").format(pages=self.document.pageCount()))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        cancelled = self.worker is not None and self.worker.was_cancelled
        self._busy(False)
        self.status.setText(message)
        if not cancelled:
            QMessageBox.warning(self, _("The form could not be prepared"), message)

    def suggested_path(self) -> Path:
        """The form's name in the user's language: 老年人花名册-2026年12月.pdf."""
        return Path.home() / getattr(self, "suggested_name", _("form") + ".pdf")

    def ask_save_path(self) -> str:
        path, _filter = file_dialogs.get_save_file_name(
            self, _("Save as PDF"), str(self.suggested_path()), "PDF (*.pdf)"
        )
        return path

    def save_as(self) -> None:
        path = self.ask_save_path()
        if not path or self.current is None:
            return
        try:
            shutil.copyfile(self.current, path)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Not saved"),
                _("{file} could not be saved: {reason}").format(
                    file=path, reason=error.strerror or error
                ),
            )
            return
        self.status.setText(_("Saved: {file}").format(file=path))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each page rendered at the printer's resolution and fitted to its page."""
        painter = QPainter(printer)
        try:
            for index in range(self.document.pageCount()):
                if index:
                    printer.newPage()
                target = printer.pageLayout().paintRectPixels(printer.resolution())
                page = self.document.pagePointSize(index)
                scale = min(target.width() / page.width(), target.height() / page.height())
                size = QSize(int(page.width() * scale), int(page.height() * scale))
                image = self.document.render(index, size)
                painter.drawImage(QRect(QPoint(0, 0), size), image)
        finally:
            painter.end()
        self.status.setText(_("Sent to the printer."))
