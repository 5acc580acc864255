"""From approved to the bank: the payment file (代发文件) and the bank's result file read back.

The file has one row per person (姓名, 身份证号码, 账号, 金额, 摘要) in the column layout of the
chosen bank (resources/rules/bank_layouts.toml, or the data folder's own bank_layouts.toml). The
摘要 names the month, so the result file finds its month again. A result row says 成功 or 失败
with a reason; anything else (未成功, 处理中, an amount that differs or is no amount, a person the
month does not pay) is a problem listed for the user and records nothing. Failed people stay
unpaid (payments.py) and are left out of a bank file written again; `mark_paid` pays those the
bank paid once everyone has a result.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import audit, clock
from carepoint.assets import resource_path
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, current_locale
from carepoint.subsidies import ledger, months, payments
from carepoint.subsidies.workflow import require
from carepoint.values import parse_yuan, yuan_text

DEFAULT_LAYOUT = "plain"
FIELDS = ("seq", "name", "id_number", "account", "amount", "amount_fen", "memo")
_RESULT_HEADERS = {
    "name": ("姓名", "户名", "账户名称", "收款人姓名", "收款人", "账户名"),
    "id_number": ("身份证号码", "证件号码", "身份证号", "公民身份号码"),
    "account": ("账号", "卡号", "银行账号", "收款账号", "银行卡号"),
    "amount": ("金额", "金额（元）", "金额(元)", "交易金额", "发放金额"),
    "memo": ("摘要", "用途", "附言"),
    "status": ("状态", "处理状态", "处理结果", "交易状态", "结果", "代发结果"),
    "reason": ("失败原因", "原因", "错误信息", "备注", "说明"),
}
_OK = ("成功", "已成功", "交易成功", "入账成功", "success", "ok")
_FAILED = ("失败", "交易失败", "退回", "失败退回", "入账失败", "fail", "failed")
# a negation or an unfinished state anywhere in the cell: 未成功, 不成功, 非成功, 待处理, 处理中
_NOT_DONE = re.compile(r"[未不非没无否待]|处理中|un|not|pending|process")
_MONTH_IN_MEMO = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*月?")


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    columns: tuple[dict, ...]


@uses_store
def layouts(store: Store | None = None) -> dict[str, Layout]:
    """The built-in layouts and the care point's own (same key: the care point's wins)."""
    sources = [resource_path("rules", "bank_layouts.toml")]
    if store is not None and store.data_dir is not None:
        sources.append(Path(store.data_dir) / "bank_layouts.toml")
    found: dict[str, Layout] = {}
    for path in sources:
        if not path.is_file():
            continue
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise UserInputError(
                _("The bank layouts in {file} cannot be read: {error}").format(
                    file=path, error=error
                )
            ) from None
        for key, raw in data.items():
            columns = tuple(raw.get("columns", ()))
            bad = [c for c in columns if c.get("field") not in FIELDS and "value" not in c]
            if not columns or bad or any(not c.get("header") for c in columns):
                raise UserInputError(
                    _("The bank layout {name} in {file} needs columns with a header and a field"
                      " ({fields}) or a value").format(name=key, file=path,
                                                       fields=", ".join(FIELDS))
                )  # fmt: skip
            label = raw.get("name_zh" if current_locale() == "zh_CN" else "name_en") or key
            found[key] = Layout(key, label, columns)
    return found


def memo(month: int) -> str:
    return f"{months.year(month)}年{months.month_of_year(month)}月养老补贴"


@dataclass
class BankFile:
    month: str
    path: Path
    people: int
    total_fen: int
    without_account: list[str] = field(default_factory=list)


@uses_store
def write_bank_file(
    store: Store, month: int, out: Path, layout: str = DEFAULT_LAYOUT, *, role: str | None = None
) -> BankFile:
    """The approved month's payment file: one row per person the bank has not yet answered for
    (paid or returned)."""
    from carepoint.spreadsheet import write_table

    require(role, "pay", store)
    record = ledger.month_record(store, month)
    if record is None or record.state != "approved":
        raise UserInputError(
            _("Only an approved month goes to the bank; {month} is {state}").format(
                month=months.text(month), state=_state(record.state if record else None)
            )
        )
    chosen = layouts(store).get(layout)
    if chosen is None:
        raise UserInputError(
            _("Unknown bank layout {name}; known: {known}").format(
                name=layout, known=", ".join(sorted(layouts(store)))
            )
        )
    done = payments.statuses(store, month)
    _refuse_changed_accounts(store, month)
    rows, missing, total = [], [], 0
    for seq, payment in enumerate(
        # the bank's result already said paid or returned: a returned payment goes out again
        # only as next month's carry-over, never a second time in this month's file
        (p for p in payments.month_payments(store, month) if p.resident_id not in done),
        start=1,
    ):  # fmt: skip
        if not payment.account:
            missing.append(payment.name)
        values = {
            "seq": str(seq), "name": payment.name, "id_number": payment.id_number,
            "account": payment.account, "amount": yuan_text(payment.amount_fen, cents=True),
            "amount_fen": str(payment.amount_fen), "memo": memo(month),
        }  # fmt: skip
        rows.append([c["value"] if "value" in c else values[c["field"]] for c in chosen.columns])
        total += payment.amount_fen
    if not rows:
        raise UserInputError(_("Nobody is to be paid in {month}").format(month=months.text(month)))
    write_table(out, [c["header"] for c in chosen.columns], rows, sheet_title="代发")
    audit.record(store, "bank_file", "subsidy_month", record.uuid, {
        "layout": (None, layout), "people": (None, len(rows)), "total_fen": (None, total),
        "file": (None, Path(out).name),
    })  # fmt: skip
    return BankFile(months.text(month), Path(out), len(rows), total, missing)


@uses_store
def _refuse_changed_accounts(store: Store, month: int) -> None:
    from carepoint.privacy import mask_account

    fixed = payments.approved_accounts(store, month)
    if not fixed:
        return
    changed = [p for p in payments.month_payments(store, month)
               if p.id_number in fixed and fixed[p.id_number] != p.account]  # fmt: skip
    if changed:
        first = changed[0]
        raise UserInputError(
            _(
                "The bank account of {name} ({number}) changed after {month} was approved"
                " ({old} → {new}), and {count} people in all: the bank file pays only the"
                " accounts approved. Reopen the month and approve it again to pay the new"
                " accounts."
            ).format(name=first.name, number=first.id_number, month=months.text(month),
                     old=mask_account(fixed[first.id_number]) or "-",
                     new=mask_account(first.account) or "-", count=len(changed))
        )  # fmt: skip


def _state(state: str | None) -> str:
    from carepoint.subsidies.workflow import state_label

    return state_label(state)


@dataclass
class ResultLine:
    row: int
    name: str
    id_number: str
    amount_fen: int
    status: str  # paid / failed
    reason: str
    resident_id: int | None = None


@dataclass
class BankResult:
    month: str
    paid: list[ResultLine] = field(default_factory=list)
    failed: list[ResultLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows that match nobody, wrong amounts
    applied: bool = False


def _header_map(cells: list) -> dict[str, int]:
    from carepoint.spreadsheet.values import cell_text

    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = re.sub(r"\s+", "", cell_text(cell) or "")
        for key, names in _RESULT_HEADERS.items():
            if key not in found and text in names:
                found[key] = index
    return found


def _fen(value) -> int | None:
    """The amount a result row gives, None when it gives none; UserInputError for a cell that is
    no amount (NaN, Infinity, 1e999999, words)."""
    if value is None or not str(value).strip():
        return None
    return parse_yuan(value)


def _status(value) -> str | None:
    """paid / failed, or None when the cell does not clearly say which: 未成功, 不成功, 处理中 or
    "unsuccessful" are no success, and a payment is only counted as made when the bank says so."""
    text = re.sub(r"\s+", "", str(value or "")).lower()
    if not text:
        return None
    if text in _FAILED or any(word in text for word in ("失败", "退回", "退票", "fail")):
        return "failed"
    if text in _OK:
        return "paid"
    if _NOT_DONE.search(text):
        return None
    if any(word in text for word in _OK[:4]):
        return "paid"
    return None


@uses_store
def read_bank_result(
    store: Store, path: Path, *, dry_run: bool = False, role: str | None = None
) -> BankResult:
    """Read the bank's result file; record each person's 成功 / 失败 unless `dry_run`."""
    from carepoint.idcard import InvalidIdNumber, normalise
    from carepoint.spreadsheet import read_rows
    from carepoint.spreadsheet.values import cell_text

    require(role, "pay", store)
    raw = read_rows(path)
    header_at, columns = None, {}
    for index, (_number, cells) in enumerate(raw.rows[:15]):
        columns = _header_map(cells)
        if "status" in columns and ("id_number" in columns or "account" in columns):
            header_at = index
            break
    if header_at is None:
        raise UserInputError(
            _("{file} is not a bank result file: no row has the columns 状态 and 身份证号码 or"
              " 账号")
            .format(file=Path(path).name)
        )  # fmt: skip
    body = raw.rows[header_at + 1 :]

    def cell(cells, key):
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    month = _month_of(store, [cell_text(cell(c, "memo")) or "" for _n, c in body])
    result = BankResult(months.text(month))
    by_number, by_account = {}, {}
    for payment in payments.month_payments(store, month):
        by_number[payment.id_number] = payment
        by_account.setdefault(payment.account, payment)
    matched: list[tuple[ResultLine, payments.Payment, str]] = []
    for number, cells in body:
        status = _status(cell(cells, "status"))
        if status is None:
            text = cell_text(cell(cells, "status")) or ""
            if text or cell_text(cell(cells, "id_number")):
                result.problems.append(_("Row {row}: the status “{status}” is neither 成功 nor"
                                         " 失败").format(row=number, status=text))  # fmt: skip
            continue
        try:
            id_number = normalise(cell(cells, "id_number")) if cell(cells, "id_number") else ""
        except InvalidIdNumber:
            id_number = ""
        account = (cell_text(cell(cells, "account")) or "").replace(" ", "").lstrip("'")
        payment = by_number.get(id_number) or (by_account.get(account) if account else None)
        name = cell_text(cell(cells, "name")) or ""
        try:
            amount = _fen(cell(cells, "amount"))
        except UserInputError:
            result.problems.append(_("Row {row}: the amount “{amount}” is not an amount in"
                                     " yuan").format(row=number, amount=cell(cells, "amount")))
            continue
        line = ResultLine(number, name, id_number or account, amount or 0, status,
                          cell_text(cell(cells, "reason")) or "")  # fmt: skip
        if payment is None:
            result.problems.append(
                _("Row {row}: {name} {number} is not paid in {month}").format(
                    row=number, name=name, number=id_number or account, month=result.month
                )
            )
            continue
        if amount is not None and amount != payment.amount_fen:
            result.problems.append(
                _("Row {row}: {name} was sent {sent}, the bank says {amount}").format(
                    row=number, name=payment.name, sent=_money(payment.amount_fen),
                    amount=_money(amount),
                )
            )  # fmt: skip
            continue
        line.resident_id = payment.resident_id
        (result.paid if status == "paid" else result.failed).append(line)
        matched.append((line, payment, name))
    if dry_run:
        return result
    today = clock.today()
    record = ledger.month_record(store, month)
    with store.db.writing():
        payments.record_results(
            store, month,
            [payments.Result(payment, line.status, line.reason, holder)
             for line, payment, holder in matched],
            Path(path).name, today,
        )  # fmt: skip
        audit.record(store, "bank_result", "subsidy_month", record.uuid, {
            "file": (None, Path(path).name), "paid": (None, len(result.paid)),
            "failed": (None, len(result.failed)), "problems": (None, len(result.problems)),
        })  # fmt: skip
    result.applied = True
    return result


@uses_store
def _month_of(store: Store, memos: list[str]) -> int:
    for text in memos:
        found = _MONTH_IN_MEMO.search(text)
        if found and 1 <= int(found.group(2)) <= 12:
            month = months.parse(f"{found.group(1)}-{int(found.group(2)):02d}")
            record = ledger.month_record(store, month)
            if record is not None and record.state in ledger.LOCKED:
                return month
    approved = [m for (m,) in store.db.execute_sql(
        "SELECT month FROM subsidy_month WHERE state = 'approved' AND deleted_at IS NULL"
    )]  # fmt: skip
    if len(approved) == 1:
        return months.parse(approved[0])
    raise UserInputError(
        _("The result file does not say which month it pays (摘要), and {count} months are"
          " approved and unpaid").format(count=len(approved))
    )  # fmt: skip


def _money(fen: int) -> str:
    from carepoint.subsidies.reasons import money

    return money(fen)
