"""The register page: search as you type, filters, the lazy list, and the actions on a resident."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories, clock
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _, format_number, ngettext
from carepoint.residents import AGE_BANDS, STATUSES, RegisterFilter, groups, status_label

from ui.context import AppContext
from ui.ops import run_task
from ui.register.model import RegisterModel, install_column_chooser
from ui.widgets import file_dialogs
from ui.widgets.empty_state import EmptyState
from ui.widgets.lists import EXTENDED, set_up_list

# Short enough that keystroke → list stays under 100 ms (the query takes ~50 ms at 300,000),
# long enough to take a burst of fast typing as one search.
SEARCH_DELAY_MS = 40
AGE_BAND_LABELS = {
    "under_60": N_("under 60"),
    "60_69": N_("60–69"),
    "70_79": N_("70–79"),
    "80_89": N_("80–89"),
    "90_99": N_("90–99"),
    "100_plus": N_("100 and over"),
}
COLUMN_WIDTHS = (90, 50, 170, 140, 50, 110, 80, 240, 130)
CATEGORIES_COLUMN = 7
_SHORTCUT_SCOPE = Qt.ShortcutContext.WidgetWithChildrenShortcut


class RegisterPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.can_edit = context.session.can_edit
        self.model = RegisterModel(
            context.store, masked=not context.session.can_see_sensitive, parent=self
        )
        self._export = None  # the export running on the window's task manager
        self._build()
        self._connect()
        self.model.refresh()
        self._after_refresh()
        context.changes.follow(self, Changed.RESIDENTS, self._on_changed)

    # Building

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(
            _("Search by name, pinyin, initials or ID number (Ctrl+F)")
        )
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.status_filter = self._combo(
            _("All statuses"), [(status_label(s), s) for s in STATUSES]
        )
        self.category_filter = self._combo(
            _("All categories"), [(categories.label(c), c) for c in categories.CODES]
        )
        self.group_filter = self._combo(
            _("All groups"), [(g, g) for g in groups(self.context.store)]
        )
        self.age_filter = self._combo(
            _("All ages"), [(_(AGE_BAND_LABELS[band]), band) for band in AGE_BANDS]
        )
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 3)
        for combo in self._filters():
            filters.addWidget(combo, 1)

        self.new_button = self._button(_("New resident"), "Ctrl+N")
        self.edit_button = self._button(_("Edit"), "Ctrl+E")
        self.status_button = self._button(_("Change status"), "Ctrl+T")
        self.bulk_button = self._button(_("Change selected…"), "Ctrl+G")
        self.import_button = self._button(_("Import spreadsheet"), "Ctrl+I")
        self.export_button = self._button(_("Export"), "Ctrl+Shift+E")
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.status_button, self.bulk_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.message_label)
        actions.addSpacing(16)
        actions.addWidget(self.count_label)
        self._build_list()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search_box, self.status_filter)
        self.setTabOrder(self.age_filter, self.table)

    def _build_list(self) -> None:
        # several rows at once for one group or category change (Ctrl/Shift+click)
        self.table = set_up_list(
            QTableView(self), self.model, selection=EXTENDED, alternating=True,
            row_height=self, widths=COLUMN_WIDTHS, stretch_last=False,
        )  # fmt: skip
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        install_column_chooser(self.table, self.context.store)
        # the categories take the spare width; a phone number never needs more than its own
        # (after the column chooser, which makes every column movable by hand)
        header.setSectionResizeMode(CATEGORIES_COLUMN, QHeaderView.ResizeMode.Stretch)
        first_steps = [
            (_("Import a roster spreadsheet"), self.import_spreadsheet),
            (_("New resident"), self.new_resident),
        ]
        self.empty_state = EmptyState(
            self.table,
            _("The register is empty"),
            _("This page keeps the village's older people: who they are, their group and "
              "categories, and who looks after them. Start from the roster spreadsheet the "
              "village already has, or add people one at a time."),
            first_steps if self.can_edit else [],
            when=lambda: self.current_filter() == RegisterFilter(),
            filtered_words=_("No one matches the search and filters."),
        )

    def _combo(self, everything: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for label, value in choices:
            combo.addItem(label, value)
        return combo

    def _button(self, text: str, keys: str) -> QPushButton:
        button = QPushButton(text, self)
        sequence = QKeySequence(keys)
        button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        shortcut = QShortcut(sequence, self, context=_SHORTCUT_SCOPE)
        shortcut.activated.connect(button.click)
        return button

    def _filters(self) -> tuple[QComboBox, ...]:
        return (self.status_filter, self.category_filter, self.group_filter, self.age_filter)

    def _connect(self) -> None:
        # Every change (typing, the clear button, setText) restarts the debounce.
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._search_and_go_to_list)
        self._search_timer.timeout.connect(self.apply_search_now)
        for combo in self._filters():
            combo.currentIndexChanged.connect(self.apply_search_now)
        self.new_button.clicked.connect(self.new_resident)
        self.edit_button.clicked.connect(self.edit_current)
        self.status_button.clicked.connect(self.change_status_of_current)
        self.bulk_button.clicked.connect(self.change_selected)
        self.import_button.clicked.connect(self.import_spreadsheet)
        self.export_button.clicked.connect(self.export_register)
        self.table.doubleClicked.connect(self._open_row)
        self.table.horizontalHeader().sectionClicked.connect(self._keep_sortable_indicator)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        QShortcut(QKeySequence("Ctrl+F"), self, context=_SHORTCUT_SCOPE).activated.connect(
            self.focus_search
        )
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            opener = QShortcut(
                QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut
            )
            opener.activated.connect(self.edit_current)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_box)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._go_to_list)

    # Searching and filtering

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            status=self.status_filter.currentData(),
            category=self.category_filter.currentData(),
            group=self.group_filter.currentData(),
            search=self.search_box.text().strip() or None,
            age_band=self.age_filter.currentData(),
        )

    def apply_search_now(self) -> None:
        """Run the pending search at once (the debounce timer calls this after typing stops)."""
        self._search_timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.filter:
            selected = self.current_resident_id()
            self.model.set_filter(wanted)
            self._after_refresh(selected)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_and_go_to_list(self) -> None:
        self.apply_search_now()
        self._go_to_list()

    def _go_to_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def _keep_sortable_indicator(self, _section: int) -> None:
        # Columns without an SQL order leave the list as it is; show the order really used.
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != self.model.sort_column:
            header.setSortIndicator(self.model.sort_column, self.model.sort_order)

    def _after_refresh(self, keep_id: int | None = None) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} resident", "{count} residents", count).format(
                count=format_number(count)
            )
        )
        row = self.model.row_of(keep_id) if keep_id is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_buttons()

    def _on_changed(self, _changed: Changed) -> None:
        selected = self.current_resident_id()
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        while self.group_filter.count() > 1:
            self.group_filter.removeItem(1)
        for group in groups(self.context.store):
            self.group_filter.addItem(group, group)
        self.group_filter.setCurrentIndex(max(self.group_filter.findData(chosen), 0))
        self.group_filter.blockSignals(False)
        self.model.set_filter(self.current_filter())
        self._after_refresh(selected)

    # Actions

    def current_resident_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.resident_id(index.row()) if index.isValid() else None

    def select_resident(self, resident_id: int) -> None:
        self._after_refresh(resident_id)

    def _update_buttons(self, *_args) -> None:
        chosen = self.current_resident_id() is not None
        self.new_button.setEnabled(self.can_edit)
        self.import_button.setEnabled(self.can_edit)
        self.export_button.setEnabled(self.can_edit)
        self.status_button.setEnabled(self.can_edit and chosen)
        self.bulk_button.setEnabled(self.can_edit and bool(self.selected_resident_ids()))
        self.edit_button.setEnabled(chosen)  # viewers open the record read-only
        self.edit_button.setText(_("Edit") if self.can_edit else _("View"))

    def new_resident(self) -> None:
        if self.can_edit:
            self.open_editor(None)

    def edit_current(self) -> None:
        resident_id = self.current_resident_id()
        if resident_id is not None:
            self.open_editor(resident_id)

    def _open_row(self, index: QModelIndex) -> None:
        resident_id = self.model.resident_id(index.row())
        if resident_id is not None:
            self.open_editor(resident_id)

    def open_editor(self, resident_id: int | None):
        from ui.register.editor import ResidentEditor

        self.editor = ResidentEditor(self.context, resident_id, parent=self)
        self.editor.saved.connect(self.select_resident)
        self.editor.open()
        return self.editor

    def change_status_of_current(self) -> None:
        resident_id = self.current_resident_id()
        if resident_id is None or not self.can_edit:
            return
        from ui.register.status_dialog import StatusDialog

        self.status_dialog = StatusDialog(self.context, resident_id, parent=self)
        self.status_dialog.open()

    def selected_resident_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [rid for rid in map(self.model.resident_id, rows) if rid is not None]

    def change_selected(self) -> None:
        chosen = self.selected_resident_ids()
        if not chosen or not self.can_edit:
            return
        from ui.register.bulk_dialog import BulkChangeDialog

        self.bulk_dialog = BulkChangeDialog(self.context, chosen, parent=self)
        self.bulk_dialog.open()

    def import_spreadsheet(self) -> None:
        if not self.can_edit:
            return
        from ui.register.import_wizard import ImportWizard

        self.import_wizard = ImportWizard(self.context, parent=self)
        self.import_wizard.open()

    def export_register(self) -> None:
        if not self.can_edit:
            return
        folder = self.context.store.data_dir / "exports"
        suggested = folder / _("register-{date}.xlsx").format(date=f"{clock.today():%Y%m%d}")
        path, _chosen = file_dialogs.get_save_file_name(
            self,
            _("Export the listed residents"),
            str(suggested),
            _("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the residents now listed (with the current filter) on a worker thread."""
        store, filters, today = self.context.store, self.model.filter, clock.today()
        actor = self.context.session

        def export(_progress, _cancelled) -> int:
            from carepoint.roster_export import export_roster

            return export_roster(store, path, filters, today, actor=actor)

        self._export_path = path
        self._export = run_task(
            self, self.context, export, busy=_("Exporting the register…"),
            finished=self._exported, failed=self._export_failed,
        )  # fmt: skip

    def _exported(self, count: int) -> None:
        self.message_label.setText(
            ngettext(
                "Exported {count} resident to {file}", "Exported {count} residents to {file}", count
            ).format(count=count, file=self._export_path.name)
        )

    def _export_failed(self, message: str) -> None:
        self.message_label.setText(_("Not exported: {reason}").format(reason=message))

    def export_finished(self) -> bool:
        return self._export is None or not self._export.running
