"""Write the user guide's own pictures (first-run wizard, sign-in) to docs/guide/images/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/guide/screenshots.py

The pages of the app itself are in docs/screenshots/ (tools/screenshots.py).
"""

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "images"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")
    from carepoint import i18n, users
    from carepoint.setup import initialise

    from ui.first_run import FirstRunWizard
    from ui.qt_setup import install_qt_translations, prepare_application
    from ui.sign_in import SignInDialog

    app = prepare_application(["guide"])
    i18n.set_language("zh_CN")
    install_qt_translations("zh_CN")
    OUT.mkdir(exist_ok=True)

    def save(widget, name):
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / name))

    with tempfile.TemporaryDirectory() as folder:
        wizard = FirstRunWizard(Path(folder) / "wizard")
        wizard.resize(640, 480)
        save(wizard, "first-run-1.png")
        wizard.next()
        place = wizard.place_page
        place.code.setText("321183104201")
        place.name.setText("桃园村")
        place.township.setText("白兔镇")
        place.county.setText("句容市")
        save(wizard, "first-run-2.png")
        wizard.next()
        save(wizard, "first-run-3.png")
        wizard.next()
        admin = wizard.admin_page
        admin.username.setText("admin")
        admin.password.setText("taoyuan-2026")
        admin.repeated.setText("taoyuan-2026")
        save(wizard, "first-run-4.png")
        wizard.close()

        store = initialise(Path(folder) / "village", code="321183104201", name="桃园村",
                           township="白兔镇", county="句容市", actor="guide")
        users.create_account(store, "admin", "taoyuan-2026", "administrator")
        dialog = SignInDialog(store)
        dialog.form.username.setText("admin")
        save(dialog, "sign-in.png")
        dialog.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
