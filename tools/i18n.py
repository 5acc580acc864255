"""Translation catalogs: `extract` updates resources/i18n/carepoint.pot and merges it into every
locale's .po; `compile` writes the .mo files the installed app loads; `check` lists gaps;
`fill FILE.json` extracts and then takes zh_CN translations from a JSON object {msgid: text}
(for a message with a context, the key is "context|msgid").

    python tools/i18n.py extract | compile | check [--strict] | fill FILE.json

extract and fill hold a lock on the catalogs, so two people running them at once do not lose
each other's work.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
POT = I18N / "carepoint.pot"
LOCALES = ("zh_CN", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def po_path(locale: str) -> Path:
    return I18N / locale / "LC_MESSAGES" / "carepoint.po"


def extract() -> Catalog:
    catalog = Catalog(project="CarePoint", charset="utf-8")
    for package in ("carepoint", "ui"):
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            catalog.add(
                message,
                locations=[(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update() -> None:
    template = extract()
    I18N.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True, no_location=True)
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            catalog = read(path, locale)
        else:
            catalog = Catalog(locale=locale, project="CarePoint", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        if locale == "en":  # English message ids are their own translation
            for message in catalog:
                if isinstance(message.id, tuple):  # a plural: (singular, plural)
                    if not all(message.string):
                        message.string = tuple(message.id)
                elif message.id and not message.string:
                    message.string = message.id
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, no_location=True, ignore_obsolete=True)


@contextlib.contextmanager
def catalogs_locked():
    I18N.mkdir(parents=True, exist_ok=True)
    with (I18N / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def fill(source: Path) -> int:
    """Extract, then set the zh_CN translations given in `source`; returns how many were set."""
    wanted = json.loads(source.read_text(encoding="utf-8"))
    with catalogs_locked():
        update()
        path = po_path("zh_CN")
        catalog = read(path, "zh_CN")
        done = 0
        for message in catalog:
            if not message.id or isinstance(message.id, tuple):
                continue
            key = f"{message.context}|{message.id}" if message.context else message.id
            text = wanted.get(key)
            if text and message.string != text:
                message.string = text
                message.flags.discard("fuzzy")
                done += 1
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, no_location=True, ignore_obsolete=True)
    return done


def missing(locale: str) -> list[str]:
    """Message ids in the source with no (or a fuzzy) translation in `locale`."""
    catalog = read(po_path(locale), locale)
    gaps = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found else None
        if isinstance(strings, tuple):
            ok = found is not None and all(strings) and not found.fuzzy
        else:
            ok = found is not None and bool(strings) and not found.fuzzy
        if not ok:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def compile_all(target: Path = I18N) -> None:
    for locale in LOCALES:
        catalog = read(po_path(locale), locale)
        out = target / locale / "LC_MESSAGES" / "carepoint.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "extract":
        with catalogs_locked():
            update()
    elif command == "fill":
        print(f"{fill(Path(sys.argv[2]))} zh_CN translations set")
    elif command == "compile":
        compile_all()
    else:
        total = 0
        for locale in LOCALES:
            gaps = missing(locale)
            total += len(gaps)
            print(f"{locale}: {len(gaps)} messages without a translation")
            for gap in gaps[:50]:
                print("   ", gap)
        if total and "--strict" in sys.argv:
            sys.exit("run 'make catalogs' and translate the new messages")
