"""The command line through its installed entry point, as a script or a person runs it."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import id_number

CAREPOINT = Path(sys.executable).parent / "carepoint"


def run(*args, data_dir=None, lang=None, check_exit=None):
    command = [str(CAREPOINT)]
    if data_dir:
        command += ["--data-dir", str(data_dir)]
    if lang:
        command += ["--lang", lang]
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120)
    if check_exit is not None:
        assert done.returncode == check_exit, done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    run(
        "init",
        "--village-code",
        "321183104201",
        "--village-name",
        "桃园村",
        "--township",
        "白兔镇",
        data_dir=folder,
        check_exit=0,
    )
    return folder


def write_csv(path, rows, encoding="utf-8-sig"):
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding=encoding)
    return path


def test_version_prints_the_version():
    from carepoint import __version__

    done = run("--version", check_exit=0)
    assert done.stdout.strip() == f"carepoint {__version__}"


def test_init_refuses_a_malformed_village_code_in_chinese_and_writes_nothing(tmp_path):
    done = run(
        "init",
        "--village-code",
        "12ab",
        "--village-name",
        "桃园村",
        data_dir=tmp_path / "d",
        check_exit=2,
    )
    assert "12位" in done.stderr
    assert not (tmp_path / "d").exists()


def test_init_twice_is_refused(village):
    done = run(
        "init",
        "--village-code",
        "321183104201",
        "--village-name",
        "别的村",
        data_dir=village,
        check_exit=2,
    )
    assert "桃园村" in done.stderr


def test_a_command_on_a_folder_that_was_never_set_up_says_what_to_do(tmp_path):
    done = run("residents", "list", data_dir=tmp_path / "nothing", lang="en", check_exit=2)
    assert "carepoint init" in done.stderr


def test_an_unknown_language_is_refused(village):
    done = run("residents", "list", data_dir=village, lang="fr", check_exit=2)
    assert "zh_CN" in done.stderr


def test_usage_errors_exit_2_without_a_traceback(village):
    done = run(
        "residents",
        "set-status",
        "11010519491231002X",
        "--status",
        "dead",
        "--date",
        "2026-01-01",
        data_dir=village,
        check_exit=2,
    )
    assert "dead" in done.stderr


def test_import_list_set_status_and_export_round_trip(village, tmp_path):
    born = dt.date(1944, 2, 29)
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["序号", "姓名", "身份证号", "组别", "人员类别", "联系电话"],
            ["1", "张三", id_number(born, 1), "一组", "独居", "13800138000"],
            ["2", "李秀英", id_number(dt.date(1960, 1, 2), 2), "二组", "低保、空巢", ""],
        ],
    )
    done = run("--json", "residents", "import", str(roster), data_dir=village, check_exit=0)
    assert json.loads(done.stdout)["imported"] == 2

    listed = json.loads(
        run("residents", "list", "--search", "zs", "--json", data_dir=village, check_exit=0).stdout
    )
    assert listed == [
        {
            "id_number": id_number(born, 1),
            "name": "张三",
            "gender": "male",
            "birth_date": "1944-02-29",
            "group": "一组",
            "status": "active",
            "categories": ["living_alone", "oldest_old"],
            "age": 82,
            "registered_on": "2026-11-23",
        }
    ]

    run(
        "residents",
        "set-status",
        id_number(born, 1),
        "--status",
        "deceased",
        "--date",
        "2026-10-02",
        "--reason",
        "病故",
        data_dir=village,
        check_exit=0,
    )
    deceased = json.loads(
        run(
            "--json", "residents", "list", "--status", "deceased", data_dir=village, check_exit=0
        ).stdout
    )
    assert [row["name"] for row in deceased] == ["张三"]

    exported = tmp_path / "out.xlsx"
    run("residents", "export", str(exported), data_dir=village, check_exit=0)
    fresh = tmp_path / "fresh"
    run(
        "init",
        "--village-code",
        "321183104202",
        "--village-name",
        "杏花村",
        data_dir=fresh,
        check_exit=0,
    )
    again = json.loads(
        run("--json", "residents", "import", str(exported), data_dir=fresh, check_exit=0).stdout
    )
    assert again["imported"] == 2
    assert (
        run("--json", "residents", "list", data_dir=fresh).stdout
        == run("--json", "residents", "list", data_dir=village).stdout
    )


def test_a_messy_import_reports_every_problem_with_row_and_column_and_writes_nothing(
    village, tmp_path
):
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["桃园村老年人花名册"],
            [],
            ["姓名", "公民身份号码", "所在组", "出生日期"],
            ["王芳", "110105194912310021", "一组", "1949.12.31"],
            ["赵六", id_number(dt.date(1950, 5, 3), 3), "二组", "1950年5月4日"],
            ["钱七", "1.10105194912310E+17", "二组", ""],
            ["填表人：张会计"],
        ],
        encoding="gb18030",
    )
    done = run(
        "--json", "residents", "import", str(roster), data_dir=village, lang="en", check_exit=2
    )
    report = json.loads(done.stdout)
    assert report["imported"] == 0
    problems = {(e["row"], e["column"]) for e in report["errors"]}
    assert problems == {(4, "B"), (6, "B")}
    # a birth date that contradicts a valid ID number is a warning: the ID decides (issue 16)
    assert (5, "D") in {(w["row"], w["column"]) for w in report["warnings"]}
    assert all(e["message"] for e in report["errors"])
    listed = json.loads(run("--json", "residents", "list", data_dir=village).stdout)
    assert listed == []


def test_a_dry_run_checks_without_writing(village, tmp_path):
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["姓名", "身份证号码"],
            ["孙七", id_number(dt.date(1950, 5, 3), 5)],
        ],
    )
    done = run(
        "--json", "residents", "import", str(roster), "--dry-run", data_dir=village, check_exit=0
    )
    assert json.loads(done.stdout)["imported"] == 1
    assert json.loads(run("--json", "residents", "list", data_dir=village).stdout) == []


def test_a_missing_file_and_a_text_file_are_refused(village, tmp_path):
    run("residents", "import", str(tmp_path / "none.xlsx"), data_dir=village, check_exit=2)
    (tmp_path / "notes.txt").write_text("hello")
    run("residents", "import", str(tmp_path / "notes.txt"), data_dir=village, check_exit=2)


def test_a_database_from_a_newer_version_exits_3(village):
    import sqlite3

    with sqlite3.connect(village / "carepoint.sqlite3") as raw:
        raw.execute("PRAGMA user_version = 999")
    done = run("residents", "list", data_dir=village, check_exit=3)
    assert "999" in done.stderr


def test_demo_fills_an_empty_folder_and_refuses_a_full_one(tmp_path):
    folder = tmp_path / "demo"
    done = run("--json", "demo", "--residents", "300", "--seed", "3", data_dir=folder, check_exit=0)
    assert json.loads(done.stdout)["residents"] == 300
    count = len(json.loads(run("--json", "residents", "list", data_dir=folder).stdout))
    assert count == 300
    run("demo", "--residents", "300", data_dir=folder, check_exit=2)


def test_commands_speak_english_when_asked(village):
    done = run("residents", "list", data_dir=village, lang="en", check_exit=0)
    assert "0 residents" in done.stdout
