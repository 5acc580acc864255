"""A cadre's month through the command line: a village set up by `init`, a roster imported as the
village writes it (GB18030 csv), events, compute, review, approve, pay, bank files, recoveries.

Every step goes through `carepoint.cli.main`, the installed entry point's function."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import id_number

from carepoint.cli import main
from carepoint.db import open_store

JURONG_CODE = "321183104201"  # Jiangsu: the Jurong preset by default
GUANGZHOU_CODE = "440106001001"
HENAN_CODE = "410102001001"  # no preset of its own: the national template


def card(serial: int) -> str:
    """A 16-digit bank card number with a valid Luhn check digit, one per person."""
    body = f"622848041{serial:06d}"
    total = 0
    for index, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


class Village:
    def __init__(self, folder: Path, capsys, code: str = JURONG_CODE, name: str = "桃园村",
                 preset: str | None = None):  # fmt: skip
        self.folder, self.capsys = folder, capsys
        self.people: dict[str, str] = {}  # name → ID number
        args = ["init", "--village-code", code, "--village-name", name]
        self.run(*args, *(["--preset", preset] if preset else []))

    def run(self, *args, exit_code: int = 0, lang: str = "zh_CN") -> tuple[str, str]:
        self.capsys.readouterr()
        code = main(["--lang", lang, "--data-dir", str(self.folder), *map(str, args)])
        out, err = self.capsys.readouterr()
        assert code == exit_code, out + err
        assert "Traceback" not in err
        return out, err

    def json(self, *args, exit_code: int = 0):
        out, _err = self.run("--json", *args, exit_code=exit_code)
        return json.loads(out)

    def roster(self, people: list[tuple], as_of: str = "2026-01-01") -> None:
        """people: (name, birth date, category text, account or None)."""
        lines = ["姓名,身份证号码,人员类别,银行卡号"]
        for serial, (name, birth, category, *rest) in enumerate(people, start=len(self.people) + 1):
            number = id_number(birth, serial * 2 + 1)
            account = rest[0] if rest else card(serial)
            self.people[name] = number
            lines.append(f"{name},{number},{category},{account or ''}")
        path = self.folder.parent / f"roster-{len(self.people)}.csv"
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
        self.run("residents", "import", path, "--as-of", as_of)

    def died(self, name: str, day: str, reason: str = "家属后来告知") -> None:
        self.run("residents", "set-status", self.people[name], "--status", "deceased",
                 "--date", day, "--reason", reason)  # fmt: skip

    def lines(self, month: str) -> dict[str, list[tuple[str, int]]]:
        """name → [(type, fen)] of the month, as `subsidies compute --json` gives them."""
        found = self.json("subsidies", "compute", "--month", month)
        names = {number: name for name, number in self.people.items()}
        result: dict[str, list[tuple[str, int]]] = {}
        for line in found["lines"]:
            result.setdefault(names[line["id_number"]], []).append(
                (line["type"], line["amount_fen"])
            )
        return result

    def approve(self, month: str, *extra) -> None:
        self.run("subsidies", "compute", "--month", month)
        self.run("subsidies", "review", "--month", month)
        self.run("subsidies", "approve", "--month", month, *extra)

    def pay(self, month: str, day: str = "2026-11-20") -> dict:
        return self.json("subsidies", "pay", "--month", month, "--date", day, "--batch",
                         f"B-{month}")  # fmt: skip

    def sql(self, query: str, params=()) -> list[tuple]:
        store = open_store(self.folder)
        try:
            return store.db.execute_sql(query, list(params)).fetchall()
        finally:
            store.close()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
