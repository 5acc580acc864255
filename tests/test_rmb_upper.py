import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepoint.i18n import rmb_upper

ALLOWED = set("壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分零整")
DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def read_back(text: str) -> int:
    """The amount in fen that a bank clerk reads from the words (an independent reading)."""
    units = {"拾": 10, "佰": 100, "仟": 1000}

    def small(words: str) -> int:  # below 10,000
        value = number = 0
        for char in words:
            if char in DIGITS:
                number = DIGITS[char]
            else:
                value, number = value + number * units[char], 0
        return value + number

    def whole(words: str) -> int:
        if "亿" in words:
            high, _, low = words.partition("亿")
            return whole(high) * 100_000_000 + whole(low)
        if "万" in words:
            high, _, low = words.partition("万")
            return small(high) * 10_000 + small(low)
        return small(words)

    text = text.removesuffix("整")
    yuan, _, cents = text.rpartition("元")
    fen, number = whole(yuan) * 100, 0
    for char in cents:
        if char in DIGITS:
            number = DIGITS[char]
        else:
            fen, number = fen + number * (10 if char == "角" else 1), 0
    return fen


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (140950, "壹仟肆佰零玖元伍角"),
        (600714, "陆仟零柒元壹角肆分"),
        (32504, "叁佰贰拾伍元零肆分"),
        (10700053, "壹拾万柒仟元零伍角叁分"),
        (1000, "壹拾元整"),
        (0, "零元整"),
        (5, "伍分"),
        (100070000, "壹佰万零柒佰元整"),
        (10000100000, "壹亿零壹仟元整"),
        (10005, "壹佰元零伍分"),
    ],
)
def test_the_domain_examples_and_edge_cases_are_written_as_a_bank_expects(fen, words):
    assert rmb_upper(fen) == words


@given(st.integers(min_value=0, max_value=99_999_999_999_99))
def test_any_amount_reads_back_to_itself_with_only_allowed_characters(fen):
    words = rmb_upper(fen)
    assert set(words) <= ALLOWED
    assert "零零" not in words
    assert words.endswith(("整", "角", "分"))
    assert read_back(words) == fen


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        rmb_upper(-1)
