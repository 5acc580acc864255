"""Page 1 of every printed form as a PNG (110 dpi) in docs/forms/, from a small demo village.

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
from carepoint.reports import FORMS  # noqa: E402
from carepoint.setup import initialise  # noqa: E402
from carepoint.subsidies import months  # noqa: E402
from carepoint.subsidies.workflow import compute_month  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DPI = 110


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
    import pypdfium2

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
            options = {"today": today}
            if spec.subject:
                options["subject"] = found[spec.subject]
            pdf = spec.write(store, month, Path(tmp) / f"{spec.name}.pdf", **options)
            page = pypdfium2.PdfDocument(pdf)[0]
            png = args.out / f"{spec.name}.png"
            page.render(scale=DPI / 72).to_pil().save(png, optimize=True)
            print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
        store.close()


if __name__ == "__main__":
    main()
