"""Form fixtures: a small demo village with a computed subsidy month, and PDF reading helpers."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from pypdf import PdfReader


@pytest.fixture
def demo(store):
    """80 residents with two months of visits, meals and volunteer hours; November computed."""
    from carepoint.demo import generate_demo
    from carepoint.subsidies import months
    from carepoint.subsidies.workflow import compute_month

    generate_demo(store, residents=80, months=2, seed=7)
    compute_month(store, months.parse("2026-11"))
    return store


class Pdf:
    def __init__(self, path):
        self.path = path
        self.reader = PdfReader(path)
        self.pages = [page.extract_text() for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """The text without spaces and line breaks (extraction spaces out CJK and figures)."""
        return re.sub(r"\s+", "", self.text)

    def numbered_every_page(self) -> bool:
        total = len(self.pages)
        return all(
            re.search(rf"第\s*{number}\s*页\s*共\s*{total}\s*页", text)
            or re.search(rf"Page\s*{number}\s*of\s*{total}", text)
            for number, text in enumerate(self.pages, 1)
        )

    def ink_on_first_page(self) -> int:
        image = pypdfium2.PdfDocument(self.path)[0].render(scale=1).to_pil().convert("L")
        return sum(image.histogram()[:128])

    def colour_on_first_page(self) -> int:
        """Pixels clearly coloured (the charts' bars), not grey or black."""
        from PIL import ImageChops

        image = pypdfium2.PdfDocument(self.path)[0].render(scale=1).to_pil().convert("RGB")
        red, _green, blue = image.split()
        return sum(ImageChops.subtract(blue, red).histogram()[60:])


@pytest.fixture
def read_pdf():
    return Pdf
