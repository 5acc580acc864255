"""Importing a roster spreadsheet: file and sheets → columns and the roster's date → dry run →
import.

The dry run and the import run on a worker thread with progress and cancel; the import is all or
nothing unless the cadre chooses to import only the rows without problems, and a cancelled or
refused import changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from carepoint import clock
from carepoint.category_words import remember_words
from carepoint.errors import CarePointError
from carepoint.i18n import _, ngettext
from carepoint.roster_import import import_roster
from carepoint.roster_problems import default_problems_path
from carepoint.roster_sheets import SheetTable, roster_date, sheets_sharing_a_header
from carepoint.spreadsheet import locate_table, read_rows, sheet_names
from carepoint.spreadsheet.headers import FIELDS
from carepoint.spreadsheet.values import cell_text

from ui.context import AppContext
from ui.ops import Worker, start_worker
from ui.register.editor_fields import error_label
from ui.register.import_preview import PreviewModel, WordMapping, listed, place_text
from ui.widgets import file_dialogs
from ui.widgets.date_edit import date_edit


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(_("Choose the spreadsheet"))
        self.setSubTitle(_("An .xlsx, .xls or .csv roster; title rows and footers are fine."))
        self.path_edit = QLineEdit(self)
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self.browse)
        self.sheet_label = QLabel(_("Sheet"), self)
        self.sheet_combo = QComboBox(self)
        self.all_sheets = QCheckBox(_("Read every sheet (one sheet per group)"), self)
        self.all_sheets.toggled.connect(lambda on: self.sheet_combo.setEnabled(not on))
        self.error_label = error_label(self)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        for widget in (self.sheet_label, self.sheet_combo, self.all_sheets, self.error_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self.read_sheets)
        self.read_sheets("")

    def browse(self) -> None:
        path, _chosen = file_dialogs.get_open_file_name(
            self, _("Choose the spreadsheet"), "", _("Spreadsheets (*.xlsx *.xls *.csv)")
        )
        if path:
            self.path_edit.setText(path)

    def read_sheets(self, text: str) -> None:
        self.sheet_combo.clear()
        self.error_label.clear()
        path = Path(text.strip())
        if text.strip() and path.is_file():
            try:
                self.sheet_combo.addItems(sheet_names(path))
            except CarePointError as error:
                self.error_label.setText(error.message)
        elif text.strip():
            self.error_label.setText(_("There is no file {file}").format(file=path))
        several = self.sheet_combo.count() > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        # offered, and chosen, when several sheets hold the same table (one per group)
        sharing = sheets_sharing_a_header(path) if several else []
        self.all_sheets.setVisible(len(sharing) > 1)
        self.all_sheets.setChecked(len(sharing) > 1)
        if len(sharing) > 1:
            self.all_sheets.setText(_("Read every sheet (one sheet per group): {sheets}")
                                    .format(sheets="、".join(sharing)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheet_combo.count() > 0

    def validatePage(self) -> bool:
        wizard = self.wizard()
        wizard.path = Path(self.path_edit.text().strip())
        wizard.all_sheets = self.all_sheets.isVisible() and self.all_sheets.isChecked()
        wizard.sheet = None if wizard.all_sheets else (self.sheet_combo.currentText() or None)
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle(_("Check the columns"))
        self.setSubTitle(_("Each column of the sheet and the register field it fills."))
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Column in the sheet"), _("Example"), _("Field")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.error_label = error_label(self)
        self.as_of_edit = date_edit(None, self)
        self.as_of_note = QLabel(self)
        self.as_of_note.setWordWrap(True)
        dated = QFormLayout()
        dated.addRow(_("The roster describes people as of"), self.as_of_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(dated)
        layout.addWidget(self.as_of_note)
        layout.addWidget(self.error_label)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        self.table.setRowCount(0)
        self.combos = []
        try:
            raw = read_rows(self.wizard().path, self.wizard().sheet)
            found = locate_table(raw)
        except CarePointError as error:
            self.error_label.setText(error.message)
            return self.completeChanged.emit()
        self.show_date(roster_date([SheetTable(raw, found, "")]))
        cells = dict(raw.rows)
        header, above = cells.get(found.header_row, []), cells.get(found.header_row - 1, [])
        sample = next((c for n, c in raw.rows if n > found.header_row), [])
        by_column = {column: field for field, column in found.columns.items()}

        def text(row: list, column: int) -> str | None:
            return cell_text(row[column]) if column < len(row) else None

        for column in range(max(len(header), len(above), max(by_column, default=-1) + 1)):
            title = text(header, column) or text(above, column)  # under a merged parent
            if title is None and column not in by_column:
                continue
            combo = QComboBox(self.table)
            combo.addItem(_("(not imported)"), None)
            for field, texts in FIELDS.items():
                combo.addItem(texts[0], field)
            combo.setCurrentIndex(max(combo.findData(by_column.get(column)), 0))
            combo.setProperty("column", column)
            combo.currentIndexChanged.connect(self.check)
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = f"{get_column_letter(column + 1)}  {title or ''}"
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(text(sample, column) or ""))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.check()

    def show_date(self, found) -> None:
        today = clock.today()
        day = found or today
        self.as_of_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        self.as_of_note.setText(
            _("Taken from the roster's 填报日期. They join the register, and their categories "
              "hold, from this date.") if found else
            _("The roster gives no 填报日期: give the date it describes. They join the register, "
              "and their categories hold, from this date."))

    def check(self, *_args) -> None:
        chosen = [c.currentData() for c in self.combos if c.currentData()]
        twice = sorted({FIELDS[f][0] for f in chosen if chosen.count(f) > 1})
        missing = [FIELDS[f][0] for f in ("name", "id_number") if f not in chosen]
        message = ""
        if twice:
            message = _("Each field can come from one column only: {fields}")
        elif missing:
            message = _("Choose the column for: {fields}")
        self.error_label.setText(message.format(fields="、".join(twice or missing)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.combos) and not self.error_label.text()

    def validatePage(self) -> bool:
        self.wizard().columns = {
            c.currentData(): c.property("column") for c in self.combos if c.currentData()
        }
        self.wizard().as_of = self.as_of_edit.date().toPython()
        return True


class RunPage(QWizardPage):
    """Runs import_roster on a worker thread: a dry run to preview, or the import itself."""

    def __init__(self, wizard: ImportWizard, dry_run: bool):
        super().__init__(wizard)
        self.dry_run = dry_run
        self.result = self.worker = self.thread = None
        self.progress = QProgressBar(self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        self.column = QVBoxLayout(self)
        self.column.addLayout(bar)
        self.column.addWidget(self.summary)

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        self.stop()

    def start(self) -> None:
        if self.running:
            return
        wizard, dry_run = self.wizard(), self.dry_run
        store = wizard.context.store
        options = {
            "sheet": wizard.sheet, "all_sheets": wizard.all_sheets, "columns": wizard.columns,
            "as_of": wizard.as_of, "valid_only": wizard.valid_only, "dry_run": dry_run,
            "keep_preview": dry_run,
        }
        path = wizard.path

        def run(progress, cancelled):
            try:
                return import_roster(store, path, progress=progress, cancelled=cancelled,
                                     **options)
            finally:
                store.db.close()  # this thread's own connection

        self.result = None
        self.summary.setText(_("Checking every row…") if dry_run else _("Importing…"))
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.worker = Worker(run)
        self.worker.progress.connect(self.show_progress)
        self.worker.finished.connect(self.done)
        self.worker.failed.connect(self.failed)
        self.thread = start_worker(self.worker)
        self.completeChanged.emit()

    @property
    def running(self) -> bool:
        return self.thread is not None and not self.thread.isFinished()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)

    def stop(self) -> None:
        """Cancel a running check or import and wait for its thread (closing, going back)."""
        if self.running:
            self.cancel()
            self._join()

    def _join(self) -> None:
        # quit() first: the worker's own quit request is queued behind this call.
        self.thread.quit()
        self.thread.wait()
        self.cancel_button.setEnabled(False)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def failed(self, message: str) -> None:
        self._join()
        self.summary.setText(message)
        self.completeChanged.emit()

    def done(self, outcome) -> None:
        self.result = outcome
        self._join()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.show_result(self.result)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None and not self.result.blocked and not self.running


class PreviewPage(RunPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, dry_run=True)
        self.setTitle(_("Check the rows"))
        self.setSubTitle(_("Nothing is saved yet. Rows with problems are shown in red, rows to "
                           "look at in yellow; hover over a value to see the cell as written."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.valid_only = QCheckBox(_("Import only the rows without problems"), self)
        self.valid_only.toggled.connect(self.choose_valid_only)
        self.save_button = QPushButton(_("Save the list of problems…"), self)
        self.save_button.clicked.connect(self.save_problems)
        self.only_problems = QCheckBox(_("Show only rows with problems"), self)
        self.only_problems.toggled.connect(self.show_rows)
        self.again_button = QPushButton(_("Check again"), self)
        self.again_button.setToolTip(_("Read the file again after correcting it"))
        self.again_button.clicked.connect(self.start)
        self.rows_view = QTableView(self)
        self.rows_view.horizontalHeader().setStretchLastSection(True)
        self.rows_view.verticalHeader().hide()
        self.problems = self._list()
        self.words_label = QLabel(_("Category words CarePoint does not know: say once what "
                                    "each means here; the village keeps it for later imports."),
                                  self)
        self.words_label.setWordWrap(True)
        self.words = WordMapping(self)
        self.words.setMaximumHeight(120)
        self.remember_button = QPushButton(_("Remember and check again"), self)
        self.remember_button.clicked.connect(self.remember_words)
        self.warnings = self._list()
        options = QHBoxLayout()
        for widget in (self.valid_only, self.save_button, self.only_problems):
            options.addWidget(widget)
        options.addStretch(1)
        options.addWidget(self.again_button)
        self.column.addLayout(options)
        self.column.addWidget(self.rows_view, 1)
        self.column.addWidget(self.problems)
        for widget in (self.words_label, self.words, self.remember_button):
            self.column.addWidget(widget)
        self.column.addWidget(QLabel(_("Warnings and changes (these rows go in; check them):"),
                                     self))
        self.column.addWidget(self.warnings)
        self.show_words([])

    def _list(self) -> QListWidget:
        # whole messages, wrapped: a cadre must not need a tooltip to read what to do
        widget = QListWidget(self)
        widget.setWordWrap(True)
        widget.setMaximumHeight(110)
        return widget

    def isComplete(self) -> bool:
        return super().isComplete() and self.result.imported + self.result.updated > 0

    def choose_valid_only(self, on: bool) -> None:
        if self.wizard().valid_only != on:
            self.wizard().valid_only = on
            self.start()

    def show_words(self, words: list[str]) -> None:
        self.words.show_words(words)
        for widget in (self.words_label, self.remember_button):
            widget.setVisible(bool(words))

    def remember_words(self) -> None:
        chosen = self.words.chosen()
        if not chosen:
            return
        try:
            remember_words(self.wizard().context.store, chosen)
        except CarePointError as error:
            self.summary.setText(error.message)
            return
        self.start()

    def save_problems(self, path: str | None = None) -> None:
        """Write the rows with problems to a workbook, reading the file again on a worker (a
        county's roster takes seconds; the window keeps answering)."""
        wizard = self.wizard()
        if not path:
            suggested = str(default_problems_path(wizard.path))
            path, _chosen = file_dialogs.get_save_file_name(
                self, _("Save the list of problems"), suggested, _("Workbooks (*.xlsx)"))
        if not path or self.saving:
            return
        store, source = wizard.context.store, wizard.path
        options = {
            "sheet": wizard.sheet, "all_sheets": wizard.all_sheets, "columns": wizard.columns,
            "as_of": wizard.as_of, "dry_run": True, "valid_only": True,
            "problems_path": Path(path),
        }

        def run(progress, cancelled):
            try:
                return import_roster(store, source, progress=progress, cancelled=cancelled,
                                     **options)
            finally:
                store.db.close()  # this thread's own connection

        self.save_button.setEnabled(False)
        self.summary.setText(_("Saving the rows with problems…"))
        self.save_path = path
        self.save_worker = Worker(run)
        # bound methods: Qt calls them on the GUI thread (a lambda would run on the worker's)
        self.save_worker.finished.connect(self.problems_saved)
        self.save_worker.failed.connect(self.saving_over)
        self.save_thread = start_worker(self.save_worker)

    def stop(self) -> None:
        super().stop()
        if self.saving:  # a workbook half written is not left behind a closed window's thread
            self.save_worker.cancel()
            self.save_thread.wait()

    @property
    def saving(self) -> bool:
        thread = getattr(self, "save_thread", None)
        return thread is not None and not thread.isFinished()

    def problems_saved(self, _result) -> None:
        self.saving_over(_("The rows with problems were saved to {file}. Correct them "
                                  "there and import that file.").format(file=self.save_path))

    def saving_over(self, message: str) -> None:
        self.save_thread.wait()
        self.save_button.setEnabled(True)
        self.summary.setText(message)

    def show_result(self, result) -> None:
        read = ngettext("{count} row read", "{count} rows read", result.rows)
        read = read.format(count=result.rows)
        counts = _("{imported} new, {updated} already registered get missing details, "
                   "{skipped} skipped").format(imported=result.imported,
                                               updated=result.updated, skipped=result.skipped)
        if result.blocked:
            text = _(
                "{read}; rows with problems: {bad}. Correct the file and press Check again, or "
                "import only the rows without problems."
            ).format(read=read, bad=result.rejected)
        elif result.rejected:
            text = _("{read}: {counts}; {bad} rows with problems are left out (save their list "
                     "to correct them).").format(read=read, counts=counts, bad=result.rejected)
        else:
            text = _("{read}: {counts}.").format(read=read, counts=counts)
        text += " " + _("As of {date}.").format(date=result.as_of.isoformat())
        self.summary.setText(text)
        several = len(result.sheets) > 1
        self.problems.clear()
        self.problems.addItems(listed(result.errors, several))
        self.problems.setVisible(bool(result.errors))
        self.save_button.setEnabled(bool(result.bad_rows))
        self.show_words(sorted(result.unknown_words))
        self.warnings.clear()
        self.warnings.addItems([place_text(p, several) for p in result.warnings[:500]])
        self.warnings.addItems([
            _("Row {row}, {name}: {field} “{old}” → “{new}”").format(
                row=c.row, name=c.name, field=c.field, old=c.old, new=c.new)
            for c in result.changes[:500]
        ])
        self.only_problems.setChecked(bool(result.errors))
        self.show_rows()

    def show_rows(self, *_args) -> None:
        if self.result is not None and self.result.previews is not None:
            only = self.only_problems.isChecked()
            self.rows_view.setModel(PreviewModel(self.result, only, self))
            if self.rows_view.model().rowCount() <= 2000:  # sizing reads every row
                self.rows_view.resizeColumnsToContents()


class ImportPage(RunPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, dry_run=False)
        self.setTitle(_("Import"))
        self.setFinalPage(True)

    def show_result(self, result) -> None:
        if result.blocked:
            message = _("The file changed after the check and now has problems; nothing imported.")
            return self.summary.setText(message)
        self.wizard().context.changes.changed.emit({"residents"})
        imported = ngettext(
            "{count} resident imported.", "{count} residents imported.", result.imported
        )
        skipped = _("{skipped} rows skipped.").format(skipped=result.skipped)
        text = f"{imported.format(count=result.imported)} {skipped}"
        if result.updated:
            text += " " + _("{count} already registered were given missing details.").format(
                count=result.updated)
        if result.problems_file:
            text += " " + _("The {count} rows left out, with their problems, are in {file}: "
                            "correct them there and import that file.").format(
                count=result.rejected, file=result.problems_file)
        self.summary.setText(text)


class ImportWizard(QWizard):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.sheet: str | None = None
        self.all_sheets = False
        self.valid_only = False
        self.as_of = None
        self.columns: dict[str, int] = {}
        self.setWindowTitle(_("Import a roster spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.import_page):
            self.addPage(page)
        buttons = QWizard.WizardButton
        for button, text in (
            (buttons.BackButton, _("< Back")),
            (buttons.NextButton, _("Next >")),
            (buttons.FinishButton, _("Close")),
            (buttons.CancelButton, _("Cancel")),
        ):
            self.setButtonText(button, text)
        self.resize(900, 600)

    def reject(self) -> None:
        """Closing while a check or import runs cancels it first (nothing is half written)."""
        self.preview_page.stop()
        self.import_page.stop()
        super().reject()
