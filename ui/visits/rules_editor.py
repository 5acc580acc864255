"""Settings › Visit frequencies: a new version of the tier rules from a chosen date.

Per tier: how often (a number of days, weeks or months) and its criteria, one per row: a
minimum age, categories (any of them), assessment levels. Saved through rules.save_version with
the tier validator, so a past month keeps the rules of its time.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories, clock, rules
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _, format_date
from carepoint.visits.labels import LEVELS, TIERS, level_label, tier_label
from carepoint.visits.periods import Every
from carepoint.visits.tiers import AREA, Criterion, TierRule, TierRules, parse_rules, problems

from ui.context import AppContext
from ui.visits.common import combo
from ui.widgets.rule_version import RuleVersionDialog

UNIT_LABELS = (("d", N_("days")), ("w", N_("weeks")), ("m", N_("months")))
SHOWN_CHOICES = 2


class ChoiceButton(QToolButton):
    """A button with a menu of checkable choices; its text lists what is chosen."""

    def __init__(self, choices: list[tuple[str, str]], chosen, empty: str, parent=None):
        super().__init__(parent)
        self.empty = empty
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_code = {}
        for code, label in choices:
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(code in chosen)
            action.toggled.connect(self._show)
            self.actions_by_code[code] = action
        self.setMenu(menu)
        self._show()

    def chosen(self) -> tuple[str, ...]:
        return tuple(code for code, action in self.actions_by_code.items() if action.isChecked())

    def _show(self, *_args) -> None:
        labels = [a.text() for a in self.actions_by_code.values() if a.isChecked()]
        # Two names and a count keep the row inside a 1366-wide screen; the tip lists them all.
        text = "、".join(labels) if labels else self.empty
        if len(labels) > SHOWN_CHOICES:
            text = _("{first} and {n} more").format(
                first="、".join(labels[:SHOWN_CHOICES]), n=len(labels) - SHOWN_CHOICES
            )
        self.setText(text)
        self.setToolTip("、".join(labels))


class CriterionRow(QWidget):
    def __init__(self, criterion: Criterion, parent=None):
        super().__init__(parent)
        self.age = QSpinBox(self)
        self.age.setRange(0, 130)
        self.age.setSpecialValueText(_("any age"))
        self.age.setPrefix(_("aged at least "))
        self.age.setValue(criterion.min_age or 0)
        codes = [(c, categories.label(c)) for c in categories.CODES]
        self.categories = ChoiceButton(codes, criterion.any_of, _("any category"), self)
        levels = [(lv, level_label(lv)) for lv in LEVELS]
        self.levels = ChoiceButton(levels, criterion.levels, _("any assessment"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.age, self.categories, self.levels, self.remove_button):
            row.addWidget(widget)

    def remove(self) -> None:
        self.hide()
        self.deleteLater()

    def criterion(self) -> Criterion:
        return Criterion(self.age.value() or None, self.categories.chosen(), self.levels.chosen())


class TierBox(QGroupBox):
    def __init__(self, rule: TierRule, parent=None):
        super().__init__(tier_label(rule.code), parent)
        self.code = rule.code
        self.count = QSpinBox(self)
        self.count.setRange(1, 365)
        self.count.setValue(rule.every.count)
        self.unit = combo(self, [(_(label), unit) for unit, label in UNIT_LABELS])
        self.unit.setCurrentIndex(self.unit.findData(rule.every.unit))
        add = QPushButton(_("Add a criterion"), self)
        add.clicked.connect(lambda: self.add_row(Criterion()))
        every = QHBoxLayout()
        every.addWidget(QLabel(_("Visit every"), self))
        every.addWidget(self.count)
        every.addWidget(self.unit)
        every.addStretch()
        every.addWidget(add)
        self.rows_layout = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(every)
        layout.addLayout(self.rows_layout)
        for criterion in rule.criteria:
            self.add_row(criterion)

    def add_row(self, criterion: Criterion) -> CriterionRow:
        row = CriterionRow(criterion, self)
        self.rows_layout.addWidget(row)
        return row

    def rows(self) -> list[CriterionRow]:
        return [self.rows_layout.itemAt(i).widget() for i in range(self.rows_layout.count())]

    def rule(self) -> TierRule:
        criteria = tuple(row.criterion() for row in self.rows() if not row.isHidden())
        return TierRule(self.code, Every(self.count.value(), self.unit.currentData()), criteria)


class VisitRulesEditor(RuleVersionDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        store, today = context.store, clock.today()
        touches = Changed.VISITS | Changed.RULES
        super().__init__(context, AREA, problems, touches, parent)
        self.setWindowTitle(_("Visit frequencies"))
        version = rules.rules_on(store, AREA, today)
        current = parse_rules(version.content)
        shown = {t.code: t for t in current.tiers}
        history = "；".join(
            f"{format_date(v.effective_from)} {v.note}" for v in rules.versions(store, AREA)
        )
        versions_label = QLabel(_("Versions: {list}").format(list=history), self)
        versions_label.setWordWrap(True)
        self.tier_boxes = [
            TierBox(shown.get(t, TierRule(t, Every(3, "m"), ())), self) for t in TIERS
        ]
        self.add_version_fields(today)
        self.error_label = self.error
        form = QFormLayout()
        form.addRow(_("In force from"), self.effective)
        form.addRow(_("Note"), self.note)
        buttons = self.add_buttons()
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        layout = QVBoxLayout(self)
        layout.addWidget(versions_label)
        for box in self.tier_boxes:
            layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(760)

    def content(self) -> dict:
        return TierRules(tuple(box.rule() for box in self.tier_boxes)).to_content()


def open_visit_rules_editor(parent: QWidget, context: AppContext) -> VisitRulesEditor:
    editor = VisitRulesEditor(context, parent)
    editor.open()
    return editor
