"""The registry demo's builder: women, their households, children and planted
duplicates, as plain rows (column → value) for `tavana.core.bulk.insert_rows`."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from django.db.models import Max
from django.utils import timezone

from tavana.core.domain.jalali import from_jalali, month_length, to_jalali
from tavana.core.domain.persian_text import clean, to_persian_digits
from tavana.core.models import District, Neighbourhood
from tavana.people.domain.fields import person_keys
from tavana.people.models import Membership, Person, Registration
from tavana_demo.synthetic import (
    ARABIC_LETTERS,
    FATHER_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    STREETS,
)

WOMEN = 40_000
CHILDREN = 15_000
DUPLICATE_RATE = 0.0075  # 300 planted duplicates for 40,000 women
BATCH = 5_000

# More women in the south and east of the city than in the north.
DISTRICT_WEIGHTS = {
    1: 1.0, 2: 1.5, 3: 1.0, 4: 4.0, 5: 3.0, 6: 1.5, 7: 2.0, 8: 3.0, 9: 3.5, 10: 3.5, 11: 2.5,
    12: 3.0, 13: 3.0, 14: 4.0, 15: 6.5, 16: 5.5, 17: 6.0, 18: 5.5, 19: 6.0, 20: 5.5, 21: 2.0,
    22: 2.0,
}  # fmt: skip

CHANNELS = (
    (Registration.STAFF, 0.60),
    (Registration.IMPORT, 0.15),
    (Registration.PARTNER, 0.13),
    (Registration.CAMPAIGN, 0.12),
)
PARTNERS = (
    ("کمیتهٔ امداد امام خمینی (ره)", 0.40),
    ("سازمان بهزیستی استان تهران", 0.30),
    ("خیریهٔ نیکوکاران محله", 0.10),
    ("مؤسسهٔ خیریهٔ مهرآفرین", 0.08),
    ("انجمن حمایت از زنان سرپرست خانوار", 0.07),
    ("سرای محله", 0.05),
)
MARITAL = (
    ("widowed", 0.30),
    ("divorced", 0.25),
    ("spouse_absent", 0.20),
    ("married", 0.15),
    ("single", 0.10),
)
EDUCATION = (
    ("none", 0.05),
    ("literacy", 0.08),
    ("primary", 0.20),
    ("secondary", 0.22),
    ("diploma", 0.30),
    ("associate", 0.05),
    ("bachelor", 0.08),
    ("master", 0.02),
)
OCCUPATIONS = (
    ("خانه‌دار", 0.22),
    ("بی‌کار", 0.10),
    ("خیاط", 0.10),
    ("نیروی خدماتی", 0.08),
    ("آشپز", 0.06),
    ("آرایشگر", 0.06),
    ("فروشنده", 0.06),
    ("کارگر کارگاه تولیدی", 0.05),
    ("قالی‌باف", 0.04),
    ("صنایع‌دستی", 0.04),
    ("مراقب سالمند", 0.04),
    ("پرستار کودک", 0.03),
    ("شیرینی‌پز", 0.03),
    ("دست‌فروش", 0.03),
    ("منشی", 0.02),
    ("معلم خصوصی", 0.02),
    ("کارمند", 0.02),
)
HEALTH_NOTES = (
    "دیابت نوع ۲",
    "فشار خون بالا",
    "دیسک کمر",
    "معلولیت جسمی‌حرکتی",
    "کم‌بینایی",
    "بیماری قلبی",
    "آسم",
    "آرتروز زانو",
    "افسردگی، تحت درمان",
    "میگرن مزمن",
)
SPOUSE_DISABLED = (
    "ازکارافتادگی پس از سانحهٔ کار",
    "سکتهٔ مغزی و ناتوانی حرکتی",
    "بیماری کلیوی، دیالیز هفتگی",
    "معلولیت جسمی‌حرکتی",
    "بیماری اعصاب و روان",
)
SPOUSE_ABSENT_OCCUPATIONS = ("کارگر فصلی در شهر دیگر", "بی‌کار", "نامعلوم")
MOBILE_PREFIXES = ("0912", "0935", "0936", "0937", "0938", "0939", "0919", "0901", "0910", "0990")
# the first three digits of a national code: mostly Tehran's, some from other provinces
NC_PREFIXES = ("001", "002", "003", "004", "005", "006", "007", "008", "044", "045", "038", "063")

ZWNJ = "\u200c"


def _cum(pairs) -> tuple[tuple, list[float]]:
    values = tuple(v for v, _ in pairs)
    return values, list(accumulate(w for _, w in pairs))


def _zipf(n: int, s: float) -> list[float]:
    return list(accumulate(1.0 / (k + 1) ** s for k in range(n)))


_FIRST_CUM = _zipf(len(FIRST_NAMES), 0.9)
_MALE_CUM = _zipf(len(FATHER_NAMES), 0.9)
_LAST_CUM = _zipf(len(LAST_NAMES), 0.7)
_CHANNELS = _cum(CHANNELS)
_PARTNERS = _cum(PARTNERS)
_MARITAL = _cum(MARITAL)
_EDUCATION = _cum(EDUCATION)
_OCCUPATIONS = _cum(OCCUPATIONS)


@lru_cache(maxsize=4096)
def _keys(first: str, last: str, father: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        person_keys({"first_name": first, "last_name": last, "father_name": father}).items()
    )


class _Row(dict):
    """A row to insert: column (attname) -> value, readable as attributes."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


@dataclass
class _Woman:
    person: _Row
    district: int
    reg_day: dt.date
    children: list[_Row] = field(default_factory=list)


class _Builder:
    """Builds unsaved rows; the loader writes them in bulk."""

    def __init__(
        self, rng: random.Random, today: dt.date, hoods: dict[int, list[tuple]], first_id: int
    ):
        self.rng = rng
        self.next_id = first_id
        self.today = today
        self.hoods = hoods  # district number -> [(district_id, neighbourhood_id, name)]
        self.numbers = sorted(hoods)
        self.district_cum = list(accumulate(DISTRICT_WEIGHTS.get(n, 2.0) for n in self.numbers))
        self.codes: set[str] = set()
        self.mobiles: set[str] = set()

    # ---- values
    def pick(self, table) -> str:
        values, cum = table
        return self.rng.choices(values, cum_weights=cum)[0]

    def first(self) -> str:
        return self.rng.choices(FIRST_NAMES, cum_weights=_FIRST_CUM)[0]

    def male(self) -> str:
        return self.rng.choices(FATHER_NAMES, cum_weights=_MALE_CUM)[0]

    def last(self) -> str:
        return self.rng.choices(LAST_NAMES, cum_weights=_LAST_CUM)[0]

    def national_code(self) -> str:
        rng = self.rng
        while True:
            prefix = (
                rng.choice(NC_PREFIXES) if rng.random() < 0.85 else f"{rng.randrange(10, 999):03d}"
            )
            code = _with_check_digit(prefix + f"{rng.randrange(1, 1_000_000):06d}")
            if code not in self.codes:
                self.codes.add(code)
                return code

    def mobile(self) -> str:
        rng = self.rng
        while True:
            m = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
            if m not in self.mobiles and len(set(m[2:])) > 1:
                self.mobiles.add(m)
                return m

    def landline(self) -> str:
        return f"021{self.rng.randrange(20_000_000, 99_999_999)}"

    def postal_code(self) -> str:
        rng = self.rng
        return (
            "1" + "".join(rng.choice("13456789") for _ in range(4)) + f"{rng.randrange(10**5):05d}"
        )

    def birth(self, age: int) -> dt.date:
        """A birth date for someone `age` years old today (dates are stored Gregorian;
        every one of them is a valid Jalali date)."""
        return _years_ago(self.today, age) - dt.timedelta(days=self.rng.randint(0, 364))

    def place(self) -> tuple[int, int, int, str]:
        rng = self.rng
        number = rng.choices(self.numbers, cum_weights=self.district_cum)[0]
        district_id, hood_id, hood = rng.choice(self.hoods[number])
        alley = rng.randint(1, 40) if rng.random() < 0.5 else f"شهید {self.last()}"
        text = f"خیابان {rng.choice(STREETS)}، کوچهٔ {alley}، پلاک {rng.randint(1, 250)}"
        if hood:
            text = f"{hood}، {text}"
        if rng.random() < 0.4:
            text += f"، واحد {rng.randint(1, 12)}"
        return number, district_id, hood_id, to_persian_digits(text)

    def person(self, **values) -> _Row:
        keys = _keys(values["first_name"], values["last_name"], values.get("father_name", ""))
        row = _Row(id=self.next_id, **values)
        row.update(keys)
        self.next_id += 1
        return row

    # ---- the people
    def woman(self) -> _Woman:
        rng = self.rng
        number, district_id, hood_id, address = self.place()
        age = min(75, max(20, int(rng.gauss(42, 11))))
        marital = self.pick(_MARITAL)
        education = (
            self.pick(_EDUCATION) if age < 60 else rng.choice(("none", "literacy", "primary"))
        )
        p = self.person(
            national_code=self.national_code(),
            first_name=self.first(),
            last_name=self.last(),
            father_name=self.male(),
            sex=Person.FEMALE,
            birth_date=self.birth(age),
            mobile=self.mobile() if rng.random() < 0.97 else "",
            other_phones=self.landline() if rng.random() < 0.3 else "",
            district_id=district_id,
            neighbourhood_id=hood_id,
            address=address,
            postal_code=self.postal_code() if rng.random() < 0.5 else "",
            education=education,
            occupation=self.pick(_OCCUPATIONS),
            marital_status=marital,
            health_notes=rng.choice(HEALTH_NOTES) if rng.random() < 0.12 else "",
            monthly_income=rng.randrange(15, 150) * 100_000 if rng.random() < 0.6 else None,
        )
        reg_day = self.today - dt.timedelta(days=rng.randint(0, 3 * 365))
        return _Woman(p, number, reg_day)

    def spouse(self, w: _Woman, disabled: bool) -> _Row:
        rng = self.rng
        p = w.person
        age_gap = dt.timedelta(days=rng.randint(0, 12 * 365))
        return self.person(
            national_code=self.national_code() if rng.random() < 0.9 else None,
            first_name=self.male(),
            last_name=self.last(),
            father_name=self.male(),
            sex=Person.MALE,
            birth_date=p.birth_date - age_gap,
            mobile=self.mobile() if rng.random() < 0.5 else "",
            district_id=p.district_id,
            neighbourhood_id=p.neighbourhood_id,
            address=p.address if disabled else "",
            education=self.pick(_EDUCATION),
            occupation="ازکارافتاده" if disabled else rng.choice(SPOUSE_ABSENT_OCCUPATIONS),
            marital_status="married",
            health_notes=rng.choice(SPOUSE_DISABLED) if disabled else "",
        )

    def child(self, w: _Woman, father: tuple[str, str], born: dt.date, taken: set) -> _Row:
        rng = self.rng
        p = w.person
        girl = rng.random() < 0.5
        name = self.first() if girl else self.male()
        while name in taken:
            name = self.first() if girl else self.male()
        taken.add(name)
        age = (self.today - born).days // 365
        if age < 7:
            education = ""
        elif age < 18:
            education = "student"
        else:
            education = rng.choice(("student", "diploma", "diploma", "secondary"))
        return self.person(
            national_code=self.national_code() if rng.random() < 0.95 else None,
            first_name=name,
            last_name=father[1],
            father_name=father[0],
            sex=Person.FEMALE if girl else Person.MALE,
            birth_date=born,
            mobile=self.mobile() if age >= 16 and rng.random() < 0.4 else "",
            district_id=p.district_id,
            neighbourhood_id=p.neighbourhood_id,
            address=p.address,
            education=education,
            occupation=rng.choice(("کارگر", "فروشنده", "")) if age >= 18 else "",
            marital_status="single",
        )

    def child_birth_dates(self, w: _Woman, k: int) -> list[dt.date]:
        mother = w.person.birth_date
        lo = max(
            mother + dt.timedelta(days=round(17.5 * 365)),
            self.today - dt.timedelta(days=19 * 365 + 300),
        )
        hi = self.today - dt.timedelta(days=20)
        span = (hi - lo).days
        if span < 0:
            return []
        return sorted(lo + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(k))

    def other_member(self, w: _Woman, kind: str) -> tuple[_Row, str]:
        """Her mother living with her, or a grown-up child."""
        rng = self.rng
        p = w.person
        if kind == "mother":
            born = p.birth_date - dt.timedelta(days=rng.randint(18 * 365, 32 * 365))
            born = max(born, self.today - dt.timedelta(days=95 * 365))
            other = self.person(
                national_code=self.national_code(),
                first_name=self.first(),
                last_name=self.last(),
                father_name=self.male(),
                sex=Person.FEMALE,
                birth_date=born,
                district_id=p.district_id,
                neighbourhood_id=p.neighbourhood_id,
                address=p.address,
                education=rng.choice(("none", "literacy", "primary")),
                marital_status="widowed",
                health_notes=rng.choice(HEALTH_NOTES) if rng.random() < 0.4 else "",
            )
            return other, Membership.OTHER
        age = rng.randint(20, 28)
        girl = rng.random() < 0.5
        other = self.person(
            national_code=self.national_code(),
            first_name=self.first() if girl else self.male(),
            last_name=self.last(),
            father_name=self.male(),
            sex=Person.FEMALE if girl else Person.MALE,
            birth_date=self.birth(age),
            mobile=self.mobile(),
            district_id=p.district_id,
            neighbourhood_id=p.neighbourhood_id,
            address=p.address,
            education=self.pick(_EDUCATION),
            occupation=rng.choice(("کارگر", "فروشنده", "راننده", "منشی", "بی‌کار")),
            marital_status="single",
        )
        return other, Membership.CHILD

    # ---- planted duplicates
    def duplicate(self, w: _Woman, moved: tuple | None) -> tuple[_Row, list[str]]:
        """A second record of the same woman, typed differently (see `VARIANTS`)."""
        rng = self.rng
        p = w.person
        first, last, father = p.first_name, p.last_name, p.father_name
        born, mobile = p.birth_date, p.mobile
        district_id, hood_id, address = p.district_id, p.neighbourhood_id, p.address
        variants = rng.sample(VARIANTS, rng.choice((1, 2, 2, 3)))
        if "birth_typo" in variants and "no_father" in variants:
            variants.remove("no_father")
        for v in variants:
            if v == "arabic":
                first, last, father = (s.translate(ARABIC_LETTERS) for s in (first, last, father))
            elif v == "spacing":
                if ZWNJ in last or ZWNJ in father:
                    space = rng.choice((" ", ""))
                    last, father = last.replace(ZWNJ, space), father.replace(ZWNJ, space)
                elif " " in first:
                    first = first.replace(" ", "")
                else:
                    first, last = f"  {first}", f"{last} "
            elif v == "swapped":
                first, last = last, first
            elif v == "title":
                first = f"{rng.choice(('سیده', 'خانم', 'سیده', 'بانو'))} {first}"
            elif v == "mobile":
                mobile = self.mobile()
            elif v == "moved" and moved is not None:
                _, district_id, hood_id, address = moved
            elif v == "birth_typo":
                jy, jm, jd = to_jalali(born)
                if jd <= 12 and jd != jm:
                    jm, jd = jd, jm
                else:
                    jd = jd + 1 if jd < 28 else jd - 1
                born = from_jalali(jy, jm, min(jd, month_length(jy, jm)))
            elif v == "no_father":
                father = ""
        typed = {"first_name": first, "last_name": last, "father_name": father}
        stored = {k: clean(v) for k, v in typed.items()}
        as_typed = {k: v for k, v in typed.items() if v.strip() != stored[k]}
        dup = self.person(
            national_code=None,
            **stored,
            sex=Person.FEMALE,
            birth_date=born,
            mobile=mobile,
            district_id=district_id,
            neighbourhood_id=hood_id,
            address=address,
            education=p.education,
            occupation=p.occupation,
            marital_status=p.marital_status,
            as_typed=as_typed,
        )
        return dup, variants


VARIANTS = ("arabic", "spacing", "swapped", "title", "mobile", "moved", "birth_typo", "no_father")


def _hoods() -> dict[int, list[tuple]]:
    """District number -> [(district id, neighbourhood id, neighbourhood name)]."""
    out: dict[int, list[tuple]] = {
        n: [] for n in District.objects.order_by("number").values_list("number", flat=True)
    }
    ids = dict(District.objects.values_list("number", "id"))
    rows = Neighbourhood.objects.values_list("district__number", "district_id", "id", "name")
    for number, district_id, hood_id, name in rows.order_by("district__number", "id"):
        out[number].append((district_id, hood_id, name))
    for number, hoods in out.items():
        if not hoods:
            hoods.append((ids[number], None, ""))
    return out


def _with_check_digit(first9: str) -> str:
    """`make_national_code` without its input checks (this runs ~70,000 times; the
    tests check every code with `is_valid_national_code`)."""
    r = sum(int(d) * (10 - i) for i, d in enumerate(first9)) % 11
    return first9 + str(r if r < 2 else 11 - r)


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
