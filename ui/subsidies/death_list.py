"""A death list (火化 / 公安销户 / 卫健) from the subsidies page: what it finds is shown first —
people still 在册 with what they were paid since, suggestions to check, rows not found — and
one confirmation records the deaths (payments stop, the recoveries list fills)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.subsidies.reasons import money

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets import file_dialogs

_SHOWN = 25  # rows of each list in the confirmation; the command line lists them all


def summary(found) -> str:
    lines = [
        _("{file}: {rows} rows, {matched} people still in the register, {already} already"
          " recorded, {suggested} to check by name and birth date, {unmatched} not found").format(
            file=found.file, rows=found.rows, matched=len(found.matched),
            already=len(found.already), suggested=len(found.suggestions),
            unmatched=len(found.unmatched))
    ]  # fmt: skip
    for m in found.matched[:_SHOWN]:
        text = _("{name} {number} died {date}").format(
            name=m.name, number=m.id_number, date=m.row.death_date or "?"
        )
        if m.paid_since_fen:
            text += _("; paid {amount} since ({months})").format(
                amount=money(m.paid_since_fen), months=", ".join(m.paid_months)
            )
        lines.append(text)
    lines += [
        _("To check: row {row} {listed} may be {name} {number}").format(
            row=m.row.row, listed=m.row.name, name=m.name, number=m.id_number
        )
        for m in found.suggestions[:_SHOWN]
    ]
    lines += found.problems[:_SHOWN]
    return "\n".join(lines)


def import_death_list(parent: QWidget, context: AppContext) -> None:
    from carepoint.subsidies.deaths import import_deaths

    path, _filter = file_dialogs.get_open_file_name(
        parent, _("The death list"), str(Path.home()), "Excel / CSV (*.xlsx *.xls *.csv)"
    )
    if not path:
        return
    store, role = context.store, context.session.role
    done, found = run_op(
        parent, context, lambda: import_deaths(store, Path(path), dry_run=True, role=role),
    )  # fmt: skip
    if not done:
        return
    if not found.matched:
        QMessageBox.information(parent, _("Death list"), summary(found))
        return
    answer = QMessageBox.question(
        parent, _("Death list"),
        summary(found) + "\n\n" + _("Record these {count} deaths? Their payments stop.").format(
            count=len(found.matched)),
    )  # fmt: skip
    if answer == QMessageBox.StandardButton.Yes:
        run_op(parent, context, lambda: import_deaths(store, Path(path), role=role),
               touches=Changed.SUBSIDIES | Changed.RESIDENTS)  # fmt: skip
