import datetime as dt
import re

import pypdfium2
import pytest
from builders import add
from pypdf import PdfReader

from carepoint.reports.roster import write_roster
from carepoint.residents import CarerInput, set_status

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def village(store):
    add(
        store,
        "张三",
        birth=dt.date(1940, 2, 3),
        sequence=1,
        group_name="一组",
        phone="13812345678",
        notes="耳背",
        carers=[CarerInput("张大", "长子", "13900001111")],
    )
    add(store, "李秀英", birth=dt.date(1950, 6, 7), sequence=2, group_name="二组")
    gone = add(store, "王五", birth=dt.date(1930, 1, 1), sequence=3)
    set_status(store, gone.id, "deceased", dt.date(2026, 10, 1), "病故")
    store.set_setting("complaint_phone", "0511-87654321")
    return store


def text_of(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_roster_lists_the_people_in_the_register_at_the_month_end(village, tmp_path):
    path = write_roster(village, NOVEMBER, tmp_path / "roster.pdf")
    text = text_of(path)
    assert "张三" in text and "李秀英" in text and "王五" not in text
    assert "11010519400203001" not in text  # built with the 321183 address code
    assert "321183194002030011"[:17] in text.replace(" ", "")
    assert "13812345678" in text and "耳背" in text
    assert "桃园村互助幸福院 2026年11月" in text
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)


def test_a_past_month_still_lists_someone_who_died_later(village, tmp_path):
    text = text_of(write_roster(village, dt.date(2026, 9, 1), tmp_path / "roster.pdf"))
    assert "王五" in text


def test_the_public_notice_masks_ids_phones_and_leaves_out_notes(village, tmp_path):
    path = write_roster(
        village, NOVEMBER, tmp_path / "public.pdf", public=True, today=dt.date(2026, 11, 23)
    )
    text = text_of(path).replace(" ", "")
    assert "13812345678" not in text and "138****5678" in text
    assert "139****1111" in text
    assert "耳背" not in text
    assert not re.search(r"\d{17}[\dX]", text)
    assert "0511-87654321" in text


def test_the_font_is_embedded_as_a_subset_in_every_pdf(village, tmp_path):
    reader = PdfReader(write_roster(village, NOVEMBER, tmp_path / "roster.pdf"))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        ).get_object()
        assert "/FontFile2" in descriptor
        assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"])


def test_a_long_roster_repeats_the_column_titles_on_every_page_and_counts_pages(store, tmp_path):
    from carepoint.demo import generate_village

    generate_village(store, residents=300, months=0, seed=5)
    reader = PdfReader(write_roster(store, NOVEMBER, tmp_path / "roster.pdf"))
    pages = len(reader.pages)
    assert pages > 5
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        if re.search(r"\d{17}[\dX]", text):  # a page of rows (the signatures may run onto one)
            assert "身份证号码" in text
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{pages}\s*页", text)


def test_the_roster_renders_to_a_page_with_ink_on_it(village, tmp_path):
    document = pypdfium2.PdfDocument(write_roster(village, NOVEMBER, tmp_path / "roster.pdf"))
    image = document[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert image.width > image.height  # landscape
    assert dark > 2000


def test_a_failed_write_leaves_no_file_behind(village, tmp_path, monkeypatch):
    import os

    from carepoint.errors import UserInputError

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(UserInputError):
        write_roster(village, NOVEMBER, tmp_path / "roster.pdf")
    assert list(tmp_path.glob("*roster*")) == []


def _add_low_income(store):
    from carepoint.residents import CategoryInput

    return add(
        store, "赵六", birth=dt.date(1944, 8, 9), sequence=4, group_name="三组",
        categories=[CategoryInput("low_income", dt.date(2020, 1, 1)),
                    CategoryInput("living_alone", dt.date(2020, 1, 1))],
    )  # fmt: skip


def _cells_after(text: str, name: str) -> list[str]:
    """The cells of the row that starts with `name` (each cell is its own line of text)."""
    lines = text.splitlines()
    start = lines.index(name)
    return lines[start + 1 : start + 8]


def test_the_public_copy_shows_the_year_of_birth_only(village, tmp_path):
    text = text_of(write_roster(village, NOVEMBER, tmp_path / "public.pdf", public=True))
    flat = text.replace(" ", "")
    assert "1940-02-03" not in flat
    assert "1940" in _cells_after(text, "张三")
    assert "出生年份" in flat
    full = text_of(write_roster(village, NOVEMBER, tmp_path / "full.pdf")).replace(" ", "")
    assert "1940-02-03" in full


def test_the_public_copy_leaves_out_hardship_and_says_so_on_its_face(village, tmp_path):
    _add_low_income(village)
    text = text_of(write_roster(village, NOVEMBER, tmp_path / "p.pdf", public=True))
    assert "独居、高龄（80岁以上）" in _cells_after(text, "赵六")
    assert not any("低保" in cell for cell in _cells_after(text, "赵六"))
    flat = text.replace(" ", "").replace("\n", "")
    assert "为保护老人隐私" in flat and "低保" in flat.split("为保护老人隐私")[1]
    full = text_of(write_roster(village, NOVEMBER, tmp_path / "f.pdf"))
    assert "独居、低保、高龄（80岁以上）" in _cells_after(full, "赵六")


def test_a_notice_about_one_benefit_shows_that_category(village, tmp_path):
    _add_low_income(village)
    path = write_roster(village, NOVEMBER, tmp_path / "p.pdf", public=True,
                        notice_for="low_income")  # fmt: skip
    text = text_of(path)
    assert "独居、低保、高龄（80岁以上）" in _cells_after(text, "赵六")
    flat = text.replace(" ", "").replace("\n", "")
    statement = flat.split("为保护老人隐私")[1].split("等类别")[0]
    assert "特困" in statement and "低保" not in statement


def test_every_resident_and_carer_of_a_roster_longer_than_one_query_is_on_it(store, tmp_path):
    from carepoint.demo import generate_village
    from carepoint.models import Carer, Resident

    # Given a village of 1,000 residents, more than the 900 ids the roster reads per query
    generate_village(store, residents=1000, months=0, seed=6)
    # When its roster is printed
    flat = re.sub(r"\s+", "", text_of(write_roster(store, NOVEMBER, tmp_path / "roster.pdf")))
    # Then everyone in the register has their ID number and every carer's phone on it
    with store.bound():
        active = Resident.select(Resident.id).where(Resident.status == "active")
        numbers = [r.id_number for r in Resident.select(Resident.id_number).where(
            Resident.id.in_(active))]  # fmt: skip
        phones = [c.phone for c in Carer.select(Carer.phone).where(
            (Carer.phone != "") & Carer.resident.in_(active))]  # fmt: skip
    assert len(numbers) > 950 and len(phones) > 900
    assert all(number in flat for number in numbers)
    assert all(phone in flat for phone in phones)
