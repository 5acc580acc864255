"""The township's forms over its villages, written through `carepoint report` at a township office
whose two villages (built as demo villages, exported and imported like any package) each print
their own forms too: the township's figures must be the sum of the villages' own."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from exchange.exchange_helpers import LIYUAN, TAOYUAN, TOWNSHIP, with_store
from township_forms_fixtures import VILLAGES, import_villages, township_office

from carepoint.i18n import _, format_date, rmb_upper
from carepoint.privacy import mask_account, mask_id_number, mask_phone
from carepoint.reports.common import in_register_on, in_words, money, month_end

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def office(tmp_path, capsys, monkeypatch, engine):
    """The township's office on each engine (SQLite, then PostgreSQL)."""
    return township_office(tmp_path, capsys, monkeypatch, database=engine)


@pytest.fixture
def township(office):
    return import_villages(office)


def each_village(folders, read):
    """{code: read(store)} from each village's own data folder."""
    return {code: with_store(folder, read) for code, folder in folders.items()}


def write(office, tmp_path, name, *options, lang="zh_CN"):
    out = tmp_path / f"{name}{'-'.join(['', *options]).replace('--', '')}.pdf"
    stdout, _err = office.run("report", name, "--month", "2026-11", "--out", out, *options,
                              lang=lang)  # fmt: skip
    assert str(out) in stdout
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def subsidy_lines(store):
    from carepoint.reports.subsidies import subsidy_lines as lines_of

    return lines_of(store, NOVEMBER)


def fen(lines) -> int:
    return sum(line.amount_fen for line in lines)


def subsidy_fen(store) -> int:
    return fen(subsidy_lines(store))


@pytest.mark.parametrize("name", ["roster", "subsidies", "meals", "monthly", "visits"])
def test_every_township_form_names_both_villages_and_numbers_its_pages(
    township, office, tmp_path, read_pdf, name
):
    pdf = read_pdf(write(office, tmp_path, name))
    assert all(village in pdf.flat for _code, village in VILLAGES)
    assert pdf.numbered_every_page() and pdf.ink_on_first_page() > 1000


def test_the_subsidy_roster_adds_up_the_villages_own_lines_and_totals(
    township, office, tmp_path, read_pdf
):
    # Given each village's own November lines, as its subsidies page computed them
    own = each_village(township, subsidy_lines)
    # When the township prints its roster
    pdf = read_pdf(write(office, tmp_path, "subsidies"))
    # Then it has a village column, each village's subtotal and the sum, also in words
    assert re.search(flat(f"{_('No.')}{_('Village')}{_('Name')}"), pdf.flat)
    for code, name in VILLAGES:
        subtotal = _("Subtotal, {village}: {count} lines").format(
            village=name, count=len(own[code])
        )
        assert flat(subtotal) + money(fen(own[code])) in pdf.flat
    every = [line for lines in own.values() for line in lines]
    people = len({(code, line.id_number) for code, lines in own.items() for line in lines})
    total = _("Total: {count} lines, {people} people").format(count=len(every), people=people)
    assert fen(every) > 0 and flat(total) + money(fen(every)) in pdf.flat
    written = _("Total paid by the township: {words}").format(words=in_words(fen(every)))
    assert flat(written) in pdf.flat
    assert flat(_("Recipient's signature / thumbprint")) in pdf.flat


def test_the_public_subsidy_roster_masks_id_numbers_and_accounts(
    township, office, tmp_path, read_pdf
):
    paid = "SELECT r.id_number, r.bank_account FROM subsidy_line l JOIN resident r" \
        " ON r.id = l.resident_id WHERE r.bank_account != '' LIMIT 1"  # fmt: skip
    people = each_village(township, lambda store: store.db.execute_sql(paid).fetchone())
    pdf = read_pdf(write(office, tmp_path, "subsidies", "--public"))
    assert not re.search(r"\d{17}[\dX]", pdf.flat)
    for id_number, account in people.values():
        assert account not in pdf.flat and mask_account(account) in pdf.flat
        assert mask_id_number(id_number) in pdf.flat


def test_the_roster_counts_everyone_in_either_village_register(
    township, office, tmp_path, read_pdf
):
    last = month_end(NOVEMBER)
    counts = each_village(township, lambda store: len(in_register_on(store, last)))
    pdf = read_pdf(write(office, tmp_path, "roster"))

    def summary(label: str, count: int) -> str:
        text = _("{count} residents, of whom {oldest} aged 80 and over")
        return re.escape(flat(label + text.format(count=count, oldest="@"))).replace("@", r"\d+")

    assert re.search(summary(_("Total"), sum(counts.values())), pdf.flat)
    for code, name in VILLAGES:
        assert re.search(summary(_("Subtotal, {village}").format(village=name), counts[code]),
                         pdf.flat)  # fmt: skip


def test_the_public_roster_masks_phones_and_id_numbers(township, office, tmp_path, read_pdf):
    phoned = "SELECT id_number, phone FROM resident WHERE length(phone) = 11 LIMIT 1"
    people = each_village(township, lambda store: store.db.execute_sql(phoned).fetchone())
    pdf = read_pdf(write(office, tmp_path, "roster", "--public"))
    assert not re.search(r"\d{17}[\dX]", pdf.flat)
    for _id_number, phone in people.values():
        assert phone not in pdf.flat and mask_phone(phone) in pdf.flat
    today = dt.date(2026, 11, 23)  # CAREPOINT_TODAY of the tests
    notice = _(
        "Public notice from {start} to {end}. Objections to this list may be raised "
        "with the {township} civil affairs office during the notice period, "
        "telephone: {phone}."
    ).format(start=format_date(today), end=format_date(today + dt.timedelta(days=7)),
             township=TOWNSHIP[1], phone="__________")  # fmt: skip
    assert flat(notice) in pdf.flat


def test_meal_statistics_sum_the_villages_meals_and_subsidies(
    township, office, tmp_path, read_pdf
):
    from carepoint.meals.report import month_report

    own = each_village(township, lambda store: month_report(store, NOVEMBER))
    pdf = read_pdf(write(office, tmp_path, "meals"))
    subsidy = sum(report.totals.subsidy_fen for report in own.values())
    people = sum(len(report.lines) for report in own.values())
    assert flat(_("Total: {people} people").format(people=people)) in pdf.flat
    assert money(subsidy) in pdf.flat and rmb_upper(subsidy) in pdf.flat
    assert re.search(flat(f"{_('No.')}{_('Village')}{_('Name')}"), pdf.flat)


def _own_rate(store):
    from carepoint.visits.summary import visit_rate

    rate = visit_rate(store, 2026, 11)
    return f"{rate.rate:.1%}", rate.visited, rate.due


def test_the_operations_report_sets_the_villages_side_by_side_with_charts(
    township, office, tmp_path, read_pdf
):
    rates = each_village(township, _own_rate)
    paid = each_village(township, subsidy_fen)
    last = month_end(NOVEMBER)
    residents = each_village(township, lambda store: len(in_register_on(store, last)))
    pdf = read_pdf(write(office, tmp_path, "monthly"))
    first = flat(pdf.pages[0])
    for code, name in VILLAGES:
        shown, visited, due = rates[code]
        assert re.search(rf"{name}{residents[code]}\d+", first)
        assert f"{shown}({visited}/{due})" in first and money(paid[code]) in first
    assert money(sum(paid.values())) in first and rmb_upper(sum(paid.values())) in first
    assert flat(_("Township total")) + str(sum(residents.values())) in first
    assert pdf.colour_on_first_page() > 1000


def test_the_visit_summary_shows_each_village_s_own_visit_rate(
    township, office, tmp_path, read_pdf
):
    rates = each_village(township, _own_rate)
    pdf = read_pdf(write(office, tmp_path, "visits"))
    for code, name in VILLAGES:
        shown, visited, due = rates[code]
        assert re.search(rf"{name}\d+{due}{visited}{re.escape(shown)}", pdf.flat)


def test_one_village_alone_is_printed_with_its_own_total(township, office, tmp_path, read_pdf):
    own = each_village(township, subsidy_fen)
    pdf = read_pdf(write(office, tmp_path, "subsidies", "--village", LIYUAN[0]))
    rows = pdf.flat.split(flat(_("Totals by village and subsidy")))[0]
    assert LIYUAN[1] in rows and TAOYUAN[1] not in pdf.flat
    assert rmb_upper(own[LIYUAN[0]]) in pdf.flat


def test_the_township_forms_read_in_english(township, office, tmp_path, read_pdf):
    pdf = read_pdf(write(office, tmp_path, "monthly", lang="en"))
    assert re.search(r"Page\s*1\s*of", pdf.text) and "Township total" in pdf.text
    assert not re.search(r"[序合计填表审核负责盖章身份证号码姓名]{2}", pdf.flat)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["card", "--id-number", "11010519491231002X"], "card"),
        (["visit-sheet"], "visit-sheet"),
        (["timebank-certificate", "--volunteer", "1"], "timebank-certificate"),
        (["roster", "--village", "999999"], "999999"),
        (["meals", "--public"], "public"),
    ],
)
def test_a_form_the_township_cannot_print_is_refused_and_nothing_written(
    township, office, tmp_path, args, message
):
    out = tmp_path / "form.pdf"
    _out, err = office.run("report", *args, "--month", "2026-11", "--out", out, exit_code=2)
    assert message in err and not out.exists()


def test_a_township_with_no_imported_package_says_so_and_writes_nothing(office, tmp_path):
    office.enroll(*TAOYUAN)
    out = tmp_path / "roster.pdf"
    _out, err = office.run("report", "roster", "--month", "2026-11", "--out", out, exit_code=2)
    assert "import" in err and not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_a_village_refuses_the_village_option(office, tmp_path, capsys):
    from exchange.exchange_helpers import cli

    folder = office.village(*TAOYUAN)
    out = tmp_path / "roster.pdf"
    _out, err = cli(capsys, "--data-dir", folder, "report", "roster", "--month", "2026-11",
                    "--out", out, "--village", TAOYUAN[0], exit_code=2)  # fmt: skip
    assert "--village" in err and not out.exists()


def test_an_enrolled_village_with_no_package_yet_is_named_on_the_form(
    township, office, tmp_path, read_pdf
):
    office.enroll("321183104203", "杏园村")
    pdf = read_pdf(write(office, tmp_path, "monthly"))
    assert flat(_("No package yet from: {names}").format(names="杏园村")) in pdf.flat


def test_the_township_subsidy_and_meal_forms_are_drafts_until_every_village_is_approved(
    township, office, tmp_path, read_pdf
):
    draft = "草稿（未审批）"
    # Given November sent by both villages but approved for one only
    first, second = VILLAGES
    office.run("township", "review", "--village-code", first[0], "--month", "2026-11",
               "--approve")  # fmt: skip
    for form in ("subsidies", "meals"):
        pdf = read_pdf(write(office, tmp_path, form))
        assert all(draft in flat(page) for page in pdf.pages), form
    # When the second is approved too, the forms are the real ones
    office.run("township", "review", "--village-code", second[0], "--month", "2026-11",
               "--approve")  # fmt: skip
    for form in ("subsidies", "meals"):
        pdf = read_pdf(write(office, tmp_path, form))
        assert draft not in pdf.flat, form
