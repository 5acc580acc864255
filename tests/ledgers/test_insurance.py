"""Accident insurance: the insured list by the locality's rule, the insurer's layout, claims."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from builders import add, id_number
from ledgers.conftest import count, run
from openpyxl import load_workbook
from pypdf import PdfReader

from carepoint.errors import UserInputError
from carepoint.ledgers import insurance as core
from carepoint.ledgers.insurance_export import export_insured, read_layout
from carepoint.residents import CategoryInput
from carepoint.setup import initialise

D = dt.date


@pytest.fixture
def register(store):
    """Born 1 Jan 1966 (60 on the reference day), 2 Jan 1966 (59), a low-income man of 75, a woman
    of 90 who died in 2025 and a man of 70."""
    add(store, "满六十", D(1966, 1, 1), 21)
    add(store, "差一天", D(1966, 1, 2), 23)
    add(store, "低保户", D(1951, 6, 1), 25,
        categories=[CategoryInput("low_income", D(2020, 1, 1))])  # fmt: skip
    gone = add(store, "已故者", D(1936, 6, 1), 27)
    add(store, "七十岁", D(1956, 3, 3), 29)
    from carepoint.residents import set_status

    set_status(store, gone.id, "deceased", D(2025, 12, 1))
    return store


def names(people) -> set[str]:
    return {p.name for p in people}


def test_the_built_in_rule_insures_everyone_sixty_or_over_on_the_first_of_january(register):
    people = core.insured_list(register, 2026)
    assert names(people) == {"满六十", "低保户", "七十岁"}
    assert {p.name: p.age for p in people}["满六十"] == 60


def test_a_local_rule_of_age_and_categories_takes_effect_from_its_day(register):
    core.set_rule(register, D(2026, 1, 1), {"min_age": 70, "categories": ["low_income"]})

    assert names(core.insured_list(register, 2026)) == {"低保户"}
    assert names(core.insured_list(register, 2025)) == {"低保户", "七十岁"}
    assert core.rule_for(register, 2026).source == "local"


def test_a_rule_with_unknown_categories_or_an_impossible_age_is_refused_and_not_kept(register):
    with pytest.raises(UserInputError) as refused:
        core.set_rule(register, D(2026, 1, 1), {"min_age": 300, "categories": ["rich"]})
    assert "rich" in refused.value.message and "0–120" in refused.value.message
    assert core.rule_for(register, 2026).source == "built-in"


def test_the_insurers_layout_decides_the_columns_and_id_numbers_stay_text(register, tmp_path):
    layout = tmp_path / "picc.toml"
    layout.write_text(
        'name = "人保财险"\n[[columns]]\ntitle = "姓名"\nfield = "name"\n'
        '[[columns]]\ntitle = "身份证号"\nfield = "id_number"\n',
        encoding="utf-8",
    )
    out = tmp_path / "insured.xlsx"

    export_insured(register, 2026, out, read_layout(layout))

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "身份证号")
    assert ("满六十", id_number(D(1966, 1, 1), 21)) in rows[1:]
    assert all(isinstance(number, str) for _name, number in rows[1:])


def test_a_layout_naming_an_unknown_field_is_refused(tmp_path):
    layout = tmp_path / "bad.toml"
    layout.write_text('[[columns]]\ntitle = "银行卡"\nfield = "bank_account"\n', encoding="utf-8")
    with pytest.raises(UserInputError, match="bank_account"):
        read_layout(layout)


def test_a_claim_is_noted_against_the_person_and_settled_once(register):
    person = register.db.execute_sql("SELECT id FROM resident WHERE name = '七十岁'").fetchone()[0]
    claim = core.add_claim(register, person, core.ClaimInput(2026, D(2026, 11, 2), "fall", 120000))
    paid = core.settle_claim(register, claim.id, "paid", 80050)

    assert (paid.state, paid.paid_fen, paid.claimed_fen) == ("paid", 80050, 120000)
    with pytest.raises(UserInputError):
        core.settle_claim(register, claim.id, "refused")
    sql = "SELECT action FROM audit_entry WHERE entity = 'insurance_claim' ORDER BY id"
    assert [row[0] for row in register.db.execute_sql(sql)] == ["create", "settle", "settle"]


def test_a_claim_for_someone_dead_before_the_accident_is_refused(register):
    gone = register.db.execute_sql("SELECT id FROM resident WHERE name = '已故者'").fetchone()[0]
    with pytest.raises(UserInputError, match="已故者"):
        core.add_claim(register, gone, core.ClaimInput(2026, D(2026, 3, 1), "fall"))
    assert count(register, "insurance_claim") == 0


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    store = initialise(folder, code="321183104201", name="桃园村", actor="clerk1")
    add(store, "张三", D(1940, 5, 6), 11, group_name="一组")
    add(store, "李四", D(1975, 2, 3), 13, group_name="二组")
    store.close()
    return folder


def test_the_command_line_lists_exports_and_prints_the_insured(village):
    listed = json.loads(run(village, "--json", "insurance", "list", "--year", "2026").stdout)
    out = village.parent / "insured.csv"
    run(village, "insurance", "export", "--year", "2026", "--out", str(out))
    run(village, "insurance", "add", "--id-number", id_number(D(1940, 5, 6), 11),
        "--date", "2026-11-02", "--kind", "fall", "--claimed", "1200",
        "--description", "院内跌倒")  # fmt: skip
    run(village, "insurance", "settle", "1", "--paid", "800.50")
    pdf = village.parent / "insured.pdf"
    run(village, "report", "insurance", "--month", "2026-11", "--out", str(pdf))

    assert [p["name"] for p in listed] == ["张三"]
    text = out.read_text(encoding="utf-8-sig")
    assert "被保险人姓名" in text.splitlines()[0] and id_number(D(1940, 5, 6), 11) in text
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("被保险人清单", "张三", id_number(D(1940, 5, 6), 11), "跌倒", "¥1,200.00",
                     "¥800.50", "已赔付", "捌佰元零伍角"):  # fmt: skip
        assert expected in printed
    assert "李四" not in printed


def test_the_public_insured_list_masks_id_numbers_and_leaves_claims_out(village):
    pdf = village.parent / "public.pdf"
    run(village, "report", "insurance", "--month", "2026-11", "--out", str(pdf), "--public")
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert id_number(D(1940, 5, 6), 11) not in printed and "张三" in printed


def test_the_rule_is_changed_on_the_command_line_and_a_bad_category_exits_2(village):
    run(village, "insurance", "rule", "--categories", "nobody_knows", check_exit=2)
    shown = json.loads(run(village, "--json", "insurance", "rule", "--min-age", "45").stdout)
    listed = json.loads(run(village, "--json", "insurance", "list").stdout)
    assert (shown["min_age"], shown["source"]) == (45, "local")
    assert [p["name"] for p in listed] == ["张三", "李四"]


def test_the_insurers_workbook_keeps_every_text_as_typed_even_markup_and_stray_controls(
    tmp_path,
):
    from carepoint.ledgers.xlsx_stream import write_xlsx

    out = tmp_path / "odd.xlsx"
    rows = [["张<三>&李", " 前后空格 ", "0012", "x\x01y"], ["", "4", "5", "6"]]

    write_xlsx(out, "被保险人清单", ["a", "b", "c", "d"], iter(rows))

    book = load_workbook(out)
    assert book.active.title == "被保险人清单"
    assert list(book.active.iter_rows(values_only=True)) == [
        ("a", "b", "c", "d"),
        ("张<三>&李", " 前后空格 ", "0012", "xy"),
        (None, "4", "5", "6"),
    ]


def test_a_long_workbook_keeps_markup_empty_cells_and_leading_zeros_in_every_row(tmp_path):
    from carepoint.ledgers.xlsx_stream import write_xlsx

    out = tmp_path / "long.xlsx"
    rows = [[str(n), f"张<{n}>&李", "", f"00{n}"] for n in range(1, 4500)]  # several batches
    rows[3000][1] = " 前后空格 "  # one batch with a value the fast path leaves to the careful one

    write_xlsx(out, "被保险人清单", ["序号", "姓名", "备注", "编号"], iter(rows))

    read = list(load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert read[0] == ("序号", "姓名", "备注", "编号")
    assert read[1:] == [(n, name, None, number) for n, name, _empty, number in rows]
