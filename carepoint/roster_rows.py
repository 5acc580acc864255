"""One roster row as a patient clerk reads it: names without spaces, ID numbers as WPS and Excel
leave them, the ID deciding birth date and gender, statuses hidden in 备注, categories in words.

Problems are errors (the row cannot go in as written) or warnings (it goes in; look at it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from carepoint import categories, idcard
from carepoint.groups import normalise_group
from carepoint.i18n import _
from carepoint.residents import CarerInput, CategoryInput, ResidentInput, StatusStep
from carepoint.residents.fields import GENDER_LABELS, TEXT_FIELDS, marital_code, status_code
from carepoint.spreadsheet import SourceRow
from carepoint.spreadsheet.values import cell_text, parse_date, parse_gender, split_categories

CARER_COLUMNS = ("carer_name", "carer_relation", "carer_phone", "carer_address")
_CARER_SEPARATORS = str.maketrans({"；": ";", "、": ";", "/": ";"})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_EXPONENT = re.compile(r"^\d(?:\.(\d+))?E\+?(\d+)$", re.IGNORECASE)
_DATE_IN_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*[日号]?|\s*月)?"
)
# Words in 状态 or 备注 that say the person is no longer simply on the register; the first
# status found in this order wins (a death outranks a move).
STATUS_HINTS = (
    ("deceased", ("已故", "去世", "死亡", "病故", "过世", "亡故", "身故", "逝世", "已死")),
    ("moved_out", ("迁出", "外迁", "迁走", "户口迁", "搬离")),
    ("in_institution", ("入住敬老院", "入住养老院", "入住福利院", "住敬老院", "住养老院",
                        "入住机构", "进敬老院", "进养老院")),
    ("lost_contact", ("失联", "下落不明")),
)
_STATUS_FIELDS = {"death_date": "deceased", "moved_out_date": "moved_out"}
_FILLER = re.compile(r"[\s\d\-/.年月日号,，、;；:：()（）]+")


@dataclass
class RowProblem:
    field: str  # the spreadsheet field (column) it concerns, or ""
    message: str
    error: bool = True


@dataclass
class ReadRow:
    data: ResidentInput | None = None
    history: list[StatusStep] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)
    notes_status: str = ""  # the remark the status was read from, when only a remark gave it

    @property
    def has_errors(self) -> bool:
        return bool(self.unknown_words) or any(p.error for p in self.problems)


def clean_name(value: object) -> str:
    """张　华, " 张 华 ", 张\\u200b华 → 张华: a Chinese name has no spaces of any kind."""
    text = cell_text(value) or ""
    return "".join(unicodedata.normalize("NFKC", text).translate(_INVISIBLE).split())


def surviving_digits(value: object) -> str | None:
    """The digits an ID kept after a spreadsheet turned it into a number, or None when it was not
    turned into one (1.10105194912310E+17 keeps 110105194912310)."""
    if isinstance(value, float):
        if value < 1e15:
            return None
        mantissa, _e, _exponent = repr(value).partition("e")
        return mantissa.replace(".", "").rstrip("0") if _e else repr(value).split(".")[0]
    text = cell_text(value)
    match = _EXPONENT.match(unicodedata.normalize("NFKC", text or "").replace(" ", ""))
    if match:
        return (text.strip()[0] + (match.group(1) or "")).rstrip("0")
    return None


def check_id(value: object, today: dt.date) -> tuple[idcard.IdNumber | None, str | None]:
    """The parsed ID, or None and what the cadre should do about it."""
    survived = surviving_digits(value)
    if survived is not None:
        return None, _(
            "The spreadsheet turned this ID number into a number and lost its last digits: only "
            "{digits}… survived. Format the column as text and type the number again from the "
            "household register (户口本)."
        ).format(digits=survived)
    if isinstance(value, str):
        value = value.strip().lstrip("'‘’`")
    try:
        return idcard.parse(value, today=today), None
    except idcard.InvalidIdNumber as error:
        text = ""
        try:
            text = idcard.normalise(value)
        except idcard.InvalidIdNumber:
            pass
        if len(text) == 18 and text[:17].isdigit() and text[17] in "0123456789X":
            if idcard.check_char(text[:17]) != text[17]:
                return None, _(
                    "The ID number {value} does not add up (its check digit does not match): a "
                    "digit may be wrong anywhere in it. Compare it digit by digit with the "
                    "household register (户口本) and correct it."
                ).format(value=text)
        return None, _("{reason}. Correct it from the household register (户口本).").format(
            reason=str(error).rstrip(".。")
        )


def find_status(text: str) -> str | None:
    for status, words in STATUS_HINTS:
        if any(word in text for word in words):
            return status
    return None


# A status word right after a relative is the relative's, not the person's: 老伴已故，独居;
# 儿子户口迁出; 其父去世早.
_RELATIVE = re.compile(
    r"(?:老伴|配偶|丈夫|老公|妻子|老婆|儿子|女儿|子女|儿女|孙子|孙女|父亲|母亲|儿|女|子|父|母|孙)"
    r"(?:的|都|也|均|早|已经|已|于|户口|户籍)*$"
)


def own_status(remark: str) -> str | None:
    """The person's own status in a remark (备注), leaving out what it says about relatives."""
    kept = remark
    for _status, words in STATUS_HINTS:
        for word in sorted(words, key=len, reverse=True):
            start = kept.find(word)
            while start >= 0:
                before = re.sub(r"[\s\d\-/.年月日号]+$", "", kept[:start])
                if _RELATIVE.search(before):
                    kept = kept[:start] + " " * len(word) + kept[start + len(word):]
                start = kept.find(word, start + 1)
    return find_status(kept)


def date_in_text(text: str) -> tuple[dt.date | None, bool]:
    """A date written inside a remark ("2025年3月12日去世"); (date, whether the day is known)."""
    match = _DATE_IN_TEXT.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None, False
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        return dt.date(int(year), int(month), int(day or 1)), day is not None
    except ValueError:
        return None, False


class RowReader:
    """Turns one spreadsheet row into a ResidentInput with its status history and problems."""

    def __init__(self, row: SourceRow, as_of: dt.date, today: dt.date,
                 learned: dict[str, str], sheet_group: str = ""):
        self.row, self.values = row, row.values
        self.as_of, self.today, self.learned = as_of, today, learned
        self.sheet_group = sheet_group
        self.out = ReadRow()

    def problem(self, spreadsheet_field: str, message: str, error: bool = True) -> None:
        self.out.problems.append(RowProblem(spreadsheet_field, message, error))

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        return value if type(value) is str else cell_text(value) or ""  # str: already clean

    def read(self) -> ReadRow:
        parsed, id_message = check_id(self.values.get("id_number"), self.today)
        if id_message:
            self.problem("id_number", id_message)
        name = clean_name(self.values.get("name"))
        marital = marital_code(self.text("marital_status"))
        if marital is None:
            self.problem("marital_status", _(
                "Unknown marital status {value}: write 未婚, 已婚, 丧偶 or 离婚"
            ).format(value=self.text("marital_status")))
        if parsed:
            self.compare_with_id(parsed)
        values = {name_: self.text(name_) for name_ in TEXT_FIELDS if name_ != "group_name"}
        status, notes = self.status_and_notes(parsed)
        values["notes"] = notes
        group = normalise_group(self.values.get("group")) or self.sheet_group
        self.out.data = ResidentInput(
            name=name,
            id_number=parsed.number if parsed else self.values.get("id_number"),
            marital_status=marital or "",
            group_name=group,
            carers=self.carers(),
            categories=self.categories(),
            registered_on=self.as_of,
            **values,
        )
        self.out.history = status
        return self.out

    def compare_with_id(self, parsed: idcard.IdNumber) -> None:
        """A gender or birth cell that contradicts a valid ID is a warning: the ID decides."""
        if self.text("gender"):
            try:
                gender = parse_gender(self.values.get("gender"))
            except ValueError as error:
                gender = None
                self.problem("gender", _("{reason}; the ID number's {derived} is used").format(
                    reason=str(error), derived=_(GENDER_LABELS[parsed.gender])), error=False)
            if gender and gender != parsed.gender:
                self.problem("gender", _(
                    "The gender {given} does not match the ID number, which says {derived}; the "
                    "ID number's is kept. Check the ID number against the household register."
                ).format(given=_(GENDER_LABELS[gender]), derived=_(GENDER_LABELS[parsed.gender])),
                    error=False)
        birth = self.values.get("birth_date")
        if cell_text(birth) is None:
            return
        try:
            given = parse_date(birth)
        except ValueError:
            month = date_in_text(cell_text(birth) or "")[0]
            if month and (month.year, month.month) == (parsed.birth_date.year,
                                                        parsed.birth_date.month):
                return  # 1938.2 or 1945年8月: the ID gives the day
            self.problem("birth_date", _(
                "“{value}” does not match the ID number, which says {derived}; the ID number's "
                "date is kept."
            ).format(value=cell_text(birth), derived=parsed.birth_date.isoformat()), error=False)
            return
        if given != parsed.birth_date:
            self.problem("birth_date", _(
                "The birth date {given} does not match the ID number, which says {derived}; the "
                "ID number's date is kept. Check the ID number against the household register."
            ).format(given=given.isoformat(), derived=parsed.birth_date.isoformat()), error=False)

    def carers(self) -> list[CarerInput]:
        if not self.values.get("carer_name"):
            return []
        parts = {c: self.text(c).translate(_CARER_SEPARATORS).split(";") for c in CARER_COLUMNS}
        names = [n.strip() for n in parts["carer_name"] if n.strip()]
        carers = []
        for index, carer_name in enumerate(names):

            def part(column: str, i: int = index) -> str:
                values = parts[column]
                if len(values) == len(names):
                    return values[i].strip()
                return self.text(column) if i == 0 else ""

            carers.append(CarerInput(clean_name(carer_name), part("carer_relation"),
                                     part("carer_phone"), part("carer_address")))
        return carers

    def categories(self) -> list[CategoryInput]:
        found: list[CategoryInput] = []
        note = _("from the roster of {date}").format(date=self.as_of.isoformat())
        for word in split_categories(self.values.get("categories")):
            code = categories.code_for(word, self.learned)
            if code is None:
                if word not in self.out.unknown_words:
                    self.out.unknown_words.append(word)
            elif code and code not in categories.DERIVED and code not in {c.code for c in found}:
                found.append(CategoryInput(code, self.as_of, note=note))
        return found

    def status_and_notes(self, parsed: idcard.IdNumber | None) -> tuple[list[StatusStep], str]:
        notes = self.text("notes")
        word = self.text("status")
        status = status_code(word) if word else None
        if word and status is None:
            status = find_status(word)
            if status is None:
                self.problem("status", _(
                    "Unknown status {value}: write 在册, 去世, 迁出, 入住机构 or 失联"
                ).format(value=word))
                return [], notes
        source, said = ("status", word) if status else ("", "")
        for column, column_status in _STATUS_FIELDS.items():
            if status in (None, "active") and self.text(column):
                status, source, said = column_status, column, self.text(column)
        if status in (None, "active") and notes and own_status(notes):
            status, source, said = own_status(notes), "notes", notes
            self.out.notes_status = notes
            if not _FILLER.sub("", _strip_words(notes)):
                notes = ""  # the remark was only the status (and its date): not a remark
        if status is None or status == "active":
            return [], notes
        when, day_known = self.status_date(status, source, said)
        if parsed and when and (when > self.today or when < parsed.birth_date):
            self.problem(source if source != "notes" else "notes", _(
                "The date {date} is impossible for this person: correct it"
            ).format(date=when.isoformat()))
            return [], notes
        if when is None:
            self.problem(source or "status", _(
                "“{said}” has no date: the person is recorded as {status} with the date unknown "
                "and is no longer counted as active. Add the date in the register when known."
            ).format(said=said, status=_status_label(status)), error=False)
            return [StatusStep(status, "active", self.as_of, _(
                "date unknown; the roster of {date} says “{said}”"
            ).format(date=self.as_of.isoformat(), said=said), date_known=False)], notes
        if source == "notes":
            # only a remark says so: the import shows it (and the dry run before it) as a
            # question to check, since a remark may well be about someone else
            self.problem("notes", _(
                "The remark “{said}” is read as {status}: check it is about this person; if not,"
                " correct the remark before importing"
            ).format(said=said, status=_status_label(status)), error=False)
        reason = _("recorded in an imported roster")
        if not day_known:
            reason = _("recorded in an imported roster (month only: {said})").format(said=said)
        return [StatusStep(status, "active", when, reason)], notes

    def status_date(self, status: str, source: str, said: str) -> tuple[dt.date | None, bool]:
        columns = ["status_date", "death_date" if status == "deceased" else "moved_out_date"]
        for column in columns:
            value = self.values.get(column)
            if cell_text(value) is None:
                continue
            try:
                return parse_date(value), True
            except ValueError:
                found, day_known = date_in_text(cell_text(value) or "")
                if found:
                    return found, day_known
        if source in ("notes", "status"):
            return date_in_text(said)
        return None, False

    def cell_column(self, columns: dict[str, int], spreadsheet_field: str) -> str:
        index = columns.get(spreadsheet_field)
        return get_column_letter(index + 1) if index is not None else ""


def _strip_words(text: str) -> str:
    for _status, words in STATUS_HINTS:
        for word in words:
            text = text.replace(word, "")
    return text


def _status_label(status: str) -> str:
    from carepoint.residents.fields import status_label

    return status_label(status)
