"""The rule tables an administrator can edit in the settings page: (button title msgid, opener).

Each area that has rules (visits, meals, subsidies …) adds its editor here; the opener is called
with the settings page and the AppContext and shows a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from carepoint.i18n import N_

from ui.context import AppContext

RuleEditorOpener = Callable[[QWidget, AppContext], None]
RULE_EDITORS: list[tuple[str, RuleEditorOpener]] = []


def _meal_rules(parent: QWidget, context: AppContext) -> None:
    from ui.meals.rules_dialog import open_meal_rules

    open_meal_rules(parent, context)


def _timebank_caps(parent: QWidget, context: AppContext) -> None:
    from ui.timebank.caps_dialog import open_timebank_caps

    open_timebank_caps(parent, context)


def _visit_rules(parent: QWidget, context: AppContext) -> None:
    from ui.visits.rules_editor import open_visit_rules_editor

    open_visit_rules_editor(parent, context)


def _subsidy_rules(parent: QWidget, context: AppContext) -> None:
    from ui.subsidies.rules_editor import open_rules_editor

    open_rules_editor(parent, context)


RULE_EDITORS.append((N_("Meal prices and subsidies…"), _meal_rules))
RULE_EDITORS.append((N_("Time bank caps…"), _timebank_caps))
RULE_EDITORS.append((N_("Visit frequencies…"), _visit_rules))
RULE_EDITORS.append((N_("Subsidy rules…"), _subsidy_rules))
