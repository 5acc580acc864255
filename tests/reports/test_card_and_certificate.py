import datetime as dt

import pytest
from builders import add

from carepoint.errors import UserInputError
from carepoint.reports.card import write_record_card
from carepoint.reports.certificate import write_hours_certificate
from carepoint.residents import CarerInput
from carepoint.timebank.ledger import record_service
from carepoint.timebank.volunteers import VolunteerInput, add_volunteer

NOVEMBER = dt.date(2026, 11, 1)


def test_the_record_card_holds_the_register_fields_and_carers_on_one_page(
    store, tmp_path, read_pdf
):
    person = add(
        store, "张三", birth=dt.date(1940, 2, 3), residence_address="桃园村一组8号",
        carers=[CarerInput("张大", "长子", "13900001111")],
    )  # fmt: skip
    pdf = read_pdf(
        write_record_card(store, NOVEMBER, tmp_path / "card.pdf", subject=person.id_number)
    )
    assert len(pdf.pages) == 1
    for text in ("张三", person.id_number, "桃园村一组8号", "张大", "长子", "13900001111"):
        assert text in pdf.flat
    assert "86岁" in pdf.flat


def test_an_unknown_id_number_is_refused_and_nothing_is_written(store, tmp_path):
    from builders import id_number

    with pytest.raises(UserInputError, match="身份证"):
        write_record_card(
            store, NOVEMBER, tmp_path / "card.pdf", subject=id_number(dt.date(1941, 1, 1))
        )
    assert not (tmp_path / "card.pdf").exists()


@pytest.fixture
def volunteer(store):
    helper = add_volunteer(store, VolunteerInput(name="刘红梅", joined_on=dt.date(2026, 1, 1)))
    for day, minutes, kind in ((3, 90, "理发"), (10, 120, "陪伴聊天"), (17, 60, "理发")):
        record_service(store, helper.id, dt.date(2026, 11, day), minutes, kind)
    return helper


def test_the_certificate_sums_the_hours_by_kind_of_service(store, volunteer, tmp_path, read_pdf):
    pdf = read_pdf(write_hours_certificate(store, NOVEMBER, tmp_path / "c.pdf", subject="刘红梅"))
    assert "刘红梅" in pdf.flat and "共服务3次，累计4.5小时" in pdf.flat
    assert "理发2.5" in pdf.flat and "陪伴聊天2" in pdf.flat
    assert "盖章" in pdf.flat


def test_a_volunteer_can_be_named_by_number(store, volunteer, tmp_path, read_pdf):
    path = write_hours_certificate(store, NOVEMBER, tmp_path / "c.pdf", subject=str(volunteer.id))
    assert "刘红梅" in read_pdf(path).flat


def test_two_volunteers_of_one_name_ask_for_the_number(store, volunteer, tmp_path):
    add_volunteer(store, VolunteerInput(name="刘红梅", joined_on=dt.date(2026, 2, 1)))
    with pytest.raises(UserInputError, match="编号"):
        write_hours_certificate(store, NOVEMBER, tmp_path / "c.pdf", subject="刘红梅")
    with pytest.raises(UserInputError, match="王小二"):
        write_hours_certificate(store, NOVEMBER, tmp_path / "c.pdf", subject="王小二")
    assert not (tmp_path / "c.pdf").exists()
