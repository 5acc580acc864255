from carepoint.reports.template import Column, FormHeader, FormWriter, wrap

HEADER = FormHeader("桃园村互助幸福院 2026年11月 测试表", ["月份：2026年11月"])
LONG_NAME = "阿卜杜热合曼·买买提依明·司马义"
LONG_ADDRESS = "江苏省镇江市句容市白兔镇桃园村十二组七十九号东边第三户院子后面的小平房"


def test_a_long_name_and_address_wrap_inside_their_cells(tmp_path, read_pdf):
    columns = [Column("姓名", 12), Column("住址", 30), Column("备注", 100)]
    with FormWriter(tmp_path / "t.pdf", HEADER, columns) as writer:
        writer.rows([[LONG_NAME, LONG_ADDRESS, "短"]])
        path = writer.finish()
    pdf = read_pdf(path)
    lines = pdf.pages[0].splitlines()
    assert LONG_NAME not in lines and not any(LONG_ADDRESS in line for line in lines)
    name_lines = [line for line in lines if line and line.replace(" ", "") in LONG_NAME]
    assert len(name_lines) >= 2
    assert LONG_NAME in pdf.flat and LONG_ADDRESS in pdf.flat


def test_wrapping_keeps_every_line_within_the_width():
    from reportlab.pdfbase import pdfmetrics

    from carepoint.reports.template import FONT, register_font

    register_font()
    for text in (LONG_ADDRESS, "Household registration address of the resident, in full"):
        lines = wrap(text, 60)
        assert len(lines) > 1
        assert all(pdfmetrics.stringWidth(line, FONT, 9) <= 60 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_english_text_breaks_between_words():
    text = "signature or thumbprint of the recipient"
    lines = wrap(text, 80)
    assert len(lines) > 1
    assert all(set(line.split()) <= set(text.split()) for line in lines)


def test_a_phone_number_is_never_cut_in_two_and_brackets_stay_with_their_words():
    from reportlab.pdfbase import pdfmetrics

    from carepoint.reports.template import FONT, register_font

    register_font()
    carers = "王宝林（配偶）13506737027；王燕（女）18283971700；王志强（子）17728923497"
    phones = ["13506737027", "18283971700", "17728923497"]
    for width in (90, 110, 140, 170):
        lines = wrap(carers, width)
        assert len(lines) > 1
        assert "".join(lines) == carers
        assert all(pdfmetrics.stringWidth(line, FONT, 9) <= width for line in lines)
        assert all(any(phone in line for line in lines) for phone in phones), lines
        assert not any(line[0] in "）；" or line[-1] == "（" for line in lines), lines


def test_a_number_longer_than_the_whole_line_is_still_broken_to_fit():
    lines = wrap("6228480402564890018622848040256489", 40)
    assert len(lines) > 1 and "".join(lines) == "6228480402564890018622848040256489"
