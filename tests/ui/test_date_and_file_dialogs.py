"""Typing a date as a cadre writes it, and Qt's file dialogs in Chinese down to sizes and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import file_dialogs
from ui.widgets.date_edit import date_edit


@pytest.fixture
def date_field(qtbot):
    """A date field showing 2025-03-04 with a second field to move the focus to."""
    form = QWidget()
    qtbot.addWidget(form)
    field = date_edit(dt.date(2025, 3, 4), form)
    column = QVBoxLayout(form)
    column.addWidget(field)
    column.addWidget(QLineEdit(form))
    form.show()
    form.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.lineEdit().selectAll()
    field.form = form  # the test holds the form through its field
    return field


@pytest.mark.parametrize("typed", ["2026-12-01", "20261201", "2026/12/1", "2026-12-1"])
def test_a_whole_date_typed_in_digits_is_taken_on_enter(qtbot, date_field, typed):
    qtbot.keyClicks(date_field, typed)
    qtbot.keyClick(date_field, Qt.Key.Key_Return)
    assert date_field.date() == QDate(2026, 12, 1)
    assert date_field.text() == "2026-12-01"


def test_a_date_typed_in_chinese_is_taken(qtbot, date_field, type_chinese):
    type_chinese(date_field.lineEdit(), "2026年12月1日")
    qtbot.keyClick(date_field, Qt.Key.Key_Return)
    assert date_field.date() == QDate(2026, 12, 1)


def test_typing_the_year_over_the_selected_year_changes_the_year(qtbot, date_field):
    date_field.setSelectedSection(QDateEdit.Section.YearSection)
    qtbot.keyClicks(date_field, "2026")
    assert date_field.date() == QDate(2026, 3, 4)


def test_a_date_typed_past_the_latest_allowed_goes_back_to_the_last_date(qtbot):
    field = date_edit(dt.date(2026, 11, 1), maximum=dt.date(2026, 11, 23))
    qtbot.addWidget(field)
    field.show()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "20261201")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 11, 1)
    assert field.text() == "2026-11-01"


def test_a_month_field_reads_a_month_typed_as_six_digits(qtbot):
    field = date_edit(dt.date(2026, 3, 1))
    field.setDisplayFormat("yyyy-MM")
    qtbot.addWidget(field)
    field.show()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "202612")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "2026-12"


def _visible_rows(dialog: QFileDialog) -> dict[str, list[str]]:
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    model, root = view.model(), view.rootIndex()
    return {
        model.index(r, 0, root).data(): [model.index(r, c, root).data() for c in range(1, 4)]
        for r in range(model.rowCount(root))
    }


def test_the_file_dialog_shows_labels_sizes_kinds_and_dates_in_chinese(qtbot, tmp_path):
    (tmp_path / "花名册-2026年12月.pdf").write_bytes(b"%" * 1536)
    (tmp_path / "备份").mkdir()
    seen = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            return
        timer.stop()
        qtbot.waitUntil(lambda: len(_visible_rows(dialog)) == 2)
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        seen["rows"] = _visible_rows(dialog)
        seen["height"] = dialog.height()
        dialog.reject()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(30)
    chosen = file_dialogs.get_open_file_name(None, "选择文件", str(tmp_path), "PDF (*.pdf)")
    assert chosen == ("", "")
    assert "查找范围(&L)：" in seen["labels"] and "文件类型(&T)：" in seen["labels"]
    size, kind, modified = seen["rows"]["花名册-2026年12月.pdf"]
    assert (size, kind) == ("1.5 KB", "PDF 文件")
    assert dt.datetime.strptime(modified, "%Y-%m-%d %H:%M")
    assert seen["rows"]["备份"][:2] == ["", "文件夹"]
    assert seen["height"] <= 728


def test_qt_s_own_buttons_keep_their_chinese_words_beside_the_filled_gaps(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QWizard

    wizard = QWizard()
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "下一步(&N) >"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
    assert QApplication.translate("CarePointNowhere", "Left as it is") == "Left as it is"
