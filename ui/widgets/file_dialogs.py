"""File dialogs that speak Chinese all the way down: sizes in KB/MB, dates as 2026-12-01 23:18,
types as 文件夹 / PDF 文件, and names shown whole in a wide detail list.

Qt's own dialog is used everywhere (the native one follows the language of Windows, which is
English on many donated PCs); its labels come from Qt's catalogs (ui/qt_setup.py). The functions
return what QFileDialog's static functions return, so a caller changes only the name it calls.
"""

from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QTreeView, QWidget

from carepoint.i18n import _

SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3
DIALOG_SIZE = (960, 560)  # fits 1366×768 with room for the task bar
_DISPLAY = Qt.ItemDataRole.DisplayRole


def size_words(size: int) -> str:
    """1536 -> '1.5 KB': the units every cadre's phone shows (not KiB)."""
    if size < 1024:
        return _("{n} bytes").format(n=size)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"
    return ""


class ChineseFileColumns(QIdentityProxyModel):
    """Size, type and date columns written out here instead of in the system locale."""

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        column = index.column()
        if role != _DISPLAY or column not in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            return super().data(index, role)
        model = self.sourceModel()
        if not isinstance(model, QFileSystemModel):
            return super().data(index, role)
        info = model.fileInfo(self.mapToSource(index))
        if column == SIZE_COLUMN:
            return "" if info.isDir() else size_words(info.size())
        if column == TYPE_COLUMN:
            if info.isDir():
                return _("Folder")
            suffix = info.suffix().upper()
            return _("{kind} file").format(kind=suffix) if suffix else _("File")
        modified = info.lastModified()
        return modified.toString("yyyy-MM-dd HH:mm") if modified.isValid() else ""


def dress(dialog: QFileDialog) -> QFileDialog:
    """Our dialog instead of the platform's: detail list, Chinese columns, names shown whole."""
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.setProxyModel(ChineseFileColumns(dialog))
    dialog.resize(*DIALOG_SIZE)
    for view in dialog.findChildren(QTreeView):
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    dress(dialog)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return dialog.selectedFiles()


def get_open_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""  # noqa: A002
) -> tuple[str, str]:
    dialog = QFileDialog(parent, caption, directory, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_open_file_names(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""  # noqa: A002
) -> tuple[list[str], str]:
    dialog = QFileDialog(parent, caption, directory, filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    chosen = _run(dialog)
    return (chosen, dialog.selectedNameFilter()) if chosen else ([], "")


def get_save_file_name(
    parent: QWidget | None, caption: str = "", directory: str = "", filter: str = ""  # noqa: A002
) -> tuple[str, str]:
    dialog = QFileDialog(parent, caption, directory, filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    chosen = _run(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_existing_directory(parent: QWidget | None, caption: str = "", directory: str = "") -> str:
    dialog = QFileDialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""
