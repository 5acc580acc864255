"""Column titles of the resident register as they appear in village spreadsheets.

Header texts are data, not messages: they are what cadres type, so they stay Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The first text of each field is the one written on export; the rest are accepted on import.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "老人姓名", "名字"),
    "gender": ("性别",),
    "id_number": ("身份证号码", "身份证号", "公民身份号码", "身份证", "证件号码", "身份证件号码"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "marital_status": ("婚姻状况", "婚姻"),
    "household_address": ("户籍地址", "户籍地", "户口所在地"),
    "residence_address": ("居住地址", "现居住地址", "现住址", "家庭住址", "住址"),
    "group": ("村民小组", "组别", "所在组", "小组", "组"),
    "phone": ("联系电话", "电话", "本人电话", "手机", "手机号码"),
    "living_situation": ("居住状况", "居住情况"),
    "income_source": ("经济来源", "主要经济来源"),
    "health_conditions": ("疾病与残疾", "健康状况", "疾病情况"),
    "self_care": ("自理能力", "生活自理能力"),
    "categories": ("人员类别", "类别", "老人类别"),
    "carer_name": ("赡养人姓名", "赡养人", "扶养人", "赡养人/扶养人", "赡养人/扶养人姓名"),
    "carer_relation": ("赡养人关系", "与老人关系", "关系"),
    "carer_phone": ("赡养人电话", "赡养人联系电话"),
    "carer_address": ("赡养人住址", "赡养人地址"),
    "medical_contact_name": ("就医联系人", "就医联系人姓名"),
    "medical_contact_phone": ("就医联系人电话",),
    "agent_name": ("代理人", "代理人姓名"),
    "agent_phone": ("代理人电话",),
    "bank_account": ("银行卡号", "银行账号", "一卡通账号", "账号", "银行卡"),
    "status": ("状态", "人员状态"),
    "status_date": ("状态日期", "变动日期", "状态变动日期"),
    "death_date": ("去世日期", "死亡日期", "去世时间", "死亡时间", "逝世日期"),
    "moved_out_date": ("迁出日期", "迁出时间", "外迁日期"),
    "notes": ("备注",),
}

# The column CarePoint adds to the workbook of rows it could not import; ignored when it comes back.
PROBLEMS_HEADER = "问题"

# Recognised so that they are neither imported nor reported as unknown.
IGNORED_HEADERS: tuple[str, ...] = ("序号", "编号", "序", "no", "年龄", "周岁", "实际年龄",
                                   PROBLEMS_HEADER)

# A row starting with one of these (or naming a signer anywhere) closes the table.
FOOTER_MARKERS: tuple[str, ...] = (
    "填表人", "制表人", "审核人", "负责人", "填报单位", "填报人", "填报日期", "合计", "总计",
    "填表日期", "制表日期",
    "报送日期", "单位（盖章）", "单位(盖章)", "（盖章）", "注：", "说明：",
)
SIGNER_MARKERS: tuple[str, ...] = ("填表人", "制表人", "审核人")

# A header spanning several sub-columns names a person; its children name that person's details.
_PERSON_PREFIX = {
    "carer_name": "carer_",
    "medical_contact_name": "medical_contact_",
    "agent_name": "agent_",
}
_DETAIL_SUFFIX = {
    "name": "name",
    "phone": "phone",
    "carer_relation": "relation",
    "residence_address": "address",
    "household_address": "address",
}

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")
_NOISE = re.compile(r"[\s*:()\[\]【】〔〕]+")


def normalise_header(text: object) -> str:
    """What identifies a header: '身份证号码（必填）*\\n' and '身份证号码' are equal."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))  # full-width letters, colons and brackets
    return _NOISE.sub("", _BRACKETED.sub("", folded)).lower()


@cache
def _lookup() -> dict[str, str]:
    table = {}
    for field, texts in FIELDS.items():
        for text in texts:
            table[normalise_header(text)] = field
    return table


@cache
def _ignored() -> frozenset[str]:
    return frozenset(normalise_header(text) for text in IGNORED_HEADERS)


def field_for_header(text: object) -> str | None:
    """The canonical field a header names, or None when it is unknown or ignored."""
    return _lookup().get(normalise_header(text))


def is_ignored_header(text: object) -> bool:
    return normalise_header(text) in _ignored()


def field_for_pair(parent: object, child: object) -> str | None:
    """The field of a sub-header ('电话') under a merged parent header ('赡养人')."""
    for joined in (f"{parent}{child}", f"{child}{parent}"):
        field = field_for_header(joined)
        if field:
            return field
    child_field = field_for_header(child)
    prefix = _PERSON_PREFIX.get(field_for_header(parent) or "")
    if prefix is None:
        return child_field
    # '就医联系人' + '关系' has no field: better unknown than the resident's own relation
    candidate = prefix + _DETAIL_SUFFIX.get(child_field or "", "-")
    return candidate if candidate in FIELDS else None


def is_footer(texts: list[str]) -> bool:
    """Whether a row's non-empty cell texts (in column order) mark the end of the table."""
    if not texts:
        return False
    if _squeeze(texts[0]).startswith(_footer_starts()):
        return True
    whole = _squeeze("|".join(texts))
    return any(marker in whole for marker in SIGNER_MARKERS)


@cache
def _footer_starts() -> tuple[str, ...]:
    return tuple({_squeeze(marker) for marker in FOOTER_MARKERS})


def _squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())
