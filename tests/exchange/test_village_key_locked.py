"""Once a village sets its recovery passphrase, its signing key is kept under it (scrypt +
AES-GCM, like the township's keys): a copy of the folder cannot sign a package without it, the
passphrase is changed only with the one set before, and the 密钥恢复单 says where it is kept —
never the passphrase itself."""

from __future__ import annotations

import json
import re

from builders import add
from exchange.exchange_helpers import TAOYUAN, cli, digest, with_store
from pypdf import PdfReader

from carepoint.exchange import crypto, keys
from carepoint.exchange.confirmation import own_digits

RECOVERY = "桃园村-密钥恢复-2026"


def _set_recovery(capsys, monkeypatch, village, passphrase=RECOVERY, **run):
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", passphrase)
    return cli(capsys, "--data-dir", village, "keys", "recovery", **run)


def test_the_signing_key_is_locked_and_a_package_needs_the_recovery_passphrase(
    office, tmp_path, capsys, monkeypatch
):
    village = office.village(*TAOYUAN)
    with_store(village, lambda s: add(s, "张三", sequence=1))
    _set_recovery(capsys, monkeypatch, village)
    sign = (village / "keys" / keys.VILLAGE[0]).read_bytes()
    assert crypto.is_strongly_encrypted(sign) and b"PRIVATE KEY" not in sign
    assert json.loads(sign)["kdf"] == "scrypt"

    before = digest(village)
    monkeypatch.setenv("CAREPOINT_PASSPHRASE", "not the recovery passphrase")
    _out, err = cli(capsys, "--data-dir", village, "sync", "export", "--out", tmp_path / "usb",
                    exit_code=3)  # fmt: skip
    assert "does not open" in err
    monkeypatch.delenv("CAREPOINT_PASSPHRASE")
    _out, err = cli(capsys, "--data-dir", village, "sync", "export", "--out", tmp_path / "usb",
                    exit_code=2)  # fmt: skip
    assert "recovery passphrase is needed" in err
    assert digest(village) == before and not list((tmp_path / "usb").glob("*.cpkg"))

    monkeypatch.setenv("CAREPOINT_PASSPHRASE", RECOVERY)
    package = office.export(village)
    assert package.is_file()


def test_the_recovery_passphrase_changes_only_with_the_one_set_before(
    office, capsys, monkeypatch
):
    village = office.village(*TAOYUAN)
    _set_recovery(capsys, monkeypatch, village)
    monkeypatch.setenv("CAREPOINT_OLD_PASSPHRASE", "a wrong old passphrase")
    _set_recovery(capsys, monkeypatch, village, "新的恢复口令-2027", exit_code=3)
    with_store(village, lambda s: keys.village_sign_key(s, RECOVERY))  # the old one still opens

    monkeypatch.setenv("CAREPOINT_OLD_PASSPHRASE", RECOVERY)
    _set_recovery(capsys, monkeypatch, village, "新的恢复口令-2027")
    with_store(village, lambda s: keys.village_sign_key(s, "新的恢复口令-2027"))


def test_the_key_recovery_sheet_says_where_the_passphrase_is_kept_but_not_the_passphrase(
    office, tmp_path, capsys, monkeypatch
):
    village = office.village(*TAOYUAN)
    sheet = tmp_path / "密钥恢复单.pdf"
    _out, err = cli(capsys, "--data-dir", village, "sync", "recovery-sheet", "--out", sheet,
                    "--kept", "村委会保险柜", exit_code=2)  # fmt: skip
    assert "recovery passphrase first" in err
    _set_recovery(capsys, monkeypatch, village)

    cli(capsys, "--data-dir", village, "sync", "recovery-sheet", "--out", sheet,
        "--kept", "村委会保险柜（会计与主任各知一半）", lang="zh_CN")  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "密钥恢复单" in text and "村委会保险柜" in text and TAOYUAN[1] in text
    assert " ".join(re.findall(r"(?<!\d)\d{5}(?!\d)", text)[:8]) == with_store(
        village, own_digits
    )
    assert RECOVERY not in text.replace("\n", "")
