"""What the demo village is drawn from: weighted tables of names, places, ages and reasons.

Weights are rough shares in the style of rural southern Jiangsu, not statistics; they only have
to make a register look real.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate

from carepoint.idcard import check_char
from carepoint.pinyin import name_keys


class QuickRandom(random.Random):
    """random.Random drawing integers from one float each: several times faster, still seeded."""

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence):
        return seq[int(self.random() * len(seq))]


class Table:
    """A weighted choice, drawn in O(log n) from one random number."""

    def __init__(self, *rows: tuple[object, float]):
        self.items = [item for item, _weight in rows]
        self.cumulative = list(accumulate(weight for _item, weight in rows))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


# Surname and relative frequency (per mille of the population, rounded), plus the polyphones.
SURNAMES = Table(
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 32), ("黄", 24),
    ("赵", 22), ("吴", 21), ("周", 21), ("徐", 18), ("孙", 15), ("马", 13), ("朱", 13),
    ("胡", 12), ("郭", 12), ("何", 11), ("林", 10), ("高", 10), ("罗", 9), ("郑", 9),
    ("梁", 8), ("谢", 7), ("宋", 7), ("唐", 7), ("许", 7), ("韩", 6), ("冯", 6), ("邓", 6),
    ("曹", 6), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 4), ("潘", 4),
    ("于", 4), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 3),
    ("魏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("戴", 3), ("贾", 2), ("夏", 2), ("殷", 2), ("笪", 1), ("单", 1), ("解", 1), ("仇", 1),
    ("樊", 1), ("巫", 1), ("芮", 1), ("眭", 1),
)  # fmt: skip

# Given names for people born 1926–1966, with rough weights.
FEMALE_GIVEN = Table(
    ("秀英", 16), ("桂英", 13), ("玉兰", 12), ("秀兰", 11), ("桂兰", 10), ("凤英", 10),
    ("淑珍", 10), ("玉英", 12), ("秀珍", 12), ("兰英", 10), ("玉珍", 9), ("凤兰", 8),
    ("秀芳", 7), ("美英", 6), ("金花", 7), ("翠英", 7), ("菊英", 6), ("素珍", 6), ("月英", 7),
    ("彩云", 5), ("金凤", 6), ("凤珍", 6), ("秀云", 6), ("玉梅", 6), ("春兰", 7), ("冬梅", 5),
    ("桂珍", 6), ("小妹", 5), ("腊梅", 5), ("巧云", 4), ("招娣", 4), ("引娣", 3), ("根娣", 3),
    ("金娣", 3), ("荷英", 3), ("国英", 3), ("梅英", 4), ("菊芳", 3), ("桂芳", 5), ("秀梅", 5),
    ("玉芳", 4), ("美华", 3), ("丽华", 4), ("红英", 4), ("爱华", 3), ("淑英", 4), ("凤珠", 2),
    ("秀华", 5), ("小英", 4), ("惠珍", 3), ("月娥", 3), ("翠兰", 4), ("新英", 3), ("玉凤", 4),
    ("英", 5), ("兰", 4), ("珍", 3), ("芳", 3), ("梅", 3), ("凤", 3), ("琴", 3), ("霞", 2),
)  # fmt: skip
MALE_GIVEN = Table(
    ("国强", 10), ("德明", 8), ("志华", 8), ("建华", 10), ("国华", 9), ("福生", 7),
    ("金山", 5), ("根宝", 6), ("长林", 5), ("德胜", 5), ("兴华", 5), ("明华", 5), ("永福", 6),
    ("如松", 3), ("洪林", 4), ("家宝", 4), ("志刚", 5), ("国平", 6), ("文华", 6), ("建明", 7),
    ("宝林", 5), ("德山", 4), ("海林", 4), ("新华", 6), ("金龙", 5), ("荣生", 4), ("士林", 3),
    ("正荣", 3), ("广福", 3), ("长根", 5), ("小毛", 3), ("金生", 5), ("宝根", 4), ("才林", 3),
    ("春林", 5), ("国庆", 4), ("国良", 5), ("德华", 5), ("元林", 3), ("汉清", 3), ("玉山", 3),
    ("义和", 2), ("守成", 2), ("发根", 3), ("水生", 4), ("福林", 4), ("忠义", 2), ("家骏", 2),
    ("兆林", 2), ("锦华", 3), ("桂生", 3), ("同福", 2), ("立新", 3), ("振华", 4), ("学文", 3),
    ("刚", 3), ("强", 3), ("军", 3), ("华", 3), ("明", 3), ("林", 3), ("平", 3), ("福", 3),
    ("忠", 2), ("斌", 2), ("勇", 2),
)  # fmt: skip
# Two-character names are also drawn as first × second character (repeats skipped).
FEMALE_FIRST = "秀桂玉凤兰金翠美素月春冬菊梅彩巧惠淑爱腊荷小招银"
FEMALE_SECOND = "英兰珍芳华梅凤云娣妹琴霞娥香仙芬珠"
MALE_FIRST = "德国建志金福长永宝荣海春家根兴士文正洪立新明和学耀忠汉锦仁茂"
MALE_SECOND = "明华林生山根福宝荣才清元成良平发祥贵义胜顺兴昌富章和泉海"
# Names of their time: (first birth year, last birth year, gender, names).
ERA_NAMES = (
    (1949, 1951, "male", ("建国", "解放", "新民", "建华")),
    (1949, 1951, "female", ("建英", "解英", "新华")),
    (1950, 1953, "male", ("援朝", "抗美", "卫国", "保国")),
    (1958, 1959, "male", ("跃进", "跃华", "超英")),
    (1958, 1959, "female", ("跃英", "跃珍")),
    (1964, 1966, "male", ("卫东", "向东", "红卫", "文革")),
    (1964, 1966, "female", ("卫红", "红梅", "向红")),
)
# The carers' generation (born 1950–2000): children, in-laws, nephews, grandchildren.
YOUNGER_MALE = (
    "建军", "建平", "卫东", "志强", "国平", "海军", "永刚", "红兵", "立新", "建林", "伟", "军",
    "勇", "斌", "磊", "俊", "杰", "涛", "峰", "浩", "强", "明", "亮", "鹏", "海峰", "小军",
    "晓东", "文俊", "国伟", "建伟", "志明", "俊杰", "宏伟", "振宇", "家豪",
)  # fmt: skip
YOUNGER_FEMALE = (
    "红梅", "海燕", "春燕", "秀琴", "丽华", "玉芬", "小红", "建萍", "丽", "静", "敏", "芳",
    "娟", "燕", "霞", "琴", "红", "萍", "婷", "雪", "慧", "丽娟", "晓燕", "美玲", "桂香",
    "小芳", "玉琴", "春梅", "雪梅", "丹", "莉", "晓梅", "亚萍", "文静", "佳慧",
)  # fmt: skip

# Shares of the five-year age bands from 60 (the last band is 100–105).
AGE_BANDS = Table(*enumerate((27, 26, 19, 12, 8.5, 5, 2, 0.45, 0.05)))
# Marital status of the first resident drawn for a house, per gender and age (upper age of the
# band, married, widowed, divorced, unmarried). Married people usually bring their spouse along,
# so married weights here are lower than the share of married residents that results.
_MARITAL_WEIGHTS = {
    "male": ((69, 34, 7, 2, 5), (79, 31, 15, 2, 5), (89, 22, 40, 1, 4), (200, 12, 66, 1, 3)),
    "female": ((69, 34, 14, 1.5, 0.5), (79, 26, 32, 1.5, 0.5), (89, 14, 63, 1, 1),
               (200, 5, 87, 1, 1)),
}  # fmt: skip
MARITAL_BY_AGE = {
    gender: tuple(
        (upper, Table(*zip(("married", "widowed", "divorced", "unmarried"), weights, strict=True)))
        for upper, *weights in bands
    )
    for gender, bands in _MARITAL_WEIGHTS.items()
}
# Number of children by the mother's birth year (the last year of each row).
CHILDREN_BY_BIRTH_YEAR = (
    (1939, Table((2, 15), (3, 30), (4, 30), (5, 20), (6, 5))),
    (1949, Table((1, 5), (2, 30), (3, 40), (4, 20), (5, 5))),
    (1959, Table((1, 20), (2, 50), (3, 25), (4, 5))),
    (9999, Table((1, 55), (2, 40), (3, 5))),
)
INCOME_SOURCES = Table(("依靠子女", 60), ("其他", 28), ("政府补助", 12))
CONDITION_COUNTS = Table((0, 35), (1, 35), (2, 20), (3, 10))
CARER_COUNTS = Table((1, 35), (2, 45), (3, 20))

CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 一组 … 十六组)."""
    digits = CHINESE_NUMBERS
    if n <= 10:
        return digits[n - 1]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[units - 1] if units else "")


# Townships of the demo county; the first holds the demo care point.
TOWNSHIPS = (
    "白兔镇", "茅山镇", "后白镇", "郭庄镇", "天王镇", "边城镇", "下蜀镇", "宝华镇",
    "华阳街道", "黄梅街道", "开发区",
)  # fmt: skip
VILLAGE_FIRST = "东西南北前后上中大小新王李张陈刘周吴孙朱杨何高黄马胡郭唐戴殷汤"
VILLAGE_SECOND = "庄塘巷桥湾岗圩埠墩店湖山园冲边坝岭家棚窑坊"
# Villages of the demo care point's own township that read well first.
FIRST_VILLAGES = ("桃园", "解塘", "行香", "柏庄", "唐庄", "徐村", "石狮", "东霞", "致富", "中心")

# Address codes of people who came from elsewhere (married in, moved in).
OTHER_COUNTY_CODES = Table(
    ("321181", 8), ("321182", 3), ("321112", 6), ("320115", 6), ("320117", 4), ("320481", 3),
    ("320413", 4), ("341181", 2), ("341122", 2), ("320282", 2),
)  # fmt: skip
# Where the children who work away live.
AWAY_PLACES = Table(
    ("南京市江宁区", 10), ("南京市栖霞区", 5), ("南京市鼓楼区", 3), ("镇江市京口区", 6),
    ("镇江市润州区", 4), ("常州市武进区", 4), ("苏州市工业园区", 4), ("苏州市吴中区", 3),
    ("无锡市滨湖区", 3), ("上海市闵行区", 4), ("上海市浦东新区", 3), ("杭州市余杭区", 2),
    ("深圳市宝安区", 1), ("广州市白云区", 1),
)  # fmt: skip
ESTATES = (
    "幸福家园", "阳光花园", "金色港湾", "东方新城", "翠湖苑", "锦绣华庭", "新村小区", "碧桂园",
    "华府名邸", "星港花园", "紫薇苑", "恒大名都",
)  # fmt: skip
INSTITUTIONS = (
    "{county}社会福利中心",
    "{township}敬老院",
    "{township}中心敬老院",
    "{county}康养中心",
)

MOBILE_PREFIXES = (
    "139", "138", "137", "136", "135", "134", "150", "151", "152", "157", "158", "159", "182",
    "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180",
    "181", "189", "177", "199", "198", "191", "195",
)  # fmt: skip
# Bank card number prefixes (BIN) with their lengths: most cards have 19 digits.
BANK_BINS = Table(
    (("622848", 19), 30), (("623062", 19), 18), (("621700", 19), 10), (("622202", 19), 10),
    (("621799", 19), 12), (("622188", 19), 8), (("621098", 19), 6), (("622568", 19), 3),
    (("6210985", 19), 3),
)  # fmt: skip

HEALTH_CONDITIONS = Table(
    ("高血压", 30), ("糖尿病", 10), ("冠心病", 8), ("慢阻肺", 5), ("关节炎", 8), ("白内障", 6),
    ("骨质疏松", 5), ("听力下降", 5), ("脑梗后遗症", 4), ("慢性胃炎", 3), ("腰椎间盘突出", 3),
    ("帕金森病", 1), ("肺心病", 1), ("青光眼", 1),
)  # fmt: skip
DISABILITIES = ("肢体残疾一级", "肢体残疾二级", "视力残疾一级", "视力残疾二级", "精神残疾二级")
ETHNICITIES = Table(("汉族", 990), ("回族", 6), ("满族", 2), ("壮族", 1), ("苗族", 1))

DEATH_REASONS = Table(("病故", 60), ("因病去世", 25), ("自然死亡", 12), ("意外死亡", 3))
MOVE_REASONS = Table(("随子女迁居", 50), ("户口迁出", 25), ("投靠子女", 20), ("随配偶迁居", 5))
INSTITUTION_REASONS = Table(
    ("入住县福利中心", 40), ("入住镇敬老院", 35), ("入住民办养老院", 20), ("入住护理院", 5),
)  # fmt: skip
LOST_REASONS = Table(
    ("外出后长期未归", 50),
    ("住址无人，电话无法接通", 40),
    ("随亲属外出，去向不明", 10),
)
RETURN_REASONS = Table(("迁回本村居住", 70), ("回原籍居住", 30))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


_DOUBLED = str.maketrans("0123456789", "0246813579")  # 2·d with its digits summed


def luhn(body: str) -> str:
    """The check digit that makes `body` + digit pass the Luhn test, as bank cards do."""
    doubled = body[::-1][::2].translate(_DOUBLED)
    total = sum(map(int, doubled)) + sum(map(int, body[::-1][1::2]))
    return str(-total % 10)


class Draws:
    """Single values: names, ID numbers unique across the whole run, phones, cards, addresses."""

    def __init__(self, rng: random.Random, today: dt.date, county: str, village_code: str):
        self.rng = rng
        self.today = today
        self.county = county
        code = village_code[:6]
        self.county_code = code if code.isdigit() and len(code) == 6 else "321183"
        self.used_ids: set[str] = set()
        self.name_keys: dict[str, tuple[str, str]] = {}
        self.birth_ranges: dict[int, tuple[int, int]] = {}

    def town_address(self) -> str:
        rng = self.rng
        estate = rng.choice(ESTATES)
        room = rng.randint(1, 6) * 100 + rng.randint(1, 4)
        return f"{self.county}华阳街道{estate}{rng.randint(1, 30)}幢{room}室"

    def away_address(self) -> str:
        rng = self.rng
        estate = rng.choice(ESTATES)
        place = AWAY_PLACES.pick(rng)
        return f"{place}{estate}{rng.randint(1, 40)}幢{rng.randint(1, 2)}{rng.randint(1, 30):02d}室"

    def mobile(self) -> str:
        rng = self.rng
        return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"

    def landline(self) -> str:
        return f"0511-87{self.rng.randrange(1_000_000):06d}"

    def bank_account(self) -> str:
        rng = self.rng
        prefix, length = BANK_BINS.pick(rng)
        digits = length - len(prefix) - 1
        body = f"{prefix}{rng.randrange(10**digits):0{digits}d}"
        return body + luhn(body)

    def id_number(self, gender: str, birth: dt.date, from_elsewhere: bool) -> str:
        rng = self.rng
        area = OTHER_COUNTY_CODES.pick(rng) if from_elsewhere else self.county_code
        stem = f"{area}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        male = gender == "male"
        sequence = rng.randrange(500) * 2 + 1 if male else rng.randrange(1, 500) * 2
        first17 = f"{stem}{sequence:03d}"
        while first17 in self.used_ids:
            sequence += 2
            if sequence > 999:
                sequence = 1 if male else 2
            first17 = f"{stem}{sequence:03d}"
        self.used_ids.add(first17)
        return first17 + check_char(first17)

    def given_name(self, gender: str, birth_year: int) -> str:
        rng = self.rng
        if 1949 <= birth_year <= 1966 and rng.random() < 0.25:
            for first, last, era_gender, names in ERA_NAMES:
                if first <= birth_year <= last and era_gender == gender:
                    return rng.choice(names)
        male = gender == "male"
        if rng.random() < 0.45:
            given = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
            given += rng.choice(MALE_SECOND if male else FEMALE_SECOND)
            if given[0] != given[1]:
                return given
        return (MALE_GIVEN if male else FEMALE_GIVEN).pick(rng)

    def younger_name(self, surname: str, gender: str) -> str:
        names = YOUNGER_MALE if gender == "male" else YOUNGER_FEMALE
        return surname + self.rng.choice(names)

    def keys(self, name: str) -> tuple[str, str]:
        keys = self.name_keys.get(name)
        if keys is None:
            keys = self.name_keys[name] = name_keys(name)
        return keys

    def birth(self, age: int) -> dt.date:
        span = self.birth_ranges.get(age)
        if span is None:
            earliest = years_before(self.today, age + 1).toordinal() + 1
            span = self.birth_ranges[age] = (earliest, years_before(self.today, age).toordinal())
        return dt.date.fromordinal(self.rng.randint(*span))

    def age(self) -> int:
        band = AGE_BANDS.pick(self.rng)
        return 60 + 5 * band + self.rng.randrange(6 if band == 8 else 5)

    def day_between(self, first: int, last: int) -> dt.date:
        return dt.date.fromordinal(self.rng.randint(first, max(first, last)))
