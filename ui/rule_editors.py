"""The rule tables an administrator can edit in the settings page: (button title msgid, opener).

Each area that has rules (visits, meals, subsidies …) adds its editor here; the opener is called
with the settings page and the AppContext and shows a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.context import AppContext

RuleEditorOpener = Callable[[QWidget, AppContext], None]
RULE_EDITORS: list[tuple[str, RuleEditorOpener]] = []
