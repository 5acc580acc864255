"""Building valid ID numbers and residents for tests."""

import datetime as dt

from carepoint import idcard
from carepoint.residents import ResidentInput, create_resident


def id_number(birth: dt.date, sequence: int = 1, address: str = "321183") -> str:
    first17 = f"{address}{birth:%Y%m%d}{sequence:03d}"
    return first17 + idcard.check_char(first17)


def add(store, name, birth=dt.date(1950, 3, 4), sequence=1, **fields):
    data = ResidentInput(name=name, id_number=id_number(birth, sequence), **fields)
    return create_resident(store, data, confirm_duplicates=True)
