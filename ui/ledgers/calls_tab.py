"""一键通: the devices in use, the month's calls with their counts, a call entered by hand or
the provider's monthly file read in. Unanswered emergencies are marked: they open a follow-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date
from carepoint.ledgers import calls

from ui.context import AppContext
from ui.ledgers.common import LedgerTab, date_box, fill, from_qdate, open_modal, table
from ui.ops import run_op
from ui.widgets import file_dialogs


class CallsTab(LedgerTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.month_edit = date_box(self, month_only=True)
        self.device_button = QPushButton(_("New device…"), self)
        self.call_button = QPushButton(_("New call…"), self)
        self.import_button = QPushButton(_("Import the provider's file…"), self)
        self.remove_button = QPushButton(_("Device taken back…"), self)
        for button in (self.device_button, self.call_button, self.import_button,
                       self.remove_button):  # fmt: skip
            button.setEnabled(context.session.can_edit)
        self.devices = table(self, [_("Device"), _("Name"), _("Group"), _("Installed"),
                                    _("Provider")])  # fmt: skip
        self.view = table(self, [_("Time"), _("Device"), _("Name"), _("Kind"), _("Answered"),
                                 _("Help given"), _("Follow-up")])  # fmt: skip
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month"), self))
        top.addWidget(self.month_edit)
        top.addStretch(1)
        for button in (self.device_button, self.remove_button, self.call_button,
                       self.import_button):  # fmt: skip
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(_("Devices in use"), self))
        layout.addWidget(self.devices, 1)
        layout.addWidget(QLabel(_("Calls"), self))
        layout.addWidget(self.view, 2)
        layout.addWidget(self.counts_label)
        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.device_button.clicked.connect(self.new_device)
        self.call_button.clicked.connect(self.new_call)
        self.import_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove_device)
        self.follow_changes()

    def refresh(self) -> None:
        store = self.context.store
        month = from_qdate(self.month_edit.date()).replace(day=1)
        devices = calls.list_devices(store)
        fill(self.devices, [[d.device_number, d.name, d.group_name, format_date(d.installed_on),
                             d.provider] for d in devices], [d.id for d in devices])  # fmt: skip
        found = calls.calls_in(store, month)
        rows = [[calls.minute_text(c.called_at), c.device_number, c.name, calls.kind_label(c.kind),
                 _("yes") if c.answered else _("NOT answered"), c.response, c.follow_up]
                for c in found]  # fmt: skip
        fill(self.view, rows, [c.id for c in found])
        counts = calls.month_counts(store, month)
        parts = [f"{calls.kind_label(k)} {n}" for k, n in counts.by_kind.items() if n]
        self.counts_label.setText(
            _("{total} calls ({kinds}); {unanswered} unanswered emergencies").format(
                total=counts.total,
                kinds=_(", ").join(parts) or "—",
                unanswered=counts.unanswered_emergencies,
            )  # fmt: skip
        )

    def new_device(self) -> None:
        from ui.ledgers.call_dialogs import DeviceDialog

        open_modal(self, DeviceDialog(self.context, self))

    def new_call(self) -> None:
        from ui.ledgers.call_dialogs import CallDialog

        open_modal(self, CallDialog(self.context, self))

    def remove_device(self) -> None:
        from ui.ledgers.call_dialogs import RemoveDeviceDialog
        from ui.ledgers.common import current_key

        key = current_key(self.devices)
        if key is None:
            return
        device = calls.get_device(self.context.store, key)
        open_modal(self, RemoveDeviceDialog(self.context, device, self))

    def choose_file(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(
            self, _("The provider's call log"), "", _("Spreadsheets (*.xls *.xlsx *.csv)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        from carepoint.ledgers.calls_import import import_calls

        ok, result = run_op(
            self, self.context, lambda: import_calls(self.context.store, path),
            touches=Changed.LEDGERS | Changed.VISITS,
        )  # fmt: skip
        if not ok:
            return
        if result.errors:
            lines = [_("Row {row}: {message}").format(**e) for e in result.errors[:15]]
            text = _("Nothing was imported; correct these rows first:") + "\n" + "\n".join(lines)
            QMessageBox.warning(self, _("Not imported"), text)
            return
        QMessageBox.information(
            self, _("Imported"),
            _("{imported} calls imported, {skipped} already recorded, {follow_ups} unanswered "
              "emergencies to follow up").format(imported=result.imported, skipped=result.skipped,
                                                 follow_ups=result.follow_ups),
        )  # fmt: skip
