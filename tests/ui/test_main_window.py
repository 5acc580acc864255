"""The main window: pages, keyboard, status bar, a 1366×768 screen, remembered geometry."""

from PySide6.QtCore import QByteArray, Qt

from carepoint.session import Session

from ui.context import AppContext
from ui.main_window import GEOMETRY_SETTING

# What is left of a 1366×768 screen under a Windows taskbar and the window's title bar.
USABLE = (1366, 768 - 40 - 32)


def test_the_navigation_offers_home_and_settings_and_opens_on_home(main_window):
    keys = [spec.key for spec in main_window.pages]

    assert main_window.navigation.count() == len(keys)
    assert (keys[0], keys[-1]) == ("home", "settings")
    assert {"register", "reports"} <= set(keys)
    assert len(set(keys)) == len(keys)
    assert main_window.current_page_key() == "home"


def test_ctrl_and_a_number_switch_pages(qtbot, main_window):
    last = len(main_window.pages)
    last_key = Qt.Key(Qt.Key.Key_0.value + last % 10)  # Ctrl+0 opens the tenth page

    qtbot.keyClick(main_window, last_key, Qt.KeyboardModifier.ControlModifier)

    assert main_window.current_page_key() == "settings"
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "home"


def test_clicking_a_page_in_the_navigation_shows_it(qtbot, main_window):
    nav = main_window.navigation
    row = len(main_window.pages) - 1
    where = nav.visualItemRect(nav.item(row)).center()

    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=where)

    assert main_window.current_page_key() == "settings"


def test_the_status_bar_names_the_care_point_and_the_signed_in_user(main_window, context):
    assert main_window.place_label.text() == context.store.setting("care_point_name")
    assert "admin" in main_window.user_label.text()
    assert Session("admin", "administrator").role_label in main_window.user_label.text()


def test_every_page_fits_a_1366_by_768_screen(qtbot, main_window):
    main_window.resize(*USABLE)

    for index, spec in enumerate(main_window.pages):
        main_window.show_page(index)
        qtbot.wait(10)
        page = main_window.built[index]
        hint = main_window.minimumSizeHint()
        assert hint.width() <= USABLE[0] and hint.height() <= USABLE[1], spec.key
        assert main_window.size().toTuple() == USABLE, spec.key
        assert page.width() <= main_window.stack.width(), spec.key
        assert page.minimumSizeHint().height() <= main_window.stack.height(), spec.key


def test_the_window_comes_back_where_it_was_left(qtbot, make_window, context):
    first = make_window(context)
    first.show()
    # a size of our own choosing, between the window's minimum and the (offscreen) screen
    screen = first.screen().availableGeometry()
    least = first.minimumSizeHint()
    chosen = (
        min(least.width() + 20, screen.width() - 10),
        min(least.height() + 20, screen.height() - 10),
    )
    first.resize(*chosen)
    qtbot.wait(10)
    assert first.size().toTuple() == chosen
    first.close()
    assert context.store.setting(GEOMETRY_SETTING)

    second = make_window(context)
    second.show()

    assert second.size().toTuple() == chosen


def test_a_damaged_saved_geometry_falls_back_to_a_default_size(qtbot, make_window, context):
    context.store.set_setting(GEOMETRY_SETTING, bytes(QByteArray(b"junk").toBase64()).decode())

    window = make_window(context)

    assert window.width() > 600 and window.height() > 400


def test_a_demo_says_so_in_the_title_and_a_banner(make_window, village):
    window = make_window(AppContext(village, Session("admin", "administrator")), demo=True)

    assert (
        window.windowTitle()
        != make_window(AppContext(village, Session("admin", "administrator"))).windowTitle()
    )
    assert window.findChild(type(window.place_label), "demoBanner") is not None
