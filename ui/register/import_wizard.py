"""Importing a roster spreadsheet: file and sheet → column mapping → dry run → import.

The dry run and the import run on a worker thread with progress and cancel; the import is all or
nothing, so a cancelled or refused import changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
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

from carepoint.errors import CarePointError
from carepoint.i18n import _, ngettext
from carepoint.roster_import import import_roster
from carepoint.spreadsheet import locate_table, read_rows, sheet_names
from carepoint.spreadsheet.headers import FIELDS
from carepoint.spreadsheet.values import cell_text

from ui.context import AppContext
from ui.ops import Worker, start_worker
from ui.register.editor_fields import error_label

PREVIEW_FIELDS = ("name", "id_number", "gender", "birth_date", "group", "categories", "status")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ERROR_BRUSH = QBrush(QColor(250, 210, 210))


def problem_text(problem) -> str:
    where = " ".join(part for part in (problem.column, problem.header) if part)
    return f"{where}: {problem.message}" if where else problem.message


class PreviewModel(QAbstractTableModel):
    """The sheet's rows as they will be read; rows with errors red, with the reasons."""

    def __init__(self, table, result, only_problems: bool, parent=None):
        super().__init__(parent)
        self.fields = [f for f in PREVIEW_FIELDS if f in table.columns]
        self.errors: dict[int, list[str]] = {}
        for problem in result.errors:
            self.errors.setdefault(problem.row, []).append(problem_text(problem))
        self.rows = [r for r in table.rows if not only_problems or r.row_number in self.errors]
        self.headers = [_("Row"), *(FIELDS[f][0] for f in self.fields), _("Problems")]

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=_DISPLAY):
        row = self.rows[index.row()]
        if role == _DISPLAY or role == _TOOLTIP:
            column = index.column()
            if column == 0:
                return str(row.row_number)
            if column <= len(self.fields):
                return cell_text(row.values.get(self.fields[column - 1])) or ""
            return "；".join(self.errors.get(row.row_number, []))
        if role == _BACKGROUND:
            return ERROR_BRUSH if row.row_number in self.errors else None
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


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
        self.error_label = error_label(self)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        for widget in (self.sheet_label, self.sheet_combo, self.error_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(self.read_sheets)
        self.read_sheets("")

    def browse(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
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
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheet_combo.count() > 0

    def validatePage(self) -> bool:
        wizard = self.wizard()
        wizard.path = Path(self.path_edit.text().strip())
        wizard.sheet = self.sheet_combo.currentText() or None
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
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
        return True


class RunPage(QWizardPage):
    """Runs import_roster on a worker thread: a dry run to preview, or the import itself."""

    def __init__(self, wizard: ImportWizard, dry_run: bool):
        super().__init__(wizard)
        self.dry_run = dry_run
        self.result = self.table_found = self.worker = self.thread = None
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
        store, path, sheet, columns = (
            wizard.context.store,
            wizard.path,
            wizard.sheet,
            wizard.columns,
        )

        def run(progress, cancelled):
            try:
                table = locate_table(read_rows(path, sheet), columns=columns) if dry_run else None
                result = import_roster(
                    store, path, sheet=sheet, dry_run=dry_run, columns=columns,
                    progress=progress, cancelled=cancelled,
                )  # fmt: skip
                return table, result
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
        self.table_found, self.result = outcome
        self._join()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.show_result(self.result)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None and not self.result.errors and not self.running


class PreviewPage(RunPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, dry_run=True)
        self.setTitle(_("Check the rows"))
        self.setSubTitle(_("Nothing is saved yet. Rows with problems are shown in red."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.only_problems = QCheckBox(_("Show only rows with problems"), self)
        self.only_problems.toggled.connect(self.show_rows)
        self.again_button = QPushButton(_("Check again"), self)
        self.again_button.setToolTip(_("Read the file again after correcting it"))
        self.again_button.clicked.connect(self.start)
        self.rows_view = QTableView(self)
        self.rows_view.horizontalHeader().setStretchLastSection(True)
        self.rows_view.verticalHeader().hide()
        self.warnings = QListWidget(self)
        self.warnings.setMaximumHeight(90)
        options = QHBoxLayout()
        options.addWidget(self.only_problems)
        options.addStretch(1)
        options.addWidget(self.again_button)
        self.column.addLayout(options)
        self.column.addWidget(self.rows_view, 1)
        self.column.addWidget(QLabel(_("Warnings (these rows are fine; check them):"), self))
        self.column.addWidget(self.warnings)

    def isComplete(self) -> bool:
        return super().isComplete() and self.result.imported > 0

    def show_result(self, result) -> None:
        read = ngettext("{count} row read", "{count} rows read", result.rows)
        read = read.format(count=result.rows)
        if result.errors:
            bad = len({p.row for p in result.errors})
            text = ngettext(
                "{read}; {bad} row has problems. Correct the file, then press Check again.",
                "{read}; {bad} rows have problems. Correct the file, then press Check again.",
                bad,
            ).format(read=read, bad=bad)
        else:
            text = _("{read}: {imported} will be imported, {skipped} skipped.").format(
                read=read, imported=result.imported, skipped=result.skipped
            )
        self.summary.setText(text)
        self.warnings.clear()
        self.warnings.addItems(
            [_("Row {row}, {problem}").format(row=p.row, problem=problem_text(p))
             for p in result.warnings]
        )  # fmt: skip
        self.only_problems.setChecked(bool(result.errors))
        self.show_rows()

    def show_rows(self, *_args) -> None:
        if self.result is not None and self.table_found is not None:
            only = self.only_problems.isChecked()
            self.rows_view.setModel(PreviewModel(self.table_found, self.result, only, self))
            self.rows_view.resizeColumnsToContents()


class ImportPage(RunPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, dry_run=False)
        self.setTitle(_("Import"))
        self.setFinalPage(True)

    def show_result(self, result) -> None:
        if result.errors:
            message = _("The file changed after the check and now has problems; nothing imported.")
            return self.summary.setText(message)
        self.wizard().context.changes.changed.emit({"residents"})
        imported = ngettext(
            "{count} resident imported.", "{count} residents imported.", result.imported
        )
        skipped = _("{skipped} rows skipped.").format(skipped=result.skipped)
        self.summary.setText(f"{imported.format(count=result.imported)} {skipped}")


class ImportWizard(QWizard):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.sheet: str | None = None
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
