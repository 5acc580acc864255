"""F1 works in an installed app: the user guide and its pictures travel in the wheel."""

import zipfile


def test_the_wheel_ships_the_user_guide_with_its_pictures(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "carepoint/resources/guide/README.md" in names
    assert "carepoint/resources/guide/images/first-run-2.png" in names
    assert "carepoint/resources/screenshots/home.png" in names  # ../screenshots/ from the guide
