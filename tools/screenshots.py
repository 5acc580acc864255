"""Write the README's screenshots (zh_CN, 1366×768, a demo village) to docs/screenshots/.

    python tools/screenshots.py            # offscreen: Qt renders the widgets itself
    xvfb-run -a python tools/screenshots.py --platform xcb   # under a virtual X server

Either way the pictures come from QWidget.grab(), so they show exactly what the widgets paint,
with the font CarePoint ships (this machine may have no Chinese font at all).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 768)


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _composite(window, dialog):
    """The window, dimmed, with the dialog over its centre, as a user would see it."""
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    shot = dialog.grab()
    x = (picture.width() - shot.width()) // 2
    y = max(0, (picture.height() - shot.height()) // 2)
    painter.fillRect(x + 4, y + 4, shot.width(), shot.height(), QColor(0, 0, 0, 60))
    painter.drawPixmap(x, y, shot)
    painter.end()
    return picture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen or xcb")
    parser.add_argument("--residents", type=int, default=300)
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

    from carepoint import i18n
    from carepoint.session import Session

    from ui import app as app_module
    from ui.qt_setup import install_qt_translations, prepare_application

    qt_app = prepare_application(["screenshots"])
    i18n.set_language("zh_CN")
    install_qt_translations("zh_CN")
    demo = app_module.make_demo(args.residents)
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        window = app_module.build_main_window(
            demo.store, Session(app_module.DEMO_USERNAME, "administrator"), demo=True
        )
        window.resize(*SIZE)
        window.show()
        _settle(qt_app)

        def save(picture, name: str) -> None:
            path = args.out / name
            picture.save(str(path))
            written.append(path)

        save(window.grab(), "home.png")
        register = window.page("register")
        if register is not None:
            _settle(qt_app)
            save(window.grab(), "register.png")
            editor = _open_editor(register)
            if editor is not None:
                _settle(qt_app)
                save(_composite(window, editor), "editor.png")
                editor.reject()
        for key in ("visits", "meals", "timebank", "subsidies", "reports"):
            if window.page(key) is not None:
                _settle(qt_app)
                save(window.grab(), f"{key}.png")
        window.close()
    finally:
        demo.remove()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def _open_editor(register):
    """The editor on a registered (living) resident with categories, as a cadre would open it."""
    try:
        import ui.register.editor  # noqa: F401  (only when the register has an editor)
    except ModuleNotFoundError:
        return None
    from carepoint import clock
    from carepoint.residents import RegisterFilter, list_residents

    rows = list_residents(RegisterFilter(status="active"), clock.today())
    chosen = next((row for row in rows if len(row.categories) >= 2), rows[0] if rows else None)
    if chosen is None:
        return None
    register.select_resident(chosen.id)
    return register.open_editor(chosen.id)


if __name__ == "__main__":
    sys.exit(main())
