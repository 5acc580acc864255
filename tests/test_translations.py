import importlib.util
from pathlib import Path

import pytest

from carepoint import i18n

TOOL = Path(__file__).resolve().parent.parent / "tools" / "i18n.py"


@pytest.fixture(scope="module")
def catalogs():
    spec = importlib.util.spec_from_file_location("i18n_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_marked_message_has_a_translation(catalogs, locale):
    gaps = catalogs.missing(locale)
    assert gaps == [], f"{len(gaps)} messages lack a {locale} translation; run make catalogs"


def test_placeholders_survive_translation(catalogs):
    import re

    catalog = catalogs.read(catalogs.po_path("zh_CN"), "zh_CN")
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            wanted = set(re.findall(r"\{[a-z_]+[^}]*\}", message.id))
            assert set(re.findall(r"\{[a-z_]+[^}]*\}", message.string)) == wanted, message.id


def test_the_language_can_be_switched_and_unknown_languages_are_refused():
    assert i18n.set_language("en") == "en"
    assert i18n._("registered") == "registered"
    assert i18n.set_language("zh-CN") == "zh_CN"
    assert i18n._("registered") == "在册"
    with pytest.raises(ValueError):
        i18n.normalise_locale("fr")


def test_money_and_dates_are_formatted_for_the_locale():
    import datetime as dt

    i18n.set_language("zh_CN")
    assert i18n.format_fen(140950) == "¥1,409.50"
    assert "2026" in i18n.format_date(dt.date(2026, 11, 23))
    i18n.set_language("en")
    assert i18n.format_date(dt.date(2026, 11, 23)) == "Nov 23, 2026"
