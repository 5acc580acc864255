"""`carepoint report NAME …` for every form, as a clerk runs it, and its refusals."""

import re

import pytest

from carepoint.cli import main
from carepoint.reports import FORMS


@pytest.fixture
def run(data_dir, capsys):
    def invoke(*args):
        code = main(["--data-dir", str(data_dir), "report", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def subject_options(store, name):
    if name == "card":
        number = store.db.execute_sql("SELECT id_number FROM resident LIMIT 1").fetchone()[0]
        return ["--id-number", number]
    if name == "assessment":
        number = store.db.execute_sql(
            "SELECT r.id_number FROM resident r JOIN assessment a ON a.resident_id = r.id LIMIT 1"
        ).fetchone()[0]
        return ["--id-number", number]
    if name == "timebank-certificate":
        volunteer = store.db.execute_sql("SELECT id FROM timebank_volunteer LIMIT 1").fetchone()
        return ["--volunteer", str(volunteer[0])]
    return []


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_is_written_from_the_command_line(demo, run, tmp_path, read_pdf, name):
    out = tmp_path / f"{name}.pdf"
    code, stdout, stderr = run(name, "--month", "2026-11", "--out", str(out),
                               *subject_options(demo, name))  # fmt: skip
    assert code == 0, stderr
    assert str(out) in stdout
    pdf = read_pdf(out)
    assert pdf.numbered_every_page() and pdf.ink_on_first_page() > 1000


@pytest.mark.parametrize("name", ["roster", "subsidies", "meals", "visits", "monthly"])
def test_in_english_every_label_is_english(demo, run, tmp_path, read_pdf, name):
    out = tmp_path / f"{name}.pdf"
    assert run(name, "--month", "2026-11", "--out", str(out), "--lang", "en")[0] == 0
    pdf = read_pdf(out)
    assert re.search(r"Page\s*1\s*of", pdf.text) and "Prepared by" in pdf.text
    assert not re.search(r"[序合计填表审核负责盖章身份证号码姓名]{2}", pdf.flat)


def test_the_public_subsidy_roster_prints_no_full_id_number(demo, run, tmp_path, read_pdf):
    out = tmp_path / "公示.pdf"
    assert run("subsidies", "--month", "2026-11", "--out", str(out), "--public")[0] == 0
    assert not re.search(r"\d{17}[\dX]", read_pdf(out).flat)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meals", "--month", "2026-11", "--public"], "公示"),
        (["roster", "--month", "2026-13"], "YYYY-MM"),
        (["roster"], "--month"),
        (["card", "--month", "2026-11"], "--id-number"),
        (["card", "--id-number", "11010519491231002X"], "11010519491231002X"),
        (["roster", "--month", "2026-11", "--id-number", "11010519491231002X"], "--id-number"),
        (["timebank-certificate", "--volunteer", "没有这个人"], "没有这个人"),
        (["subsidies", "--month", "2025-01"], "2025"),
        (["meals", "--month", "2020-01"], "2020"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_no_file(demo, run, tmp_path, args, message):
    out = tmp_path / "form.pdf"
    code, _stdout, stderr = run(*args, "--out", str(out))
    assert code == 2
    assert message in stderr and "Traceback" not in stderr
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


def test_a_missing_folder_and_a_wrong_suffix_are_refused(demo, run, tmp_path):
    code, _out, stderr = run(
        "roster", "--month", "2026-11", "--out", str(tmp_path / "无" / "a.pdf")
    )
    assert code == 2 and "无" in stderr
    code, _out, stderr = run("roster", "--month", "2026-11", "--out", str(tmp_path / "a.xlsx"))
    assert code == 2 and ".pdf" in stderr
    assert not (tmp_path / "a.xlsx").exists()
