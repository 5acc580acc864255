"""Page 1 of every printed form as a PNG (110 dpi) in docs/forms/, from a small demo village;
the township's forms (township-*.png) from a township office that imported two such villages.

python tools/form_previews.py [--out docs/forms] [--lang zh_CN]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("CAREPOINT_TODAY", "2026-11-23")

from carepoint import clock, i18n  # noqa: E402
from carepoint.demo import generate_demo  # noqa: E402
from carepoint.permissions import local_administrator  # noqa: E402
from carepoint.reports import FORMS, TOWNSHIP_FORMS  # noqa: E402
from carepoint.setup import initialise  # noqa: E402
from carepoint.subsidies import months  # noqa: E402
from carepoint.subsidies.workflow import compute_month  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DPI = 110
PASSPHRASE = "preview-passphrase"
VILLAGES = (("321183104201", "桃园村"), ("321183104202", "梨园村"))


def subjects(store) -> dict[str, str]:
    """A resident with carers and visits for the card; the busiest volunteer for the certificate."""
    number = store.db.execute_sql(
        "SELECT r.id_number FROM resident r JOIN carer c ON c.resident_id = r.id"
        " JOIN visit v ON v.resident_id = r.id WHERE r.status = 'active'"
        " GROUP BY r.id ORDER BY count(DISTINCT v.id) DESC, r.id LIMIT 1"
    ).fetchone()[0]
    volunteer = store.db.execute_sql(
        "SELECT volunteer_id FROM timebank_entry GROUP BY volunteer_id ORDER BY count(*) DESC"
        " LIMIT 1"
    ).fetchone()[0]
    return {"resident": number, "volunteer": str(volunteer)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "forms")
    parser.add_argument("--lang", default="zh_CN")
    args = parser.parse_args()
    i18n.set_language(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    today = clock.today()
    month = today.replace(day=1)
    with tempfile.TemporaryDirectory() as tmp:
        store = initialise(
            Path(tmp) / "data", code="321183104201", name="桃园村", township="白兔镇",
            county="句容市", actor="demo",
        )  # fmt: skip
        generate_demo(store, residents=150, months=3, seed=1, today=today)
        compute_month(store, months.of_day(month))
        found = subjects(store)
        for spec in FORMS.values():
            options = {"today": today, "actor": local_administrator("preview")}
            if spec.subject:
                options["subject"] = found[spec.subject]
            pdf = spec.write(store, month, Path(tmp) / f"{spec.name}.pdf", **options)
            save_first_page(pdf, args.out / f"{spec.name}.png")
        store.close()
        township = township_with_villages(Path(tmp), today)
        for spec in TOWNSHIP_FORMS.values():
            pdf = spec.write(
                township, month, Path(tmp) / f"township-{spec.name}.pdf", today=today,
                actor=local_administrator("preview"),
            )
            save_first_page(pdf, args.out / f"township-{spec.name}.png")
        township.close()


def save_first_page(pdf: Path, png: Path) -> None:
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    page.render(scale=DPI / 72).to_pil().save(png, optimize=True)
    print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


def township_with_villages(root: Path, today):
    """白兔镇's office after importing the packages of two demo villages."""
    from carepoint.db import open_store
    from carepoint.exchange.confirmation import confirm_village, own_digits
    from carepoint.exchange.enrollment import enroll_from_file, enroll_village
    from carepoint.exchange.keys import create_township_keys, ensure_village_keys
    from carepoint.exchange.township_import import import_packages
    from carepoint.exchange.village_export import export_package
    from carepoint.permissions import local_administrator

    admin = local_administrator()
    township = initialise(root / "township", code="321183104", name="白兔镇", county="句容市",
                          role="township", actor="demo")  # fmt: skip
    create_township_keys(township, PASSPHRASE)
    for code, name in VILLAGES:
        enroll_village(township, code, name, root / f"{code}.json", actor=admin)
    township.close()  # one store open at a time: the models follow the one opened last
    packages, digits = [], {}
    for seed, (code, name) in enumerate(VILLAGES, 2):
        store = initialise(root / code, code=code, name=name, township="白兔镇",
                           county="句容市", actor="demo")  # fmt: skip
        ensure_village_keys(store)
        enroll_from_file(store, root / f"{code}.json", actor=admin)
        digits[code] = own_digits(store)  # read off its 入网确认单 by the township's clerk
        generate_demo(store, residents=150, months=3, seed=seed, today=today)
        compute_month(store, months.of_day(today))
        packages.append(export_package(store, root / "usb", actor=admin).path)
        store.close()
    township = open_store(root / "township", actor="demo")
    for code, typed in digits.items():
        confirm_village(township, code, typed, PASSPHRASE, actor=admin)
    import_packages(township, packages, PASSPHRASE, actor=admin)
    return township


if __name__ == "__main__":
    main()
