"""One name per subsidy item: Jurong's rules call the old-age item 尊老金, so the page, the home
card, the printed roster and the command line say 尊老金, never the type's generic 高龄津贴."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from builders import id_number
from pypdf import PdfReader

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

from carepoint.residents import ResidentInput, create_resident
from carepoint.subsidies import months
from carepoint.subsidies.workflow import compute_month

RULES_NAME, TYPE_NAME = "尊老金", "高龄津贴"
NOVEMBER = months.parse("2026-11")


def _jurong_village(village):
    village.set_setting("rules_preset", "jurong")
    for number, (name, birth) in enumerate(
        (("周德明", dt.date(1942, 4, 1)), ("吴桂兰", dt.date(1935, 8, 8))), 1
    ):
        create_resident(
            village,
            ResidentInput(name=name, id_number=id_number(birth, number),
                          bank_account=f"622848040256489{number:04d}"),
        )  # fmt: skip
    return village


def _texts(page) -> list[str]:
    found = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
    for combo in page.findChildren(QComboBox):
        found += [combo.itemText(i) for i in range(combo.count())]
    model = page.tabs.model
    found += [
        str(model.data(model.index(row, column)))
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    return found


def test_the_subsidies_page_names_the_item_as_the_rules_do(qtbot, village, signed_in, make_page):
    _jurong_village(village)
    page = make_page(signed_in("admin"))

    qtbot.mouseClick(page.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle and page.tabs.model.rowCount() == 2, timeout=10000)

    texts = _texts(page)
    assert RULES_NAME in page.totals_label.text()
    assert RULES_NAME in [page.tabs.type_filter.itemText(i) for i in range(1, 4)]
    assert [page.tabs.model.data(page.tabs.model.index(r, 2)) for r in range(2)] == [RULES_NAME] * 2
    assert not [text for text in texts if TYPE_NAME in text]


def test_the_home_card_totals_carry_the_rules_name(qtbot, village, signed_in):
    from carepoint.subsidies.summary import month_summary

    _jurong_village(village)
    compute_month(village, NOVEMBER, meal_subsidies=None, role="administrator")

    [old_age] = [t for t in month_summary(village, NOVEMBER).totals if t.amount_fen]
    assert old_age.label == RULES_NAME


def test_the_printed_subsidy_roster_names_the_item_as_the_rules_do(village, tmp_path):
    from carepoint.reports.subsidies import write_subsidies

    _jurong_village(village)
    compute_month(village, NOVEMBER, meal_subsidies=None, role="administrator")

    out = write_subsidies(village, dt.date(2026, 11, 1), tmp_path / "补贴.pdf")

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert text.count(RULES_NAME) >= 3  # two lines and the subtotal
    assert TYPE_NAME not in text


def test_the_command_line_prints_the_rules_name(village, data_dir, passwords):
    _jurong_village(village)
    command = [str(Path(sys.executable).parent / "carepoint"), "--data-dir", str(data_dir)]
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23", "CAREPOINT_USER": "admin",
           "CAREPOINT_PASSWORD": passwords["admin"]}  # fmt: skip
    done = subprocess.run([*command, "subsidies", "compute", "--month", "2026-11"],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    listed = subprocess.run([*command, "--json", "subsidies", "compute", "--month", "2026-11"],
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert RULES_NAME in done.stdout and TYPE_NAME not in done.stdout
    assert {line["item"] for line in json.loads(listed.stdout)["lines"]} == {RULES_NAME}
