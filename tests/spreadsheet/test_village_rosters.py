"""A real village roster through the command line, in the three shapes villages send it: every
valid person in and right, the bad rows handed back in a workbook that imports again."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import roster_fixtures as rf

CAREPOINT = Path(sys.executable).parent / "carepoint"


def run(data_dir, *args, check_exit=None):
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run([str(CAREPOINT), "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in done.stderr
    if check_exit is not None:
        assert done.returncode == check_exit, done.stderr + done.stdout
    return done


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    run(folder, "init", "--village-code", "321183104201", "--village-name", "桃园村",
        check_exit=0)
    return folder


def listed(village) -> dict[str, dict]:
    rows = json.loads(run(village, "--json", "residents", "list", check_exit=0).stdout)
    return {row["id_number"]: row for row in rows}


def write(kind: str, folder: Path) -> tuple[Path, list[str]]:
    if kind == "xlsx-per-group":
        path = folder / "花名册.xlsx"
        rf.write_group_workbook(path)
        return path, ["--all-sheets"]
    if kind == "xls":
        path = folder / "花名册.xls"
        rf.write_flat_xls(path)
        return path, []
    path = folder / "花名册.csv"
    rf.write_gb18030_csv(path)
    return path, []


@pytest.mark.parametrize("kind", ["xlsx-per-group", "xls", "gb18030-csv"])
def test_every_valid_person_goes_in_and_the_bad_rows_come_back_in_a_workbook(
    village, tmp_path, kind
):
    path, options = write(kind, tmp_path)
    problems = tmp_path / "问题.xlsx"
    # All or nothing (the default): six bad rows, nothing written, exit 2
    refused = run(village, "--json", "residents", "import", str(path), *options)
    assert refused.returncode == 2
    assert json.loads(refused.stdout)["rejected"] == 6
    assert listed(village) == {}
    # --valid-only: the 23 valid people go in, the 6 bad rows go to the problems workbook
    done = run(village, "--json", "residents", "import", str(path), *options, "--valid-only",
               "--problems", str(problems), check_exit=0)
    result = json.loads(done.stdout)
    assert (result["imported"], result["rejected"]) == (23, 6)
    assert result["problems_file"] == str(problems) and problems.exists()
    assert result["as_of"] == rf.AS_OF.isoformat()
    people = listed(village)
    expected = {rf.expected_id(p): p for p in rf.valid_people()}
    assert set(people) == set(expected)
    assert people[rf.ZHANG_HUA]["name"] == "张华"
    assert people[rf.ZHANG_HUA]["categories"][0] == "special_hardship_dispersed"
    assert people[rf.expected_id(rf.valid_people()[4])]["name"] == "孙建国"
    # Groups: 1组, 第一组 and "一组 " are one group; 11组 is 十一组
    groups = {p["group"] for p in people.values()}
    assert groups == {"一组", "二组", "三组", "十一组"}
    # The ID decides: 陈兰英's gender cell says 男, her ID says female
    assert people[rf.expected_id(rf.valid_people()[9])]["gender"] == "female"
    # A 15-digit ID is upgraded
    upgraded = rf.expected_id(rf.valid_people()[12])
    assert len(upgraded) == 18 and people[upgraded]["birth_date"] == "1936-05-12"
    # 备注 statuses: never 在册
    assert people[rf.DECEASED]["status"] == "deceased"
    assert people[rf.MOVED]["status"] == "moved_out"
    assert sum(p["status"] == "active" for p in people.values()) == 21


def test_category_words_as_rosters_write_them_all_map(village, tmp_path):
    path, options = write("xlsx-per-group", tmp_path)
    run(village, "residents", "import", str(path), *options, "--valid-only", check_exit=0)
    people = listed(village)
    by_name = {p["name"]: set(p["categories"]) - {"oldest_old"} for p in people.values()}
    assert by_name["李秀英"] == {"special_hardship_dispersed"}  # 特困分散供养
    assert by_name["王德明"] == {"special_hardship_dispersed"}  # 分散供养特困人员
    assert by_name["赵桂兰"] == {"special_hardship_dispersed"}  # 特困人员
    assert by_name["孙建国"] == {"low_income"}  # 农村低保
    assert by_name["周玉梅"] == {"severe_disability"}  # 残疾一级
    assert by_name["吴志强"] == {"family_planning_special"}  # 计生特扶
    assert by_name["郑淑珍"] == {"dementia"}  # 老年痴呆
    assert by_name["冯春生"] == {"living_alone"}  # 独居老人（空巢）
    assert by_name["陈兰英"] == {"family_planning_special"}  # 失独
    assert by_name["褚国庆"] == {"entitled_group"}  # 重点优抚对象
    assert by_name["卫秀兰"] == {"low_income", "severe_disability"}  # 低保户、二级残疾
    assert by_name["杨翠花"] == {"empty_nest", "left_behind"}  # 空巢 留守


def test_errors_name_sheet_row_and_column_and_say_what_to_do(village, tmp_path):
    path, options = write("xlsx-per-group", tmp_path)
    done = run(village, "--json", "--lang", "en", "residents", "import", str(path), *options,
               "--dry-run")
    errors = json.loads(done.stdout)["errors"]
    by_place = {(e["sheet"], e["row"], e["column"]): e["message"] for e in errors}
    # rows 4 and 5 of sheet 一组 (title, two header rows, two good people first)
    wrong_check = by_place[("一组", 6, "D")]
    assert "digit by digit" in wrong_check and "should end in" not in wrong_check
    excel = by_place[("一组", 7, "D")]
    assert "410221195203151…" in excel and "410221195203151000" not in excel
    # the unknown word is one problem for the file, with the known categories
    unknown = [e for e in errors if "困难户" in e["message"]]
    assert len(unknown) == 1 and "分散特困" in unknown[0]["message"]
    assert unknown[0]["column"] == "F"


def test_the_problems_workbook_keeps_the_rows_and_imports_again_once_corrected(
    village, tmp_path
):
    from openpyxl import load_workbook

    path, options = write("xlsx-per-group", tmp_path)
    problems = tmp_path / "问题.xlsx"
    run(village, "residents", "import", str(path), *options, "--valid-only", "--problems",
        str(problems), check_exit=0)
    book = load_workbook(problems)
    assert book.sheetnames == ["一组", "二组", "三组"]
    first = book["一组"]
    values = [[c.value for c in row] for row in first.iter_rows()]
    assert values[0][0] == "一组老年人花名册"
    assert values[2][-1] == "问题"
    assert values[3][1] == "孔令伟" and values[3][3] == rf.WRONG_CHECK
    assert values[4][3] == rf.EXCEL_FLOAT  # unchanged: still the number Excel made
    # Importing it as is reports the same problems (and nothing new goes in)
    again = run(village, "--json", "residents", "import", str(problems), "--all-sheets")
    assert again.returncode == 2 and json.loads(again.stdout)["rejected"] == 6
    # The cadre corrects two rows in the workbook and imports it with --valid-only
    correct = rf.pid(dt.date(1948, 1, 20), 41)
    first.cell(row=4, column=4, value=correct)
    book["三组"].cell(row=4, column=6, value="低保")  # 困难户 → 低保
    book.save(problems)
    fixed = run(village, "--json", "residents", "import", str(problems), "--all-sheets",
                "--valid-only", check_exit=0)
    assert json.loads(fixed.stdout)["imported"] == 2
    people = listed(village)
    assert people[correct]["group"] == "一组"
    assert people[correct]["status"] == "active"


def test_as_of_gives_the_registration_and_category_start_dates(village, tmp_path):
    import sqlite3

    path, options = write("xls", tmp_path)
    run(village, "residents", "import", str(path), "--valid-only", "--as-of", "2026-09-30",
        check_exit=0)
    with sqlite3.connect(village / "carepoint.sqlite3") as db:
        registered = {r[0] for r in db.execute("SELECT registered_on FROM resident")}
        starts = {r[0] for r in db.execute("SELECT start_date FROM category_membership")}
    assert registered == {"2026-09-30"} and starts == {"2026-09-30"}


def test_without_as_of_the_roster_date_cell_is_used(village, tmp_path):
    import sqlite3

    path, _options = write("gb18030-csv", tmp_path)
    run(village, "residents", "import", str(path), "--valid-only", check_exit=0)
    with sqlite3.connect(village / "carepoint.sqlite3") as db:
        registered = {r[0] for r in db.execute("SELECT registered_on FROM resident")}
    assert registered == {rf.AS_OF.isoformat()}


def test_an_as_of_date_in_the_future_is_refused_and_nothing_is_written(village, tmp_path):
    path, _options = write("xls", tmp_path)
    done = run(village, "residents", "import", str(path), "--as-of", "2027-01-01")
    assert done.returncode == 2 and "2027-01-01" in done.stderr
    assert listed(village) == {}


def test_a_second_roster_over_the_register_shows_old_to_new_before_changing_anything(
    village, tmp_path
):
    path, options = write("xls", tmp_path)
    run(village, "residents", "import", str(path), "--valid-only", check_exit=0)
    people = rf.valid_people()
    people[2].phone = "13700000003"  # 王德明 had no phone
    people[2].categories += "、独居"
    later = tmp_path / "later.xls"
    rf.write_flat_xls(later, people)
    dry = run(village, "--lang", "en", "residents", "import", str(later), "--dry-run",
              check_exit=0)
    lines = [line for line in dry.stdout.splitlines() if "王德明" in line]
    assert any("“” → “13700000003”" in line for line in lines)
    assert any("“” → “living alone”" in line for line in lines)
    assert "living_alone" not in listed(village)[rf.expected_id(people[2])]["categories"]
    done = json.loads(run(village, "--json", "residents", "import", str(later),
                          check_exit=0).stdout)
    assert (done["imported"], done["updated"]) == (0, 1)
    person = listed(village)[rf.expected_id(people[2])]
    assert "living_alone" in person["categories"]
