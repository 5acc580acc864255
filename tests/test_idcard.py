import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepoint import idcard

TODAY = dt.date(2026, 11, 23)


def test_a_valid_number_gives_its_birth_date_and_gender():
    parsed = idcard.parse("11010519491231002X", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "female"


def test_an_odd_sequence_digit_means_male():
    number = "32118319520314001" + idcard.check_char("32118319520314001")
    assert idcard.parse(number, today=TODAY).gender == "male"


@pytest.mark.parametrize(
    "written",
    [
        "11010519491231002x",
        " 110105 1949 1231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105-19491231-002X",
        "11010519491231002X\u3000",
    ],
)
def test_spreadsheet_variants_are_normalised(written):
    assert idcard.parse(written, today=TODAY).number == "11010519491231002X"


def test_a_wrong_check_character_is_refused_with_the_right_one_named():
    with pytest.raises(idcard.InvalidIdNumber, match="X"):
        idcard.parse("110105194912310021", today=TODAY)


def test_a_15_digit_number_is_converted_to_18_digits():
    parsed = idcard.parse("110105491231002", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.converted_from_15


def test_a_15_digit_number_stored_by_excel_as_a_float_still_converts():
    assert idcard.parse(110105491231002.0, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("mangled", [1.10105194912310e17, "1.10105194912310E+17"])
def test_an_18_digit_number_mangled_by_excel_is_refused_not_guessed(mangled):
    from carepoint import i18n

    i18n.set_language("en")
    with pytest.raises(idcard.InvalidIdNumber, match="stored as a number"):
        idcard.parse(mangled, today=TODAY)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194902301234", "impossible birth date"),
        ("00010519491231002X", "address code"),
        ("11010519491231002", "18 characters"),
        ("1101051949123100ZX", "17 digits"),
        ("", "missing"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(number, reason):
    from carepoint import i18n

    i18n.set_language("en")
    with pytest.raises(idcard.InvalidIdNumber, match=reason):
        idcard.parse(number, today=TODAY)


def test_a_birth_date_in_the_future_is_refused():
    first17 = "11010520300101001"
    with pytest.raises(idcard.InvalidIdNumber):
        idcard.parse(first17 + idcard.check_char(first17), today=TODAY)


def test_an_age_over_125_is_refused_even_with_a_valid_checksum():
    # The GB 11643 example number is arithmetically valid but its holder would be 146.
    with pytest.raises(idcard.InvalidIdNumber):
        idcard.parse("440524188001010014", today=TODAY)
    assert idcard.parse("440524188001010014", today=dt.date(1990, 1, 1)).gender == "male"


def test_the_reason_is_in_chinese_by_default():
    with pytest.raises(idcard.InvalidIdNumber, match="校验"):
        idcard.parse("110105194912310021", today=TODAY)


@given(
    address=st.sampled_from(["110105", "321183", "440524", "510104"]),
    birth=st.dates(min_value=dt.date(1902, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_every_number_built_by_the_rule_is_accepted_and_round_trips(address, birth, sequence):
    first17 = f"{address}{birth:%Y%m%d}{sequence:03d}"
    parsed = idcard.parse(first17 + idcard.check_char(first17), today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if sequence % 2 else "female")


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_any_18_characters_are_either_accepted_with_a_correct_check_or_refused(text):
    try:
        parsed = idcard.parse(text, today=TODAY)
    except idcard.InvalidIdNumber:
        return
    assert parsed.number[17] == idcard.check_char(parsed.number[:17])


def test_age_counts_completed_years_and_leap_day_birthdays():
    assert idcard.age_on(dt.date(1946, 11, 24), TODAY) == 79
    assert idcard.age_on(dt.date(1946, 11, 23), TODAY) == 80
    assert idcard.age_on(dt.date(1948, 2, 29), dt.date(2027, 2, 28)) == 78
    assert idcard.age_on(dt.date(1948, 2, 29), dt.date(2027, 3, 1)) == 79


def test_masking_keeps_the_first_and_last_four():
    assert idcard.mask("11010519491231002X") == "1101**********002X"
