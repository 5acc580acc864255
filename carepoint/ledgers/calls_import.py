"""Reading a 一键通 service provider's call log (xls, xlsx or csv, UTF-8 or GB18030).

Providers' platforms export one row per call with headers such as 呼叫时间 / 设备号 / 呼叫类型 /
是否接通 / 处理情况 / 回访情况; the words vary between platforms, so each column is found by any
of the names below. The file goes in whole or not at all: while any row has a problem nothing is
written, and each problem comes back with its row number as the spreadsheet program shows it.
Calls already recorded (same device, same minute) are skipped: a file can be read twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.ledgers.calls import CallInput, is_recorded, prepare_call, write_call

HEADERS = {
    "called_at": ("呼叫时间", "来电时间", "报警时间", "时间", "呼入时间", "发生时间"),
    "device_number": ("设备号", "设备编号", "终端号", "终端编号", "设备号码", "终端号码", "设备id"),
    "kind": ("呼叫类型", "类型", "事件类型", "报警类型", "服务类型"),
    "answered": ("是否接通", "接通情况", "接听状态", "通话状态", "是否接听"),
    "response": ("处理情况", "处理结果", "处置情况", "处理措施", "服务内容"),
    "follow_up": ("回访情况", "回访", "跟进情况", "回访结果"),
}
REQUIRED = ("called_at", "device_number", "kind")
KIND_WORDS = {
    "emergency": ("紧急", "紧急呼叫", "紧急求助", "sos", "一键呼救", "呼救", "报警"),
    "enquiry": ("咨询", "服务", "求助咨询", "生活服务", "咨询服务", "亲情通话"),
    "mistaken": ("误按", "误触", "误拨", "误报"),
    "test": ("测试", "调试"),
}
NOT_ANSWERED = ("未接通", "未接", "否", "无人接听", "未接听", "未处理", "n", "no")
ANSWERED = ("已接通", "接通", "是", "已接听", "已处理", "y", "yes", "")


@dataclass
class CallImport:
    imported: int = 0
    skipped: int = 0  # already recorded
    follow_ups: int = 0
    errors: list[dict] = field(default_factory=list)


def _squeeze(text: object) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


def _columns(header: list) -> dict[str, int]:
    found = {}
    names = [_squeeze(cell) for cell in header]
    for key, words in HEADERS.items():
        for index, name in enumerate(names):
            if name in words and key not in found:
                found[key] = index
    return found


def _moment(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip().replace("/", "-").replace("年", "-").replace("月", "-")
    text = text.replace("日", " ").replace("T", " ")
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(:\d{2})?", text)
    if not found:
        raise ValueError(_("{value} is not a time such as 2026-11-03 08:15").format(value=value))
    year, month, day, hour, minute = (int(found[i]) for i in range(1, 6))
    return dt.datetime(year, month, day, hour, minute)


def _kind(value: object) -> str:
    word = _squeeze(value)
    for kind, words in KIND_WORDS.items():
        if word in words or word == kind:
            return kind
    raise ValueError(_("Unknown kind of call {value}").format(value=value))


def _answered(value: object) -> bool:
    word = _squeeze(value if value is not None else "")
    if word in NOT_ANSWERED:
        return False
    if word in ANSWERED:
        return True
    raise ValueError(_("{value}: answered or not?").format(value=value))


def _text(value: object) -> str:
    from carepoint.spreadsheet.values import cell_text

    return cell_text(value) or ""


@uses_store
def import_calls(
    store: Store, path: Path, *, dry_run: bool = False, today: dt.date | None = None
) -> CallImport:
    from carepoint.spreadsheet import read_rows

    today = today or clock.today()
    sheet = read_rows(Path(path))
    header_at = next(
        (i for i, (_n, values) in enumerate(sheet.rows)
         if set(REQUIRED) <= set(_columns(values))),
        None,
    )  # fmt: skip
    if header_at is None:
        raise UserInputError(
            _("{file} has no call log: the columns 呼叫时间, 设备号 and 呼叫类型 were not found")
            .format(file=Path(path).name)
        )  # fmt: skip
    columns = _columns(sheet.rows[header_at][1])
    result, ready, seen = CallImport(), [], set()
    for number, values in sheet.rows[header_at + 1 :]:
        cell = {k: (values[i] if i < len(values) else None) for k, i in columns.items()}
        if not any(_text(v) for v in cell.values()):
            continue
        try:
            data = CallInput(
                _moment(cell["called_at"]), _text(cell["device_number"]), _kind(cell["kind"]),
                _answered(cell.get("answered")), _text(cell.get("response")),
                _text(cell.get("follow_up")),
            )  # fmt: skip
            device, minute = prepare_call(store, data, today)
        except (ValueError, UserInputError) as error:
            message = error.message if isinstance(error, UserInputError) else str(error)
            result.errors.append({"row": number, "message": message})
            continue
        if (device.id, minute) in seen or is_recorded(store, device.id, minute):
            result.skipped += 1
            continue
        seen.add((device.id, minute))
        ready.append((device, minute, data))
    if result.errors:
        return result  # nothing is written while any row has a problem
    result.imported = len(ready)
    result.follow_ups = sum(1 for _d, _m, data in ready
                            if data.kind == "emergency" and not data.answered)  # fmt: skip
    if not dry_run:
        with store.db.writing():
            for device, minute, data in ready:
                write_call(store, device, minute, data, Path(path).name, today)
    return result
