"""An enrollment file copied before the village's first package cannot take the village's place:
the first package of a village is held until the township's clerk confirms the fingerprint of its
key against the 入网确认单 the village printed, and only the confirmed key is pinned."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, cli, digest, with_store
from pypdf import PdfReader


def _slip_digits(capsys, village, tmp_path) -> str:
    """The 40 digits as the clerk reads them off the printed 入网确认单."""
    out = tmp_path / f"slip-{village.name}.pdf"
    cli(capsys, "--data-dir", village, "sync", "slip", "--out", out, lang="zh_CN")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "入网确认单" in text
    groups = re.findall(r"(?<!\d)\d{5}(?!\d)", text)
    assert len(groups) >= 8, text
    return " ".join(groups[:8])


def _held(office) -> list[dict]:
    out, _err = office.run("--json", "township", "held")
    return json.loads(out)


def _mirrored_residents(office) -> list[str]:
    return [row[0] for row in with_store(office.folder, lambda s: s.db.execute_sql(
        "SELECT name FROM tw_resident ORDER BY name").fetchall())]  # fmt: skip


HELD = ("held_package",)  # apart from the data: the packages waiting for the clerk


def test_a_copied_enrollment_file_is_refused_at_confirmation_and_the_village_is_not_locked_out(
    office, tmp_path, capsys
):
    # Given a village enrolled with the township whose file was copied before its first package
    real = office.village(*TAOYUAN, confirmed=False)
    fake = office.copied_village(*TAOYUAN, tmp_path / "fake")
    with_store(real, lambda s: add(s, "张三", sequence=1))
    with_store(fake, lambda s: add(s, "冒名", sequence=1))
    before = digest(office.folder, leave_out=HELD)

    # When the fake package arrives first, then the real one
    out, _err = office.run("--json", "sync", "import", office.export(fake))
    assert json.loads(out)["packages"][0]["status"] == "awaiting confirmation"
    out, _err = office.run("sync", "import", office.export(real))
    assert "township confirm 321183104201" in out

    # Then nothing of either is in the township's data, and both wait with different digits
    assert digest(office.folder, leave_out=HELD) == before
    held = _held(office)
    assert len(held) == 2 and len({h["fingerprint"] for h in held}) == 2

    # When the clerk types the digits printed on the real village's 入网确认单
    digits = _slip_digits(capsys, real, tmp_path)
    assert digits in {h["fingerprint"] for h in held}
    out, _err = office.run("--json", "township", "confirm", TAOYUAN[0], "--fingerprint",
                           digits.replace(" ", ""))  # fmt: skip
    result = json.loads(out)

    # Then the real package is imported, the fake one thrown away, and stays refused after
    assert [p["new"] >= 1 for p in result["imported"]] == [True]
    assert len(result["refused"]) == 1
    assert _mirrored_residents(office) == ["张三"]
    assert _held(office) == []
    with_store(fake, lambda s: add(s, "冒名二", sequence=2))
    _out, err = office.run("sync", "import", office.export(fake), exit_code=3)
    assert "not this village's" in err
    with_store(real, lambda s: add(s, "李四", sequence=2))
    out, _err = office.run("--json", "sync", "import", office.export(real))
    assert json.loads(out)["packages"][0]["status"] == "imported"
    assert _mirrored_residents(office) == ["张三", "李四"]
    actions = with_store(office.folder, lambda s: [r[0] for r in s.db.execute_sql(
        "SELECT DISTINCT action FROM audit_entry WHERE entity = 'township_village'")])  # fmt: skip
    assert "confirm_key" in actions


def test_digits_that_match_no_held_package_change_nothing_and_the_clerk_can_refuse_them(
    office, tmp_path, capsys
):
    real = office.village(*TAOYUAN, confirmed=False)
    fake = office.copied_village(*TAOYUAN, tmp_path / "fake")
    with_store(fake, lambda s: add(s, "冒名", sequence=1))
    office.run("sync", "import", office.export(fake))
    before = digest(office.folder)
    digits = _slip_digits(capsys, real, tmp_path)

    _out, err = office.run("township", "confirm", TAOYUAN[0], "--fingerprint", digits,
                           exit_code=3)  # fmt: skip
    assert "nothing was changed" in err
    assert digest(office.folder) == before and len(_held(office)) == 1

    office.run("township", "confirm", TAOYUAN[0], "--refuse")
    assert _held(office) == []
    # The real digits, typed before the real package comes, let it in at once
    office.run("township", "confirm", TAOYUAN[0], "--fingerprint", digits)
    with_store(real, lambda s: add(s, "张三", sequence=1))
    out, _err = office.run("--json", "sync", "import", office.export(real))
    assert json.loads(out)["packages"][0]["status"] == "imported"


def test_a_package_whose_key_is_not_the_confirmed_one_is_refused(office, tmp_path, capsys):
    office.village(*TAOYUAN)  # confirmed from its slip before any package
    fake = office.copied_village(*TAOYUAN, tmp_path / "fake")
    before = digest(office.folder)
    _out, err = office.run("sync", "import", office.export(fake), exit_code=3)
    assert "入网确认单" in err
    assert digest(office.folder) == before and _held(office) == []


def test_a_fingerprint_that_is_not_40_digits_is_bad_input(office, tmp_path):
    office.village(*LIYUAN, confirmed=False)
    _out, err = office.run("township", "confirm", LIYUAN[0], "--fingerprint", "12345 6789",
                           exit_code=2)  # fmt: skip
    assert "40 digits" in err


def test_a_viewer_cannot_confirm_a_key(office, tmp_path, monkeypatch):
    from carepoint import users

    real = office.village(*TAOYUAN, confirmed=False)
    office.run("sync", "import", office.export(real))
    with_store(office.folder, lambda s: users.create_account(s, "zhao", "zhao-password", "viewer"))
    monkeypatch.setenv("CAREPOINT_PASSWORD", "zhao-password")
    from carepoint.exchange.confirmation import own_digits

    digits = with_store(real, own_digits)
    _out, err = office.run("--user", "zhao", "township", "confirm", TAOYUAN[0],
                           "--fingerprint", digits, exit_code=2)  # fmt: skip
    assert "Only an administrator" in err
    assert len(_held(office)) == 1


def test_a_dry_run_holds_nothing(office):
    real = office.village(*TAOYUAN, confirmed=False)
    out, _err = office.run("--json", "sync", "import", "--dry-run", office.export(real))
    assert json.loads(out)["packages"][0]["status"] == "awaiting confirmation"
    assert _held(office) == []


def test_a_forged_package_beside_the_real_one_in_one_batch_is_held_with_it_and_others_go_in(
    office, tmp_path, capsys
):
    # Given a stick with 桃园村's real first package, a forged one with the same number made
    # with a copy of its enrollment file, and 梨园村's package (a village already confirmed)
    real = office.village(*TAOYUAN, confirmed=False)
    fake = office.copied_village(*TAOYUAN, tmp_path / "fake")
    liyuan = office.village(*LIYUAN)
    with_store(real, lambda s: add(s, "张三", sequence=1))
    with_store(fake, lambda s: add(s, "冒名", sequence=1))
    with_store(liyuan, lambda s: add(s, "王五", sequence=1))
    forged = office.export(fake)
    forged = forged.rename(tmp_path / ("copied-" + forged.name))
    stick = [office.export(real), forged, office.export(liyuan)]

    # When the clerk imports the whole stick in one command
    out, _err = office.run("--json", "sync", "import", *stick)

    # Then 梨园村 is imported, and both of 桃园村's packages wait for the clerk's digits
    statuses = {(p["village_code"], p["file"]): p["status"] for p in json.loads(out)["packages"]}
    assert statuses == {
        (TAOYUAN[0], stick[0].name): "awaiting confirmation",
        (TAOYUAN[0], forged.name): "awaiting confirmation",
        (LIYUAN[0], stick[2].name): "imported",
    }
    assert _mirrored_residents(office) == ["王五"]
    held = _held(office)
    assert len(held) == 2 and len({h["fingerprint"] for h in held}) == 2

    # And the digits on the real 入网确认单 bring in the real package only
    digits = _slip_digits(capsys, real, tmp_path)
    out, _err = office.run("--json", "township", "confirm", TAOYUAN[0], "--fingerprint", digits)
    assert len(json.loads(out)["refused"]) == 1
    assert _mirrored_residents(office) == ["张三", "王五"]


def test_two_different_packages_with_one_number_from_a_confirmed_village_refuse_the_batch(
    office, tmp_path
):
    # The village's PC copied (a backup put back) before its first package: both copies write
    # package 1, signed with the one confirmed key, with different records
    real = office.village(*TAOYUAN)
    with_store(real, lambda s: add(s, "张三", sequence=1))
    copy = Path(shutil.copytree(real, tmp_path / "restored"))
    first = office.export(real)
    first = first.rename(tmp_path / ("first-" + first.name))
    with_store(copy, lambda s: add(s, "李四", sequence=2))
    before = digest(office.folder)
    _out, err = office.run("sync", "import", first, office.export(copy), exit_code=3)
    assert "two different packages carry the same number" in err
    assert digest(office.folder) == before
