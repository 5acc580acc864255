"""Where a package is written or read: a removable drive found on this PC, or any folder chosen
by hand (a USB drive mounted somewhere unusual, a shared folder, a test folder)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QStorageInfo, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from carepoint.errors import UserInputError
from carepoint.i18n import _

from ui.widgets import file_dialogs

_MOUNT_PLACES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def looks_removable(root: str, platform: str = sys.platform, system_drive: str = "") -> bool:
    """A USB-looking mount: under /media, /run/media … or a drive letter other than the system's."""
    if platform == "win32":
        system = (system_drive or os.environ.get("SystemDrive", "C:"))[:2].upper()
        return len(root) <= 3 and root[1:2] == ":" and root[:2].upper() != system
    return root.startswith(_MOUNT_PLACES)


def still_there(folder: Path) -> Path:
    """The chosen folder, if it is still there: a USB drive pulled out takes its folder with it,
    and writing would otherwise make that folder again on this PC's own disk."""
    if not folder.is_dir():
        raise UserInputError(
            _(
                "{folder} is not there any more: plug the USB drive in again or choose another"
                " folder; nothing was written"
            ).format(folder=folder)
        )
    return folder


def choose_enrollment_file(parent: QWidget) -> Path | None:
    """The enrollment file the township gave this village (first-run wizard, exchange page)."""
    path, _chosen = file_dialogs.get_open_file_name(
        parent, _("The enrollment file from the township"), str(Path.home()),
        _("Enrollment file (*.json);;All files (*)"),
    )  # fmt: skip
    return Path(path) if path else None


def removable_drives() -> list[tuple[str, str]]:
    """(label, folder) of each ready, writable removable drive."""
    found = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if volume.isValid() and volume.isReady() and not volume.isReadOnly():
            if looks_removable(root):
                found.append((f"{volume.displayName() or root} ({root})", root))
    return found


class FolderChooser(QWidget):
    """A list of the USB drives plugged in, a refresh button and 'Choose folder…'."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.folders = QComboBox()
        self.folders.setObjectName("folders")
        self.folders.setMinimumContentsLength(24)
        self.folders.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.refresh_button = QPushButton(_("Look for USB drives"))
        self.choose_button = QPushButton(_("Choose folder…"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folders, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.choose_button)
        self.refresh_button.clicked.connect(self.refresh)
        self.choose_button.clicked.connect(self.choose)
        self.folders.currentIndexChanged.connect(self.changed)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.folder()
        self.folders.clear()
        for label, root in removable_drives():
            self.folders.addItem(label, root)
        if chosen is not None:
            self.set_folder(chosen)
        if self.folders.count() == 0:
            self.folders.setPlaceholderText(_("No USB drive found: plug one in or choose a folder"))
        self.changed.emit()

    def choose(self) -> None:
        start = str(self.folder() or Path.home())
        folder = file_dialogs.get_existing_directory(
            self, _("Choose the USB drive or a folder"), start
        )
        if folder:
            self.set_folder(Path(folder))

    def set_folder(self, folder: Path) -> None:
        index = self.folders.findData(str(folder))
        if index < 0:
            self.folders.addItem(str(folder), str(folder))
            index = self.folders.count() - 1
        self.folders.setCurrentIndex(index)

    def folder(self) -> Path | None:
        data = self.folders.currentData()
        return Path(data) if data else None
