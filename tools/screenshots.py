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
import time
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
    # the moment too, so the pictures' "recent changes" are of that day, not of the day they're made
    os.environ.setdefault("CAREPOINT_NOW", "2026-11-23T01:30:00Z")

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
                if key == "reports":
                    _preview_roster(qt_app, window.page(key))
                _settle(qt_app)
                save(window.grab(), f"{key}.png")
        if window.page("settings") is not None:
            from carepoint.safety.backup import make_backup

            # so the page lists one, as after a day's work
            make_backup(demo.store.data_dir, actor=window.context.session)
            window.page("settings").backup.show_last()
            _settle(qt_app)
            save(window.grab(), "backup.png")
        township = _exchange_with_township(demo)
        exchange = window.page("exchange")
        if exchange is not None:
            exchange.destination.set_folder(township.parent / "usb")  # as if the USB drive
            _settle(qt_app)
            save(window.grab(), "exchange.png")
        window.close()
        _township_window(qt_app, township, save)
    finally:
        demo.remove()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


SHOT_PASSPHRASE = "screenshot-passphrase"
NEIGHBOURS = (("321183104202", "梨园村", 160), ("321183104203", "杏花村", 220))


def _carepoint(folder: Path, *args: str) -> None:
    """The command line in its own process (its data is not the window's)."""
    import subprocess

    env = {**os.environ, "CAREPOINT_PASSPHRASE": SHOT_PASSPHRASE}
    command = [sys.executable, "-m", "carepoint.cli", "--data-dir", str(folder), *args]
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def _digits(folder: Path) -> str:
    """The fingerprint on a village's 入网确认单, as the township's clerk types it."""
    import sqlite3

    from carepoint.exchange.confirmation import digits_of

    connection = sqlite3.connect(folder / "carepoint.sqlite3")
    try:
        (key,) = connection.execute(
            "SELECT value FROM setting WHERE key = 'exchange_sign_public'").fetchone()  # fmt: skip
    finally:
        connection.close()
    return digits_of(key)


def _exchange_with_township(demo) -> Path:
    """A township with the demo village and two neighbours: packages sent, October reviewed,
    and the return package imported by the demo village. Returns the township's folder."""
    from carepoint.exchange.enrollment import enroll_from_file
    from carepoint.exchange.village_export import export_package
    from carepoint.exchange.village_return import import_return
    from carepoint.permissions import local_administrator

    township, usb = demo.folder / "township", demo.folder / "usb"
    _carepoint(township, "init", "--village-code", "321183104", "--village-name", "白兔镇",
               "--role", "township")  # fmt: skip
    store = demo.store
    code, name = store.setting("village_code"), store.setting("village_name")
    enrollment = demo.folder / f"{code}.json"
    _carepoint(township, "township", "enroll", "--village-code", code, "--village-name", name,
               "--out", str(enrollment))  # fmt: skip
    enroll_from_file(store, enrollment, actor=local_administrator())
    packages = [str(export_package(store, usb, actor=local_administrator()).path)]
    for number, (other, other_name, residents) in enumerate(NEIGHBOURS, start=2):
        folder, file = demo.folder / other, demo.folder / f"{other}.json"
        _carepoint(township, "township", "enroll", "--village-code", other, "--village-name",
                   other_name, "--out", str(file))  # fmt: skip
        _carepoint(folder, "init", "--village-code", other, "--village-name", other_name,
                   "--enrollment", str(file))  # fmt: skip
        _carepoint(folder, "demo", "--residents", str(residents), "--seed", str(number))
        _carepoint(folder, "sync", "export", "--out", str(usb))
        packages += [str(p) for p in usb.glob(f"{other}-*.cpkg")]
    from carepoint.exchange.confirmation import own_digits

    _carepoint(township, "township", "confirm", code, "--fingerprint", own_digits(store))
    for other, _name, _residents in NEIGHBOURS:
        _carepoint(township, "township", "confirm", other, "--fingerprint",
                   _digits(demo.folder / other))  # fmt: skip
    _carepoint(township, "sync", "import", *packages)
    _carepoint(township, "township", "review", "--village-code", code, "--month", "2026-10",
               "--approve", "--comment", "材料齐全，同意")  # fmt: skip
    _carepoint(township, "township", "review", "--village-code", NEIGHBOURS[1][0], "--month",
               "2026-10", "--reject", "--comment", "助餐签到缺 10 月 12 日，请补录")  # fmt: skip
    returns = demo.folder / "returns"
    _carepoint(township, "sync", "export", "--out", str(returns))
    import_return(store, list(returns.glob(f"{code}-*.cpkg")), actor=local_administrator())
    return township


def _township_window(qt_app, township: Path, save) -> None:
    from carepoint.db import open_store
    from carepoint.session import Session

    from ui import app as app_module

    store = open_store(township, actor="admin")
    try:
        window = app_module.build_main_window(store, Session("admin", "administrator"))
        window.resize(*SIZE)
        window.show()
        overview = window.page("overview")
        overview.month.setCurrentIndex(overview.month.findData("2026-10"))
        overview.table.selectRow(0)
        _settle(qt_app)
        save(window.grab(), "township.png")
        window.close()
    finally:
        store.close()


def _preview_roster(qt_app, page) -> None:
    """The print page as a clerk sees it after pressing Preview on the roster."""
    page.form.setCurrentIndex(page.form.findData("roster"))
    page.preview()
    for _round in range(600):  # the form is written on a worker thread
        _settle(qt_app, 1)
        if page.preview_button.isEnabled():
            break
        time.sleep(0.05)
    for _round in range(20):  # QPdfView draws its pages on a thread of its own
        _settle(qt_app, 1)
        time.sleep(0.05)


def _open_editor(register):
    """The editor on a registered (living) resident with categories, as a cadre would open it."""
    try:
        import ui.register.editor  # noqa: F401  (only when the register has an editor)
    except ModuleNotFoundError:
        return None
    from carepoint import clock
    from carepoint.residents import RegisterFilter, list_residents

    rows = list_residents(register.context.store, RegisterFilter(status="active"), clock.today())
    chosen = next((row for row in rows if len(row.categories) >= 2), rows[0] if rows else None)
    if chosen is None:
        return None
    register.select_resident(chosen.id)
    return register.open_editor(chosen.id)


if __name__ == "__main__":
    sys.exit(main())
