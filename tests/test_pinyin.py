import pytest

from carepoint.pinyin import name_keys, normalise_query


@pytest.mark.parametrize(
    ("name", "spaced", "initials"),
    [
        ("张三", "zhang san", "zs"),
        ("单田芳", "shan tian fang", "stf"),
        ("曾国藩", "zeng guo fan", "zgf"),
        ("解放", "xie fang", "xf"),
        ("仇英", "qiu ying", "qy"),
        ("吕秀兰", "lv xiu lan", "lxl"),
        ("欧阳修", "ou yang xiu", "oyx"),
    ],
)
def test_names_get_pinyin_with_surname_readings(name, spaced, initials):
    assert name_keys(name) == (spaced, initials)


def test_a_polyphone_later_in_the_name_keeps_its_common_reading():
    assert name_keys("李单")[0] == "li dan"


def test_queries_are_folded_to_lowercase_half_width_without_spaces():
    assert normalise_query(" ＺＳ ") == "zs"
    assert normalise_query("Zhang San") == "zhangsan"
