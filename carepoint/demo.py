"""The demo village: a realistic synthetic register with months of history, from a seed.

Same seed and day → the same people, ID numbers, statuses and categories (only UUIDs differ).
Rows are built directly as PreparedResident values (the tests prove they pass check_resident)
and written through insert_residents in chunks, so 300,000 residents take well under a minute.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from carepoint import clock, demo_data
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.pinyin import search_text
from carepoint.residents.bulk import NewResident, StatusStep, insert_residents
from carepoint.residents.validation import CarerInput, CategoryInput, PreparedResident

CHUNK = 20_000
RESIDENTS_PER_VILLAGE = 1_500
MAX_RESIDENTS = 500_000
DEMO_SETTINGS = {
    "village_code": "321183104201",
    "village_name": "桃园村",
    "township": "白兔镇",
    "county": "句容市",
    "role": "village",
    "care_point_name": "桃园村互助幸福院",
}
RELATION_OF_CHILD = {"male": "子", "female": "女"}


@dataclass
class DemoSummary:
    residents: int = 0
    active: int = 0
    deceased: int = 0
    moved_out: int = 0
    in_institution: int = 0
    lost_contact: int = 0
    carers: int = 0
    category_memberships: int = 0
    status_changes: int = 0
    villages: int = 0

    def count(self, person: NewResident) -> None:
        self.residents += 1
        status = person.history[-1].status if person.history else "active"
        setattr(self, status, getattr(self, status) + 1)
        self.carers += len(person.prepared.carers)
        self.category_memberships += len(person.prepared.categories)
        self.status_changes += len(person.history)


@dataclass(frozen=True)
class Village:
    name: str
    township: str
    groups: tuple[str, ...]  # the group_name values
    group_words: tuple[str, ...]  # 一组, 二组 … as written in addresses


@dataclass
class Child:
    name: str
    gender: str
    where: str  # home / village / town / away
    phone: str
    address: str


@dataclass
class Person:
    """One resident while being drawn; becomes a NewResident at the end."""

    gender: str
    age: int
    birth: dt.date
    surname: str
    name: str
    id_number: str
    marital: str
    group: str
    keys: tuple[str, str]  # (spaced pinyin, initials) of the name
    self_care: str = ""
    needs_agent: bool = False
    values: dict[str, object] = field(default_factory=dict)
    categories: list[CategoryInput] = field(default_factory=list)
    carers: list[CarerInput] = field(default_factory=list)
    history: list[StatusStep] = field(default_factory=list)

    def finished(self, registered_on: dt.date) -> NewResident:
        values = self.values
        values["registered_on"] = registered_on
        pinyin_spaced, initials = self.keys
        values["name_pinyin"] = pinyin_spaced
        values["name_initials"] = initials
        values["search_text"] = search_text(self.name, pinyin_spaced, self.id_number)
        return NewResident(PreparedResident(values, self.carers, self.categories), self.history)


@dataclass
class House:
    """What the residents of one house share: address, living situation, supporters."""

    village: Village
    home: str
    residence: str
    since: int  # the ordinal day the youngest resident turned 60
    hardship: str = ""
    situation: str = ""
    landline: str = ""
    categories: list[CategoryInput] = field(default_factory=list)
    carers: list[CarerInput] = field(default_factory=list)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _female_share(age: int) -> float:
    return 0.5 if age < 70 else 0.53 if age < 80 else 0.58 if age < 90 else 0.68


def _care_rates(age: int) -> tuple[float, float, float]:
    """Shares of people this age who cannot look after themselves, who partly can, with dementia."""
    if age < 70:
        return 0.012, 0.03, 0.004
    if age < 80:
        return 0.03, 0.055, 0.02
    if age < 90:
        return 0.09, 0.13, 0.06
    return 0.2, 0.22, 0.12


EMPTY_NEST_SHARE = 0.6
LEFT_BEHIND_SHARE = 0.6


class VillageMaker(demo_data.Draws):
    """Draws households one at a time from one Random, so the sequence follows from the seed."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        months: int,
        care_point: dict[str, str],
        residents: int,
    ):
        super().__init__(rng, today, care_point["county"], care_point["village_code"])
        self.today_ord = today.toordinal()
        self.window_start = _months_before(today, months).toordinal()
        self.years = months / 12
        self.villages = self._villages(care_point, residents)
        self.reasons = {
            "deceased": demo_data.DEATH_REASONS,
            "moved_out": demo_data.MOVE_REASONS,
            "in_institution": demo_data.INSTITUTION_REASONS,
            "lost_contact": demo_data.LOST_REASONS,
            "active": demo_data.RETURN_REASONS,
        }

    # Places

    def _villages(self, care_point: dict[str, str], residents: int) -> list[Village]:
        rng = self.rng
        count = village_count(residents)
        home_township = care_point["township"]
        townships = [home_township, *(t for t in demo_data.TOWNSHIPS if t != home_township)]
        home = care_point["village_name"]
        # Enough names for MAX_RESIDENTS: 10 + 31 × 21 two-character names.
        made_up = [f"{a}{b}村" for a in demo_data.VILLAGE_FIRST for b in demo_data.VILLAGE_SECOND]
        rng.shuffle(made_up)
        others = dict.fromkeys([f"{name}村" for name in demo_data.FIRST_VILLAGES] + made_up)
        others.pop(home, None)
        names = [home, *list(others)[: count - 1]]
        villages = []
        for index, name in enumerate(names):
            township = townships[index * len(townships) // count]
            group_count = 12 if index == 0 else rng.randint(6, 16)
            words = tuple(f"{demo_data.chinese_number(n)}组" for n in range(1, group_count + 1))
            groups = words if count == 1 else tuple(f"{name}{word}" for word in words)
            villages.append(Village(name, township, groups, words))
        return villages

    # Households

    def household(self, room: int) -> list[NewResident]:
        """One or two residents (an older couple) of one house, with their children as carers."""
        rng = self.rng
        village = self.villages[rng.randrange(len(self.villages))]
        group = rng.randrange(len(village.groups))
        number = rng.randint(1, 120)
        home = (
            f"{self.county}{village.township}{village.name}{village.group_words[group]}{number}号"
        )
        age = self.age()
        gender = "female" if rng.random() < _female_share(age) else "male"
        marital = self._marital_status(gender, age)
        first = self._person(gender, age, marital, village.groups[group])
        people = [first]
        partner_name = ""
        husband_surname = first.surname if gender == "male" else demo_data.SURNAMES.pick(rng)
        if marital == "married":
            gap = round(rng.gauss(2.5, 3))
            partner_age = age - gap if gender == "male" else age + gap
            partner_gender = "female" if gender == "male" else "male"
            if 60 <= partner_age <= 105 and room > 1:
                partner = self._person(partner_gender, partner_age, "married", first.group)
                people.append(partner)
                partner_name = partner.name
            else:
                partner_year = first.birth.year + (gap if gender == "male" else -gap)
                partner_name = (
                    demo_data.SURNAMES.pick(rng) if gender == "male" else husband_surname
                ) + self.given_name(partner_gender, partner_year)
            if gender == "female":
                husband_surname = partner_name[0]
        youngest_60 = max(demo_data.years_after(p.birth, 60).toordinal() for p in people)
        house = House(village=village, home=home, residence=home, since=youngest_60)
        bereaved = (
            marital in ("married", "widowed") and first.birth.year >= 1943 and rng.random() < 0.006
        )
        oldest = max(p.age for p in people)
        if bereaved or marital == "unmarried":
            children = []
        else:
            children = self._children(first.birth.year, husband_surname, village, home, oldest)
        if not children and marital != "married" and not bereaved and rng.random() < 0.75:
            house.hardship = (
                "special_hardship_centralized"
                if rng.random() < 0.22
                else "special_hardship_dispersed"
            )
        self._living(house, marital, children, bereaved)
        house.carers = self._child_carers(house, children, oldest)
        for person in people:
            self._describe(person, house)
        for person in people:
            spouse = next((p for p in people if p is not person), None)
            self._add_carers(person, house, spouse, partner_name)
            self._add_history(person, house)
        return [person.finished(self._registered_on(person)) for person in people]

    def _registered_on(self, person: Person) -> dt.date:
        """The register was kept before the history began: each person joined one to four years
        earlier (spread by their ID's sequence digits, so the draws stay as they were), or on
        turning 60 if that came later."""
        spread = 365 + 3 * int(person.id_number[14:17])
        sixty = demo_data.years_after(person.birth, 60).toordinal()
        joined = max(self.window_start - spread, sixty)
        return dt.date.fromordinal(min(joined, self.today_ord))

    def _person(self, gender: str, age: int, marital: str, group: str) -> Person:
        rng = self.rng
        birth = self.birth(age)
        surname = demo_data.SURNAMES.pick(rng)
        name = surname + self.given_name(gender, birth.year)
        elsewhere = rng.random() < (0.25 if gender == "female" and marital != "unmarried" else 0.04)
        id_number = self.id_number(gender, birth, elsewhere)
        keys = self.keys(name)
        return Person(gender, age, birth, surname, name, id_number, marital, group, keys)

    def _marital_status(self, gender: str, age: int) -> str:
        for upper, table in demo_data.MARITAL_BY_AGE[gender]:
            if age <= upper:
                return table.pick(self.rng)
        raise AssertionError("unreachable")

    def _children(
        self, mother_year: int, surname: str, village: Village, home: str, oldest: int
    ) -> list[Child]:
        rng = self.rng
        if rng.random() < 0.02:
            return []
        for last_year, table in demo_data.CHILDREN_BY_BIRTH_YEAR:
            if mother_year <= last_year:
                count = table.pick(rng)
                break
        at_home = rng.randrange(count) if rng.random() < (0.55 if oldest >= 85 else 0.3) else -1
        children = []
        for index in range(count):
            gender = "male" if rng.random() < 0.52 else "female"
            if index == at_home:
                where, address = "home", home
            else:
                draw = rng.random()
                if draw < 0.25:
                    where = "village"
                    word = rng.choice(village.group_words)
                    place = f"{self.county}{village.township}{village.name}{word}"
                    address = f"{place}{rng.randint(1, 120)}号"
                elif draw < 0.55:
                    where, address = "town", self.town_address()
                else:
                    where, address = "away", self.away_address()
            phone = self.mobile() if rng.random() < 0.96 else ""
            children.append(
                Child(self.younger_name(surname, gender), gender, where, phone, address)
            )
        return children

    def _living(self, house: House, marital: str, children: list[Child], bereaved: bool) -> None:
        rng = self.rng
        with_child = any(c.where == "home" for c in children)
        near_child = any(c.where == "village" for c in children)
        away_child = any(c.where == "away" for c in children)
        village = house.village
        if house.hardship == "special_hardship_centralized":
            house.situation = "其他"
            place = rng.choice(demo_data.INSTITUTIONS)
            house.residence = place.format(county=self.county, township=village.township)
        elif with_child:
            house.situation = "与子女同住"
            if rng.random() < 0.12:
                house.residence = self.town_address()
                for child in children:
                    if child.where == "home":
                        child.address = house.residence
        elif marital == "married":
            house.situation = "与配偶同住"
        else:
            house.situation = "独居" if rng.random() < 0.85 else "其他"
        codes = []
        if house.situation == "与配偶同住" and rng.random() < EMPTY_NEST_SHARE:
            codes.append("empty_nest")
        if house.situation == "独居" and (not near_child or rng.random() < 0.4):
            codes.append("living_alone")
        if not with_child and away_child and not near_child and rng.random() < LEFT_BEHIND_SHARE:
            codes.append("left_behind")
        if bereaved:
            codes.append("family_planning_special")
        if house.hardship:
            codes.append(house.hardship)
        elif rng.random() < (0.12 if "living_alone" in codes else 0.055):
            codes.append("low_income")
        ten_years_ago = self.today_ord - 3650
        first = max(house.since, ten_years_ago)
        last = self.today_ord - 30
        for code in codes:
            house.categories.append(CategoryInput(code, self.day_between(first, last)))
        if "living_alone" in codes and marital == "widowed" and rng.random() < 0.4:
            alone_since = house.categories[codes.index("living_alone")].start_date.toordinal()
            if alone_since - first > 60:
                start = self.day_between(first, alone_since - 60)
                end = dt.date.fromordinal(alone_since - 1)
                house.categories.append(CategoryInput("empty_nest", start, end))
        for code, chance in (("left_behind", 0.05 if with_child else 0), ("low_income", 0.015)):
            if (
                code not in codes
                and not house.hardship
                and last - 200 > first
                and rng.random() < chance
            ):
                start = self.day_between(first, last - 200)
                end = self.day_between(start.toordinal() + 90, last)
                house.categories.append(CategoryInput(code, start, end))
        house.landline = self.landline() if rng.random() < 0.22 else ""

    def _describe(self, person: Person, house: House) -> None:
        rng = self.rng
        age = person.age
        disabled, semi, dementia_rate = _care_rates(age)
        draw = rng.random()
        self_care = (
            "不能自理" if draw < disabled else "半自理" if draw < disabled + semi else "自理"
        )
        dementia = rng.random() < dementia_rate
        if dementia and self_care == "自理":
            self_care = "半自理"
        first = max(house.since, self.today_ord - 1800)
        last = self.today_ord - 14
        codes = []
        if self_care == "不能自理" and rng.random() < 0.95:
            codes.append("disabled_care")
        elif self_care == "半自理" and rng.random() < 0.9:
            codes.append("semi_disabled_care")
        if dementia:
            codes.append("dementia")
        severe = rng.random() < (0.15 if self_care == "不能自理" else 0.014)
        if severe:
            codes.append("severe_disability")
        veteran_chance = 0.02 if person.gender == "male" and person.birth.year <= 1962 else 0.0005
        if rng.random() < veteran_chance:
            codes.append("entitled_group")
        person.categories = [
            CategoryInput(item.code, item.start_date, item.end_date) for item in house.categories
        ] + [CategoryInput(code, self.day_between(first, last)) for code in codes]
        person.self_care = self_care
        house_codes = {item.code for item in house.categories if item.end_date is None}
        if house_codes & {
            "low_income",
            "special_hardship_dispersed",
            "special_hardship_centralized",
        }:
            income = "政府补助"
        elif rng.random() < (0.16 if person.gender == "male" else 0.08):
            income = "退休金"
        else:
            income = demo_data.INCOME_SOURCES.pick(rng)
        conditions = []
        for _index in range(demo_data.CONDITION_COUNTS.pick(rng)):
            condition = demo_data.HEALTH_CONDITIONS.pick(rng)
            if condition not in conditions:
                conditions.append(condition)
        if dementia:
            conditions.append("阿尔茨海默病")
        if severe:
            conditions.append(rng.choice(demo_data.DISABILITIES))
        if self_care == "不能自理" and not conditions:
            conditions.append("长期卧床")
        mobile_chance = 0.7 if age < 70 else 0.5 if age < 80 else 0.25 if age < 90 else 0.08
        notes = ""
        if "special_hardship_dispersed" in house_codes and rng.random() < 0.3:
            notes = "原五保户"
        elif "entitled_group" in codes and rng.random() < 0.5:
            notes = "在乡复员军人"
        elif "family_planning_special" in house_codes and rng.random() < 0.5:
            notes = "独生子女死亡"
        elif "left_behind" in house_codes and rng.random() < 0.2:
            notes = "子女在外务工"
        person.values = {
            "name": person.name,
            "id_number": person.id_number,
            "gender": person.gender,
            "birth_date": person.birth,
            "marital_status": person.marital,
            "ethnicity": demo_data.ETHNICITIES.pick(rng),
            "household_address": house.home,
            "residence_address": house.residence,
            "group_name": person.group,
            "phone": self.mobile() if rng.random() < mobile_chance else house.landline,
            "living_situation": house.situation,
            "income_source": income,
            "health_conditions": "、".join(conditions),
            "self_care": self_care,
            "bank_account": self.bank_account() if rng.random() < 0.97 else "",
            "notes": notes,
        }
        person.needs_agent = self_care == "不能自理" or dementia or age >= 90

    def _child_carers(self, house: House, children: list[Child], oldest: int) -> list[CarerInput]:
        """The household's supporters, nearest first: children, in-laws, grandchildren."""
        rng = self.rng
        order = {"home": 0, "village": 1, "town": 2, "away": 3}
        pool = []
        for child in sorted(children, key=lambda c: order[c.where]):
            relation = RELATION_OF_CHILD[child.gender]
            pool.append(CarerInput(child.name, relation, child.phone, child.address))
            if child.where == "home" and rng.random() < 0.6:
                in_law = "female" if child.gender == "male" else "male"
                name = self.younger_name(demo_data.SURNAMES.pick(rng), in_law)
                relation = "儿媳" if child.gender == "male" else "女婿"
                pool.append(CarerInput(name, relation, self.mobile(), child.address))
        if children and oldest >= 85 and rng.random() < 0.2:
            gender = "male" if rng.random() < 0.5 else "female"
            name = self.younger_name(children[0].name[0], gender)
            relation = "孙子" if gender == "male" else "孙女"
            pool.insert(1, CarerInput(name, relation, self.mobile(), house.residence))
        return pool

    def _add_carers(
        self, person: Person, house: House, spouse: Person | None, partner: str
    ) -> None:
        rng = self.rng
        if house.hardship:
            carers = []
        else:
            pool = list(house.carers)
            if partner and rng.random() < 0.3:
                phone = spouse.values["phone"] if spouse else house.landline
                pool.insert(
                    0,
                    CarerInput(
                        partner if spouse is None else spouse.name, "配偶", phone, house.residence
                    ),
                )
            if not pool:
                gender = "male" if rng.random() < 0.6 else "female"
                relation = (
                    ("侄子" if gender == "male" else "侄女") if rng.random() < 0.8 else "外甥"
                )
                surname = person.surname if relation != "外甥" else demo_data.SURNAMES.pick(rng)
                address = self.town_address() if rng.random() < 0.5 else house.home
                pool.append(
                    CarerInput(self.younger_name(surname, gender), relation, self.mobile(), address)
                )
            carers = pool[: demo_data.CARER_COUNTS.pick(rng)]
        person.carers = carers
        contact = carers[0] if carers else None
        agent = contact if person.needs_agent else None
        person.values.update(
            medical_contact_name=contact.name if contact else "",
            medical_contact_phone=contact.phone if contact else "",
            agent_name=agent.name if agent else "",
            agent_phone=agent.phone if agent else "",
        )

    def _add_history(self, person: Person, house: House) -> None:
        """Deaths, moves, entries into care and lost contact inside the window before today."""
        rng = self.rng
        steps = person.history
        status = "active"
        earliest = max(self.window_start, demo_data.years_after(person.birth, 60).toordinal())
        if house.hardship == "special_hardship_centralized":
            since = next(c.start_date for c in person.categories if c.code == house.hardship)
            steps.append(StatusStep("in_institution", "active", since, "集中供养"))
            status = "in_institution"
            earliest = max(earliest, since.toordinal() + 1)
        today = self.today_ord
        if not self.years or earliest > today:
            return
        yearly_death = min(0.6, 0.009 * math.exp(0.095 * (person.age - 60)))
        yearly_death += {"不能自理": 0.06, "半自理": 0.02}.get(person.self_care, 0)
        yearly_care = 0.05 if person.self_care == "不能自理" else 0.004
        chances = [
            1 - (1 - rate) ** self.years for rate in (yearly_death, 0.01, yearly_care, 0.002)
        ]
        draw = rng.random()
        if draw < chances[0]:
            if (
                status == "active"
                and person.self_care == "不能自理"
                and earliest < today - 30
                and rng.random() < 0.2
            ):
                status = self._step(person, "in_institution", status, earliest, today - 30)
                earliest = steps[-1].effective_date.toordinal() + 1
            self._step(person, "deceased", status, earliest, today)
        elif status != "active":
            return
        elif draw < chances[0] + chances[1]:
            moved = self._step(person, "moved_out", status, earliest, today)
            moved_on = steps[-1].effective_date.toordinal()
            if rng.random() < 0.15 and moved_on + 30 < today:
                self._step(person, "active", moved, moved_on + 30, today)
            elif rng.random() < 0.5:
                person.values["residence_address"] = self.away_address()
        elif draw < sum(chances[:3]):
            self._step(person, "in_institution", status, earliest, today)
        elif draw < sum(chances):
            self._step(person, "lost_contact", status, earliest, today)

    def _step(self, person: Person, status: str, previous: str, first: int, last: int) -> str:
        reason = self.reasons[status].pick(self.rng)
        day = self.day_between(first, last)
        person.history.append(StatusStep(status, previous, day, reason))
        return status


@uses_store
def _care_point(store: Store) -> dict[str, str]:
    if store.db.execute_sql("SELECT 1 FROM resident LIMIT 1").fetchone():
        raise UserInputError(
            _(
                "The demo only fills an empty data folder, and this one already has residents. "
                "Choose a new folder for the demo."
            )
        )
    if store.setting("role") == "township":
        raise UserInputError(
            _("The demo makes a village care point; this data folder belongs to a township.")
        )
    if not store.setting("village_code"):
        for key, value in DEMO_SETTINGS.items():
            store.set_setting(key, value)
    return {key: store.setting(key) or default for key, default in DEMO_SETTINGS.items()}


def village_count(residents: int) -> int:
    return max(1, round(residents / RESIDENTS_PER_VILLAGE))


def draw_village(
    residents: int,
    *,
    months: int = 12,
    seed: int = 1,
    today: dt.date,
    care_point: dict[str, str] = DEMO_SETTINGS,
) -> Iterator[NewResident]:
    """The demo's people, one house at a time, without writing anything."""
    maker = VillageMaker(demo_data.QuickRandom(seed), today, months, care_point, residents)
    drawn = 0
    while drawn < residents:
        house = maker.household(residents - drawn)
        drawn += len(house)
        yield from house


@uses_store
def generate_village(
    store: Store,
    *,
    residents: int = 300,
    months: int = 12,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty data folder with `residents` people and `months` of deaths, moves …"""
    if not 1 <= residents <= MAX_RESIDENTS:
        raise UserInputError(
            _("The demo makes between 1 and {max} residents").format(max=f"{MAX_RESIDENTS:,}")
        )
    if not 0 <= months <= 120:
        raise UserInputError(_("The demo history covers 0 to 120 months"))
    today = today or clock.today()
    summary = DemoSummary(villages=village_count(residents))
    # One transaction: an interrupted demo leaves the folder as empty as it found it.
    with store.db.writing():
        care_point = _care_point(store)
        people = draw_village(
            residents, months=months, seed=seed, today=today, care_point=care_point
        )
        while chunk := list(islice(people, CHUNK)):
            insert_residents(store, chunk, action="demo")
            for person in chunk:
                summary.count(person)
            if progress:
                progress(summary.residents, residents)
    return summary


@uses_store
def generate_demo(
    store: Store,
    *,
    residents: int = 300,
    months: int = 12,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """A demo village and its services over `months`: visits, meals, volunteer hours.

    One transaction, like the village alone: an interrupted demo leaves nothing behind.
    """
    from carepoint.meals.demo import generate_meals
    from carepoint.visits.demo import generate_visits

    today = today or clock.today()
    with store.db.writing():
        summary = generate_village(
            store, residents=residents, months=months, seed=seed, today=today, progress=progress
        )
        if months:
            generate_visits(store, months=months, seed=seed, today=today)
            generate_meals(store, months, seed, today=today)
    return summary
